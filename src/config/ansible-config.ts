/**
 * The settings of ansible.cfg and ANSIBLE_* that kolla-run honours, read as
 * Ansible reads them: an environment variable beats the file, the last of a
 * setting's ini entries wins, relative paths in the file start from the
 * file's folder (from the environment: the current folder). The command
 * line beats both (src/cli/common-options.ts). Values are checked with zod;
 * a bad one names the file and line (or the variable), the key, and what
 * was expected. Settings kolla-run does not act on are ignored as Ansible
 * ignores unknown ones, except those that would make a run behave
 * differently than it does under Ansible: those warn.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ExitCode, InputError, KollaRunError } from '../errors.js';
import { expandHome, findConfigFile, type FindOptions } from './find.js';
import { IniError, readIni, type IniSections } from './ini.js';

const TRUE = /^(y|yes|on|1|true|t)$/i;
const FALSE = /^(n|no|off|0|false|f)$/i;

/** Ansible's unquote(), which its config applies to text settings (not to paths): one pair of matching quotes around the whole value goes. */
function unquote(value: string): string {
  const quoted = value.length > 1 && /^["']/.test(value) && value.at(-1) === value[0] && value.at(-2) !== '\\';
  return quoted ? value.slice(1, -1) : value;
}

const text = z.string().transform(unquote);
const pathText = z.string();
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().trim().regex(/^-?\d+$/, { error: 'expected a whole number' }).transform(Number)
    .pipe(z.number().min(min, { error: `expected a whole number from ${min}` }).max(max, { error: `expected a whole number up to ${max}` }));
const bool = z.string().trim().refine((s) => TRUE.test(s) || FALSE.test(s), { error: 'expected a boolean (true/false, yes/no, on/off, 1/0)' }).transform((s) => TRUE.test(s));
const choice = <T extends string>(values: readonly [T, ...T[]], why = '') =>
  z.string().transform(unquote).pipe(z.string().trim().toLowerCase()).pipe(z.enum(values, { error: `expected ${values.map((v) => `"${v}"`).join(' or ')}${why}` }));

type PathKind = 'path' | 'pathlist' | 'pathspec';

interface Spec<T> {
  env: readonly string[];
  /** [section, key], in Ansible's order: the last one set wins. */
  ini: ReadonlyArray<readonly [string, string]>;
  schema: z.ZodType<T, string>;
  path?: PathKind;
}

const spec = <T>(env: readonly string[], ini: ReadonlyArray<readonly [string, string]>, schema: z.ZodType<T, string>, path?: PathKind): Spec<T> => ({ env, ini, schema, ...(path ? { path } : {}) });

/** What is read, with Ansible's variable names and ini keys (ansible-core 2.14's config/base.yml and the ssh plugin). */
const SETTINGS: { readonly [K in keyof AnsibleConfigValues]-?: Spec<unknown> } = {
  inventory: spec(['ANSIBLE_INVENTORY'], [['defaults', 'inventory']], pathText, 'pathlist'),
  forks: spec(['ANSIBLE_FORKS'], [['defaults', 'forks']], int(1)),
  remoteUser: spec(['ANSIBLE_REMOTE_USER'], [['defaults', 'remote_user']], text),
  remotePort: spec(['ANSIBLE_REMOTE_PORT'], [['defaults', 'remote_port']], int(1, 65535)),
  privateKeyFile: spec(['ANSIBLE_PRIVATE_KEY_FILE'], [['defaults', 'private_key_file']], pathText, 'path'),
  hostKeyChecking: spec(['ANSIBLE_HOST_KEY_CHECKING', 'ANSIBLE_SSH_HOST_KEY_CHECKING'], [['defaults', 'host_key_checking'], ['ssh_connection', 'host_key_checking']], bool),
  timeout: spec(['ANSIBLE_TIMEOUT', 'ANSIBLE_SSH_TIMEOUT'], [['defaults', 'timeout'], ['ssh_connection', 'timeout']], int(1)),
  rolesPath: spec(['ANSIBLE_ROLES_PATH'], [['defaults', 'roles_path']], pathText, 'pathspec'),
  transport: spec(['ANSIBLE_TRANSPORT'], [['defaults', 'transport']], choice(['smart', 'ssh', 'paramiko', 'local'], ' (the connections kolla-run has)')),
  become: spec(['ANSIBLE_BECOME'], [['privilege_escalation', 'become']], bool),
  becomeUser: spec(['ANSIBLE_BECOME_USER'], [['privilege_escalation', 'become_user']], text),
  becomeMethod: spec(['ANSIBLE_BECOME_METHOD'], [['privilege_escalation', 'become_method']], choice(['sudo'], ' (the only become method kolla-run has)')),
  sshArgs: spec(['ANSIBLE_SSH_ARGS'], [['ssh_connection', 'ssh_args']], text),
  sshCommonArgs: spec(['ANSIBLE_SSH_COMMON_ARGS'], [['ssh_connection', 'ssh_common_args']], text),
  sshExtraArgs: spec(['ANSIBLE_SSH_EXTRA_ARGS'], [['ssh_connection', 'ssh_extra_args']], text),
  // kolla-run always runs commands over the open connection: pipelining on or off changes nothing, but is checked.
  pipelining: spec(['ANSIBLE_PIPELINING', 'ANSIBLE_SSH_PIPELINING'], [['defaults', 'pipelining'], ['connection', 'pipelining'], ['ssh_connection', 'pipelining']], bool),
  vaultPasswordFile: spec(['ANSIBLE_VAULT_PASSWORD_FILE'], [['defaults', 'vault_password_file']], pathText, 'path'),
} as const;

type Settings = typeof SETTINGS;

/** Paths are absolute; lists of paths are arrays. */
export interface AnsibleConfigValues {
  inventory?: string[];
  forks?: number;
  remoteUser?: string;
  remotePort?: number;
  privateKeyFile?: string;
  hostKeyChecking?: boolean;
  timeout?: number;
  rolesPath?: string[];
  transport?: 'smart' | 'ssh' | 'paramiko' | 'local';
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo';
  sshArgs?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  pipelining?: boolean;
  vaultPasswordFile?: string;
}

export interface AnsibleConfig extends AnsibleConfigValues {
  /** The ansible.cfg read, if any. */
  file: string | undefined;
  /** Where each value came from: `ANSIBLE_FORKS` or `/path/ansible.cfg:3`. */
  origins: Partial<Record<keyof Settings, string>>;
  warnings: string[];
}

/**
 * Settings that change what a run does under Ansible and that kolla-run
 * does not act on: a warning when set to anything but what kolla-run does.
 */
const UNSUPPORTED: ReadonlyArray<{ env: string; ini: readonly [string, string]; harmless: (value: string) => boolean; note: string }> = [
  { env: 'ANSIBLE_STRATEGY', ini: ['defaults', 'strategy'], harmless: (v) => v === 'linear', note: 'kolla-run runs every play with the linear strategy' },
  { env: 'ANSIBLE_GATHERING', ini: ['defaults', 'gathering'], harmless: (v) => v === 'implicit', note: 'facts are gathered as with "implicit"' },
  { env: 'ANSIBLE_CACHE_PLUGIN', ini: ['defaults', 'fact_caching'], harmless: (v) => v === 'memory', note: 'facts are not cached between runs' },
  { env: 'ANSIBLE_INJECT_FACT_VARS', ini: ['defaults', 'inject_facts_as_vars'], harmless: (v) => TRUE.test(v), note: 'facts are also set as ansible_* variables' },
  { env: 'ANSIBLE_HASH_BEHAVIOUR', ini: ['defaults', 'hash_behaviour'], harmless: (v) => v === 'replace', note: 'dictionaries are replaced, not merged' },
  { env: 'ANSIBLE_JINJA2_NATIVE', ini: ['defaults', 'jinja2_native'], harmless: (v) => FALSE.test(v), note: 'templates give text as without jinja2_native' },
  { env: 'ANSIBLE_ASK_PASS', ini: ['defaults', 'ask_pass'], harmless: (v) => FALSE.test(v), note: 'give the password with ansible_password' },
  { env: 'ANSIBLE_BECOME_ASK_PASS', ini: ['privilege_escalation', 'become_ask_pass'], harmless: (v) => FALSE.test(v), note: 'give it with ansible_become_password' },
  { env: 'ANSIBLE_BECOME_EXE', ini: ['privilege_escalation', 'become_exe'], harmless: (v) => v === 'sudo', note: 'set ansible_become_exe instead' },
  { env: 'ANSIBLE_BECOME_FLAGS', ini: ['privilege_escalation', 'become_flags'], harmless: (v) => v === '', note: 'set ansible_become_flags instead' },
  { env: 'ANSIBLE_LOG_PATH', ini: ['defaults', 'log_path'], harmless: (v) => v === '', note: 'nothing is logged to a file' },
  { env: 'ANSIBLE_STDOUT_CALLBACK', ini: ['defaults', 'stdout_callback'], harmless: (v) => v === 'default', note: 'output is the default callback\'s, or --json' },
  { env: 'ANSIBLE_ANY_ERRORS_FATAL', ini: ['defaults', 'any_errors_fatal'], harmless: (v) => FALSE.test(v), note: 'set any_errors_fatal on the play' },
  { env: 'ANSIBLE_FORCE_HANDLERS', ini: ['defaults', 'force_handlers'], harmless: (v) => FALSE.test(v), note: 'give --force-handlers' },
  { env: 'ANSIBLE_PRIVATE_ROLE_VARS', ini: ['defaults', 'private_role_vars'], harmless: (v) => FALSE.test(v), note: 'role vars are visible to the play as by default' },
  { env: 'ANSIBLE_VAULT_IDENTITY_LIST', ini: ['defaults', 'vault_identity_list'], harmless: (v) => v === '', note: 'give --vault-id' },
];

export interface LoadOptions extends FindOptions {
  /** A given file instead of the search (a test's). */
  file?: string;
}

function expandPath(value: string, base: string, env: NodeJS.ProcessEnv, home: string): string {
  const vars = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? whole);
  return resolve(base, expandHome(vars, home));
}

