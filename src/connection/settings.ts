/**
 * A host's connection settings: one plain typed object, resolved from
 * Ansible's variables, the ssh options in ansible_ssh_common_args /
 * ansible_ssh_extra_args, the user's ~/.ssh/config and the command line.
 *
 * Precedence (as with Ansible driving ssh): host vars > command-line options
 * (`ConnectionOptions`) > ssh args > ssh_config > defaults.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { Secret } from './command.js';
import { parseJumpSpec, parseSshArgs, proxyCommandAsJump, type JumpHop, type SshArgOptions } from './ssh-args.js';
import { SshConfig, type SshHostConfig } from './ssh-config.js';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface BecomeSettings {
  /** become_user; root by default. */
  user: string;
  password?: Secret;
  /** become_exe; `sudo` by default. */
  exe?: string;
  /** become_flags, added to sudo's own (-H -S are always given). */
  flags?: string;
}

export interface ConnectionSettings {
  /** The inventory name, used in messages and errors. */
  name: string;
  transport: 'ssh' | 'local';
  host: string;
  port: number;
  user: string;
  /** Private key files to try in order (explicit ones, else the default id_* files that exist). */
  keyFiles: string[];
  passphrase?: Secret;
  password?: Secret;
  /** ssh-agent socket (SSH_AUTH_SOCK), tried after the key files. */
  agent?: string;
  /** The bastion this host is reached through (it may have its own jump). */
  jump?: ConnectionSettings;
  /** A ProxyCommand that is not `ssh -W`: run locally, its stdio is the connection. */
  proxyCommand?: string;
  /** User known_hosts files; accept-new records keys in the first. */
  knownHostsFiles: string[];
  /** System-wide known_hosts files, read but never written. */
  globalKnownHostsFiles: string[];
  hostKeyPolicy: HostKeyPolicy;
  /** Connect timeout (TCP connect + handshake + auth), ms. */
  timeoutMs: number;
  keepaliveIntervalMs: number;
  /** At most this many channels open at once on the connection. */
  maxChannels: number;
  /** The become settings to use when a command asks for become without details. */
  become: BecomeSettings & { enabled: boolean };
}

