/**
 * sysctl (ansible.posix): a kernel parameter kept in a sysctl file, and
 * optionally set in the running kernel (sysctl_set), as ansible.posix's
 * module decides it on Linux: the file rewritten with one name=value line
 * per key (the first occurrence kept), `sysctl -p FILE` after a change
 * when reload is on. Check mode tells without writing; the diff is the file.
 */
import { z } from 'zod';
import { shellQuote } from '../connection/index.js';
import { defineModule, type ModuleContext, type Query } from './contract.js';
import { withAliases } from './support/aliases.js';
import { bool } from './support/params.js';

const BOOLEANS_TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const BOOLEANS_FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** Ansible's type=str. */
const value = z.union([z.string(), z.number(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)));

/** The module's _parse_value, after its blank check: booleans as 1/0, text stripped (' ' passes the check and becomes ''). */
function parseValue(text: string): string {
  if (BOOLEANS_TRUE.has(text.toLowerCase())) return '1';
  if (BOOLEANS_FALSE.has(text.toLowerCase())) return '0';
  return text.trim();
}

export const sysctlParams = withAliases(
  { key: 'name', val: 'value' },
  z
    .object({
      name: z.string().transform((s) => s.trim()),
      value: value.optional(),
      state: z.enum(['present', 'absent']).default('present'),
      reload: bool().default(true),
      sysctl_set: bool().default(false),
      ignoreerrors: bool().default(false),
      sysctl_file: z.string().default('/etc/sysctl.conf'),
    })
    .strict()
    .refine((p) => p.name !== '', { message: 'name cannot be blank', path: ['name'] })
    .refine((p) => p.state !== 'present' || p.value !== undefined, { message: 'state is present but all of the following are missing: value', path: ['value'] })
    .refine((p) => p.state !== 'present' || p.value !== '', { message: 'value cannot be blank', path: ['value'] })
    .transform((p) => ({ ...p, value: p.value === undefined ? undefined : parseValue(p.value) })),
);
export type SysctlParams = z.infer<typeof sysctlParams>;

interface Plan {
  /** The file's new content, when it must be written. */
  file?: string;
  setProc: boolean;
  reload: boolean;
}

const LANG_C = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' };
/** The module's test for a failure sysctl reports with exit 0. */
const STDERR_FAILED = /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m;

const isSetting = (line: string): boolean => line !== '' && !line.startsWith('#') && !line.startsWith(';') && line.includes('=');

function splitSetting(line: string): [string, string] {
  const eq = line.indexOf('=');
  return [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
}

/** The file's values by key (the last occurrence wins, as the module reads them). */
export function fileValues(lines: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines) if (isSetting(line)) values.set(...splitSetting(line));
  return values;
}

/** The module's fix_lines: every key once as k=v (the first occurrence), ours replaced, dropped or appended. */
export function fixLines(lines: readonly string[], p: SysctlParams): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    if (!isSetting(line)) {
      out.push(line);
      continue;
    }
    const [k, v] = splitSetting(line);
    if (seen.has(k)) continue;
    seen.add(k);
    if (k !== p.name) out.push(`${k}=${v}`);
    else if (p.state === 'present') out.push(`${k}=${p.value ?? ''}`);
  }
  if (!seen.has(p.name) && p.state === 'present') out.push(`${p.name}=${p.value ?? ''}`);
  return out;
}

/** Whitespace-separated words equal, in order (the module's _values_is_equal). */
const sameWords = (a: string | undefined, b: string): boolean => a !== undefined && a.split(/\s+/).filter(Boolean).join(' ') === b.split(/\s+/).filter(Boolean).join(' ');

async function readState(p: SysctlParams, ctx: ModuleContext): Promise<{ proc: string | undefined; text: string | undefined }> {
  const [proc, file] = await Promise.all([ctx.run(shellQuote(['sysctl', '-e', '-n', p.name]), { env: LANG_C }), ctx.get(p.sysctl_file)]);
  return { proc: proc.rc === 0 ? proc.stdout : undefined, text: file?.toString('utf8') };
}

export const sysctlModule = defineModule<SysctlParams, Plan>({
  name: 'sysctl',
  paths: ['sysctl_file'],
  schema: sysctlParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    const { proc, text } = await readState(p, ctx);
    // Python's readlines() then strip(): no line for the text after the last newline when it is empty.
    const lines = (text ?? '').split('\n').map((l) => l.trim());
    if (text !== undefined && text.endsWith('\n')) lines.pop();
    if (text === undefined || text === '') lines.length = 0;
    const inFile = fileValues(lines).get(p.name);
    const want = p.value ?? '';
    let changed = false;
    let writeFile = false;
    let setProc = false;
    if (inFile === undefined) [changed, writeFile] = [p.state === 'present', p.state === 'present'];
    else if (inFile !== '' && p.state === 'absent') [changed, writeFile] = [true, true];
    else if (inFile !== want) [changed, writeFile] = [true, true];
    else if (p.reload && !sameWords(proc, want)) changed = true;
    if (p.sysctl_set && p.state === 'present' && !sameWords(proc, want)) {
      changed = true;
      // The module sets the kernel's value only when it could read one.
      setProc = proc !== undefined;
    }
    if (!changed) return { changed: false, reason: `${p.name} is ${p.state === 'present' ? want : 'absent'} in ${p.sysctl_file}` };
    const after = writeFile ? fixLines(lines, p).map((l) => `${l}\n`).join('') : undefined;
    return {
      changed: true,
      reason: `${p.name}: ${writeFile ? `${p.sysctl_file} ` : ''}${setProc ? 'and the running kernel ' : ''}${p.state === 'present' ? `set to ${want}` : 'removed'}`,
      plan: { ...(after !== undefined ? { file: after } : {}), setProc, reload: p.reload },
      ...(after !== undefined ? { diff: { path: p.sysctl_file, before: text ?? '', after } } : {}),
    };
  },
  async apply(p, plan, ctx) {
    const flag = p.ignoreerrors ? ['-e'] : [];
    if (plan.setProc) {
      const r = await ctx.run(shellQuote(['sysctl', ...flag, '-w', `${p.name}=${p.value ?? ''}`]), { env: LANG_C });
      if (r.rc !== 0 || STDERR_FAILED.test(r.stderr)) return { failed: true, msg: `setting ${p.name} failed: ${r.stdout}${r.stderr}` };
    }
    if (plan.file !== undefined) await ctx.put(plan.file, p.sysctl_file);
    if (plan.reload) {
      const r = await ctx.run(shellQuote(['sysctl', ...flag, '-p', p.sysctl_file]), { env: LANG_C });
      if (r.rc !== 0 || STDERR_FAILED.test(r.stderr)) return { failed: true, msg: `Failed to reload sysctl: ${r.stdout}${r.stderr}` };
    }
    return {};
  },
});