function convertPath(kind: PathKind, value: string, base: string, env: NodeJS.ProcessEnv, home: string): string | string[] {
  if (kind === 'path') return expandPath(value, base, env, home);
  const parts = kind === 'pathlist' ? value.split(',') : value.split(':');
  return parts.map((p) => p.trim()).filter((p) => p !== '').map((p) => expandPath(p, base, env, home));
}

/** A setting's value as found: from the last of its variables set, else from the last of its ini entries set. */
interface Found {
  raw: string;
  /** ANSIBLE_FORKS, or `[defaults] forks`. */
  name: string;
  /** The ini file and line; absent for a variable. */
  at?: { file: string; line: number };
}

interface ReadFile {
  file: string;
  sections: IniSections;
}

function lookUp(env: NodeJS.ProcessEnv, names: readonly string[], ini: ReadFile | undefined, entries: ReadonlyArray<readonly [string, string]>): Found | undefined {
  let found: Found | undefined;
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) found = { raw: value, name };
  }
  if (found || !ini) return found;
  for (const [section, key] of entries) {
    const entry = ini.sections.get(section)?.get(key);
    if (entry) found = { raw: entry.value, name: `[${section}] ${key}`, at: { file: ini.file, line: entry.line } };
  }
  return found;
}

function readConfigFile(file: string): ReadFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read this ansible.cfg: ${cause instanceof Error ? cause.message : String(cause)}`, { file }, { cause });
  }
  try {
    return { file, sections: readIni(text) };
  } catch (cause) {
    if (!(cause instanceof IniError)) throw cause;
    throw new InputError(`cannot read this ansible.cfg: ${cause.message}`, { file, line: cause.line }, { cause });
  }
}

/** Reads ansible.cfg (found as Ansible finds it) and ANSIBLE_*: the settings kolla-run honours. */
export function loadAnsibleConfig(options: LoadOptions = {}): AnsibleConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? env.HOME ?? homedir();
  const found = options.file !== undefined ? { file: resolve(cwd, options.file), warnings: [] } : findConfigFile({ ...options, env, cwd, home });
  const ini = found.file !== undefined ? readConfigFile(found.file) : undefined;
  const config: AnsibleConfig = { file: found.file, origins: {}, warnings: [...found.warnings] };
  const values = config as unknown as Record<string, unknown>;
  for (const [name, s] of Object.entries(SETTINGS) as Array<[keyof Settings, Spec<unknown>]>) {
    const setting = lookUp(env, s.env, ini, s.ini);
    if (setting === undefined) continue;
    const parsed = s.schema.safeParse(setting.raw);
    if (!parsed.success) {
      const expected = parsed.error.issues[0]?.message ?? 'invalid';
      if (!setting.at) throw new KollaRunError(`${setting.name}=${JSON.stringify(setting.raw)}: ${expected}`, ExitCode.badInput);
      throw new InputError(`${setting.name} = ${setting.raw}: ${expected}`, setting.at);
    }
    // Paths from a variable start from the current folder, from the file at its folder.
    const base = setting.at ? dirname(setting.at.file) : cwd;
    values[name] = s.path !== undefined ? convertPath(s.path, String(parsed.data), base, env, home) : parsed.data;
    config.origins[name] = setting.at ? `${setting.at.file}:${setting.at.line}` : setting.name;
  }
  for (const u of UNSUPPORTED) {
    const setting = lookUp(env, [u.env], ini, [u.ini]);
    if (setting === undefined) continue;
    const value = setting.raw.trim();
    if (u.harmless(value.toLowerCase())) continue;
    const where = setting.at ? `${setting.at.file}:${setting.at.line}: ${setting.name}` : setting.name;
    config.warnings.push(`${where} = ${value} is not supported by kolla-run and is ignored (${u.note})`);
  }
  return config;
}