/** The connection plugins Ansible users name; all but local are SSH here. */
export const CONNECTION_TYPES = ['ssh', 'smart', 'paramiko', 'local'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export function isConnectionType(value: string): value is ConnectionType {
  return (CONNECTION_TYPES as readonly string[]).includes(value);
}

/**
 * Command-line and run-wide options. The first group are defaults below the host's own connection
 * variables: the command line's (-u, -c, --private-key...), and over them a play's or task's
 * keywords (remote_user, connection, port), as in Ansible.
 */
export interface ConnectionOptions {
  user?: string;
  connection?: ConnectionType;
  port?: number;
  privateKeyFile?: string;
  passphrase?: string;
  password?: string;
  timeoutSeconds?: number;
  hostKeyPolicy?: HostKeyPolicy;
  become?: boolean;
  becomeUser?: string;
  becomePassword?: string;
  /** ansible.cfg's or ANSIBLE_*'s [ssh_connection] ssh_args, and the defaults of ansible_ssh_common_args and ansible_ssh_extra_args. */
  sshArgs?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  /** Not overridable by vars: */
  maxChannels?: number;
  keepaliveIntervalMs?: number;
  /** A parsed ssh_config, or false to read none; default ~/.ssh/config (or -F from the ssh args). */
  sshConfig?: SshConfig | false;
  /** Default user known_hosts files (instead of ~/.ssh/known_hosts{,2}). */
  knownHostsFiles?: string[];
  globalKnownHostsFiles?: string[];
  /** For HOME and SSH_AUTH_SOCK; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_CHANNELS = 8;
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_KEEPALIVE_MS = 15_000;

const truthy = /^(y|yes|on|1|true|t)$/i;
const falsy = /^(n|no|off|0|false|f)$/i;

const boolVar = z.union([z.boolean(), z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim();
  if (truthy.test(s)) return true;
  if (falsy.test(s)) return false;
  ctx.addIssue({ code: 'custom', message: `expected a boolean, got "${s}"` });
  return z.NEVER;
});
const strVar = z.union([z.string(), z.number()]).transform(String);
const portVar = z.coerce.number().int().min(1).max(65535);

/** A port number as Ansible's port variable and keyword take it (text or a number), or undefined when it is not one. */
export function portNumber(value: unknown): number | undefined {
  const parsed = portVar.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
const secondsVar = z.coerce.number().positive();

const varsSchema = z.looseObject({
  ansible_host: strVar.optional(),
  ansible_ssh_host: strVar.optional(),
  ansible_port: portVar.optional(),
  ansible_ssh_port: portVar.optional(),
  ansible_user: strVar.optional(),
  ansible_ssh_user: strVar.optional(),
  ansible_ssh_private_key_file: strVar.optional(),
  ansible_private_key_file: strVar.optional(),
  ansible_password: strVar.optional(),
  ansible_ssh_pass: strVar.optional(),
  ansible_ssh_password: strVar.optional(),
  ansible_connection: z.enum(CONNECTION_TYPES).optional(),
  ansible_ssh_common_args: strVar.optional(),
  ansible_ssh_extra_args: strVar.optional(),
  ansible_timeout: secondsVar.optional(),
  ansible_ssh_timeout: secondsVar.optional(),
  ansible_host_key_checking: boolVar.optional(),
  ansible_ssh_host_key_checking: boolVar.optional(),
  ansible_become: boolVar.optional(),
  ansible_become_method: z.literal('sudo').optional(),
  ansible_become_user: strVar.optional(),
  ansible_become_password: strVar.optional(),
  ansible_become_pass: strVar.optional(),
  ansible_sudo_pass: strVar.optional(),
  ansible_become_exe: strVar.optional(),
  ansible_become_flags: strVar.optional(),
});

export function policyFromStrictHostKeyChecking(value: string): HostKeyPolicy {
  const v = value.trim().toLowerCase();
  if (v === 'accept-new') return 'accept-new';
  if (v === 'no' || v === 'off') return 'off';
  return 'strict'; // yes, ask (no terminal to ask on)
}

let defaultSshConfig: SshConfig | undefined;
const sshConfigByFile = new Map<string, SshConfig>();

function sshConfigFor(options: ConnectionOptions, args: SshArgOptions, home: string): SshConfig {
  if (options.sshConfig === false) return SshConfig.empty();
  if (options.sshConfig) return options.sshConfig;
  if (args.configFile) {
    let c = sshConfigByFile.get(args.configFile);
    if (!c) sshConfigByFile.set(args.configFile, (c = SshConfig.load(args.configFile, home)));
    return c;
  }
  return (defaultSshConfig ??= SshConfig.load(join(home, '.ssh', 'config'), home));
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

interface Layer {
  user?: string | undefined;
  port?: number | undefined;
  keyFiles: string[];
  jump?: JumpHop[] | undefined;
  proxyCommand?: string | undefined;
  knownHostsFiles?: string[] | undefined;
  strict?: string | undefined;
  connectTimeout?: number | undefined;
}

function layerFromConfig(c: SshHostConfig): Layer {
  let jump: JumpHop[] | undefined;
  let proxyCommand: string | undefined;
  if (c.proxyJump !== undefined) jump = parseJumpSpec(c.proxyJump);
  else if (c.proxyCommand !== undefined) {
    if (c.proxyCommand.toLowerCase() === 'none') jump = [];
    else {
      const hop = proxyCommandAsJump(c.proxyCommand);
      if (hop) jump = [hop];
      else proxyCommand = c.proxyCommand;
    }
  }
  return {
    user: c.user,
    port: c.port,
    keyFiles: c.identityFiles,
    jump,
    proxyCommand,
    knownHostsFiles: c.userKnownHostsFiles,
    strict: c.strictHostKeyChecking,
    connectTimeout: c.connectTimeout,
  };
}

function layerFromArgs(a: SshArgOptions): Layer {
  return {
    user: a.user,
    port: a.port,
    keyFiles: a.identityFiles,
    jump: a.jump,
    proxyCommand: a.proxyCommand,
    knownHostsFiles: a.userKnownHostsFiles,
    strict: a.strictHostKeyChecking,
    connectTimeout: a.connectTimeout,
  };
}

/** Builds the settings of a bastion hop: its own ssh_config entry, else the target's keys and checks. */
function hopSettings(hop: JumpHop, rest: JumpHop[], target: ConnectionSettings, config: SshConfig, home: string): ConnectionSettings {
  const conf = config.resolve(hop.host);
  const own = hop.options ? layerFromArgs(hop.options) : { keyFiles: [] };
  const keyFiles = [...own.keyFiles, ...conf.identityFiles].map((f) => expandHome(f, home));
  const strict = own.strict ?? conf.strictHostKeyChecking;
  const settings: ConnectionSettings = {
    name: hop.host,
    transport: 'ssh',
    host: conf.hostName ?? hop.host,
    port: hop.port ?? conf.port ?? 22,
    user: hop.user ?? conf.user ?? target.user,
    keyFiles: keyFiles.length > 0 ? keyFiles : target.keyFiles,
    ...(target.passphrase && keyFiles.length === 0 ? { passphrase: target.passphrase } : {}),
    ...(target.agent ? { agent: target.agent } : {}),
    knownHostsFiles: (own.knownHostsFiles ?? conf.userKnownHostsFiles)?.map((f) => expandHome(f, home)) ?? target.knownHostsFiles,
    globalKnownHostsFiles: target.globalKnownHostsFiles,
    hostKeyPolicy: strict !== undefined ? policyFromStrictHostKeyChecking(strict) : target.hostKeyPolicy,
    timeoutMs: target.timeoutMs,
    keepaliveIntervalMs: target.keepaliveIntervalMs,
    maxChannels: target.maxChannels,
    become: { enabled: false, user: 'root' },
  };
  // A chain a,b,target: b is reached through a. Otherwise the hop's own ProxyJump applies.
  const prev = rest.at(-1);
  if (prev) settings.jump = hopSettings(prev, rest.slice(0, -1), target, config, home);
  else if (conf.proxyJump !== undefined && conf.proxyJump.toLowerCase() !== 'none') {
    const chain = parseJumpSpec(conf.proxyJump);
    const last = chain.at(-1);
    if (last) settings.jump = hopSettings(last, chain.slice(0, -1), target, config, home);
  }
  return settings;
}

/**
 * Reads Ansible's connection variables of one host (validated with zod) into
 * settings. Throws InputError when a variable has the wrong type or asks for
 * something unsupported (a become method other than sudo, a connection
 * plugin other than ssh/local).
 */
export function connectionSettingsFromVars(
  hostName: string,
  vars: Record<string, unknown>,
  options: ConnectionOptions = {},
): ConnectionSettings {
  const parsed = varsSchema.safeParse(vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    const msg = issue?.code === 'invalid_value' && where === 'ansible_become_method'
      ? 'only become method "sudo" is supported'
      : issue?.code === 'invalid_value' && where === 'ansible_connection'
        ? 'only connections "ssh" and "local" are supported'
        : (issue?.message ?? 'invalid');
    throw new InputError(`${where}: ${msg}`, { file: `vars of host "${hostName}"` });
  }
  const v = parsed.data;
  const env = options.env ?? process.env;
  const home = env.HOME ?? homedir();
  const localUser = userInfo().username;

  const becomePassword = v.ansible_become_password ?? v.ansible_become_pass ?? v.ansible_sudo_pass ?? options.becomePassword;
  const become: ConnectionSettings['become'] = {
    enabled: v.ansible_become ?? options.become ?? false,
    user: v.ansible_become_user ?? options.becomeUser ?? 'root',
    ...(becomePassword !== undefined ? { password: new Secret(becomePassword) } : {}),
    ...(v.ansible_become_exe !== undefined ? { exe: v.ansible_become_exe } : {}),
    ...(v.ansible_become_flags !== undefined ? { flags: v.ansible_become_flags } : {}),
  };
  const timeoutSeconds = v.ansible_timeout ?? v.ansible_ssh_timeout ?? options.timeoutSeconds;
  const maxChannels = options.maxChannels ?? DEFAULT_MAX_CHANNELS;
  const keepaliveIntervalMs = options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS;
  const globalKnownHostsFiles = options.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  const transport = (v.ansible_connection ?? options.connection) === 'local' ? 'local' : 'ssh';
  const address = v.ansible_host ?? v.ansible_ssh_host ?? hostName;

  // ssh_args after the others: an option there is the weakest (ssh takes the first value given).
  const args = parseSshArgs(v.ansible_ssh_common_args ?? options.sshCommonArgs, v.ansible_ssh_extra_args ?? options.sshExtraArgs, options.sshArgs);
  const config = sshConfigFor(options, args, home);
  const conf = config.resolve(address);
  const fromArgs = layerFromArgs(args);
  const fromConf = layerFromConfig(conf);

  const user = v.ansible_user ?? v.ansible_ssh_user ?? options.user ?? fromArgs.user ?? fromConf.user ?? localUser;
  const port = v.ansible_port ?? v.ansible_ssh_port ?? options.port ?? fromArgs.port ?? fromConf.port ?? 22;
  const explicitKey = v.ansible_ssh_private_key_file ?? v.ansible_private_key_file ?? options.privateKeyFile;
  let keyFiles = [...(explicitKey !== undefined ? [explicitKey] : []), ...fromArgs.keyFiles, ...fromConf.keyFiles];
  if (keyFiles.length === 0) keyFiles = DEFAULT_IDENTITIES.map((f) => join(home, '.ssh', f));
  keyFiles = [...new Set(keyFiles.map((f) => expandHome(f, home)))];

  const strict =
    v.ansible_host_key_checking ?? v.ansible_ssh_host_key_checking ?? undefined;
  // A host whose ansible_host_key_checking is true is checked even when ansible.cfg turned checking off.
  const optionsPolicy = strict === true && options.hostKeyPolicy === 'off' ? undefined : options.hostKeyPolicy;
  const hostKeyPolicy: HostKeyPolicy =
    strict === false
      ? 'off'
      : (optionsPolicy ??
        (fromArgs.strict !== undefined
          ? policyFromStrictHostKeyChecking(fromArgs.strict)
          : fromConf.strict !== undefined
            ? policyFromStrictHostKeyChecking(fromConf.strict)
            : 'strict'));
  const knownHostsFiles = (
    fromArgs.knownHostsFiles ??
    fromConf.knownHostsFiles ??
    options.knownHostsFiles ?? [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')]
  ).map((f) => expandHome(f, home));
  const connectTimeout = timeoutSeconds ?? fromArgs.connectTimeout ?? fromConf.connectTimeout ?? DEFAULT_TIMEOUT_SECONDS;
  const password = v.ansible_password ?? v.ansible_ssh_pass ?? v.ansible_ssh_password ?? options.password;
  const passphrase = options.passphrase;

  const settings: ConnectionSettings = {
    name: hostName,
    transport,
    host: conf.hostName ?? address,
    port,
    user,
    keyFiles,
    ...(passphrase !== undefined ? { passphrase: new Secret(passphrase) } : {}),
    ...(password !== undefined ? { password: new Secret(password) } : {}),
    ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
    knownHostsFiles,
    globalKnownHostsFiles,
    hostKeyPolicy,
    timeoutMs: Math.round(connectTimeout * 1000),
    keepaliveIntervalMs,
    maxChannels,
    become,
  };
  if (transport === 'local') {
    settings.user = localUser;
    return settings;
  }
  const hops = fromArgs.jump !== undefined || fromArgs.proxyCommand !== undefined ? fromArgs : fromConf;
  const { jump, proxyCommand } = hops;
  const last = jump?.at(-1);
  if (last && jump) settings.jump = hopSettings(last, jump.slice(0, -1), settings, config, home);
  else if (proxyCommand !== undefined) settings.proxyCommand = proxyCommand;
  return settings;
}

/** The identity a pooled connection is keyed by: same key, same TCP connection. */
export function connectionKey(s: ConnectionSettings): string {
  if (s.transport === 'local') return 'local:';
  const parts = [
    `${s.user}@${s.host}:${s.port}`,
    `keys=${s.keyFiles.join(',')}`,
    `pw=${s.password ? 1 : 0}`,
    s.proxyCommand !== undefined ? `proxy=${s.proxyCommand}` : '',
    s.jump ? `via=(${connectionKey(s.jump)})` : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
