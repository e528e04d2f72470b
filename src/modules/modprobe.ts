/**
 * modprobe (community.general): a kernel module loaded (state present) or
 * unloaded (absent) with the host's modprobe, as the module decides it: a
 * module listed in /proc/modules, or built into the kernel
 * (modules.builtin), counts as loaded, so present is then ok unchanged.
 * A host that cannot load modules (a container: no /proc/modules, or no
 * /lib/modules for its kernel) fails at run time saying so, unless there is
 * nothing to do. `persistent` keeps the module (and its params) in
 * /etc/modules-load.d and /etc/modprobe.d, or comments it out there, as
 * the module does. Check mode asks `modprobe -n` and changes nothing.
 */
import { z } from 'zod';
import { sh, shellQuote } from '../connection/command.js';
import { defineModule, type Query } from './contract.js';

export const modprobeParams = z
  .object({
    name: z.string().min(1),
    state: z.enum(['present', 'absent']).default('present'),
    params: z.string().default(''),
    persistent: z.enum(['disabled', 'present', 'absent']).default('disabled'),
  })
  .strict();
export type ModprobeParams = z.infer<typeof modprobeParams>;

export interface KernelModules {
  /** /proc/modules' text; undefined when the kernel has no loadable module support (or hides it). */
  proc: string | undefined;
  /** modules.builtin of the running kernel; undefined when /lib/modules/RELEASE is missing. */
  builtin: string | undefined;
  release: string;
}

/** The module's module_loaded: in /proc/modules (dashes as underscores), or built in. */
export function isLoaded(name: string, k: KernelModules): boolean {
  const prefix = `${name.replace(/-/g, '_')} `;
  if (k.proc?.split('\n').some((l) => l.startsWith(prefix))) return true;
  return k.builtin?.split('\n').some((l) => l.trimEnd().endsWith(`/${name}.ko`)) ?? false;
}

/** Why this host cannot load or unload modules, or undefined when it can. */
export function cannotLoad(k: KernelModules): string | undefined {
  if (k.proc === undefined) return 'not supported on this host: the kernel offers no loadable modules (/proc/modules is missing, as in a container)';
  if (k.builtin === undefined) return `not supported on this host: /lib/modules/${k.release} is missing (a container, or a kernel without its modules installed)`;
  return undefined;
}

const PROBE = sh`r=$(uname -r); printf 'R\t%s\n' "$r"; if [ -r /proc/modules ]; then echo P; cat /proc/modules; fi; if [ -d /lib/modules/"$r" ]; then echo B; cat /lib/modules/"$r"/modules.builtin 2>/dev/null; fi`;

/** PROBE's output split into its sections. */
export function parseProbe(stdout: string): KernelModules {
  let release = '';
  let section: 'P' | 'B' | undefined;
  const text: Record<'P' | 'B', string[] | undefined> = { P: undefined, B: undefined };
  for (const line of stdout.split('\n')) {
    if (line.startsWith('R\t')) release = line.slice(2);
    else if (line === 'P' || line === 'B') {
      section = line;
      text[line] = [];
    } else if (section !== undefined) text[section]?.push(line);
  }
  return { proc: text.P?.join('\n'), builtin: text.B?.join('\n'), release };
}

const MODULES_LOAD = '/etc/modules-load.d';
const PARAMETERS = '/etc/modprobe.d';

/** Prints each regular file of both folders as `F path`, then its lines base64-encoded (`L ...`). */
const PERSISTENT_PROBE = sh`for f in ${MODULES_LOAD}/* ${PARAMETERS}/*; do [ -f "$f" ] || continue; printf 'F\t%s\t' "$f"; base64 -w0 < "$f"; echo; done`;

export interface ConfigFile {
  path: string;
  text: string;
}

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The module's regular expressions: the module named on a line, its `options NAME k=v` lines. */
function patterns(name: string): { module: RegExp; option: RegExp } {
  return { module: new RegExp(`^ *${escape(name)} *(?:[#;].*)?$`), option: new RegExp(`^options ${escape(name)} (\\w+=\\S+) *(?:[#;].*)?$`) };
}

/** The files to write so that the module is persistent (present) or no longer (absent), as community.general decides it. */
export function persistentChanges(p: Pick<ModprobeParams, 'name' | 'params' | 'persistent'>, files: readonly ConfigFile[]): ConfigFile[] {
  const { module, option } = patterns(p.name);
  const loads = files.filter((f) => f.path.startsWith(`${MODULES_LOAD}/`));
  const options = files.filter((f) => f.path.startsWith(`${PARAMETERS}/`));
  const listed = loads.some((f) => f.text.split('\n').some((l) => module.test(l)));
  const current = new Set(options.flatMap((f) => f.text.split('\n').flatMap((l) => option.exec(l)?.[1] ?? [])));
  const wanted = new Set(p.params.split(/\s+/).filter((w) => w !== ''));
  const sameParams = current.size === wanted.size && [...wanted].every((w) => current.has(w));
  const commentOut = (f: ConfigFile, re: RegExp): ConfigFile[] => {
    const lines = f.text.split('\n');
    return lines.some((l) => re.test(l)) ? [{ path: f.path, text: lines.map((l) => (re.test(l) ? `#${l}` : l)).join('\n') }] : [];
  };
  const out: ConfigFile[] = [];
  if (p.persistent === 'present') {
    if (!listed) out.push({ path: `${MODULES_LOAD}/${p.name}.conf`, text: `${p.name}\n` });
    if (!sameParams) {
      out.push(...options.flatMap((f) => commentOut(f, option)));
      out.push({ path: `${PARAMETERS}/${p.name}.conf`, text: [...p.params.split(/\s+/).filter((w) => w !== '')].map((w) => `options ${p.name} ${w}\n`).join('') });
    }
  } else if (p.persistent === 'absent') {
    // commentOut leaves a file without the module's lines alone: nothing listed, nothing written.
    out.push(...loads.flatMap((f) => commentOut(f, module)), ...options.flatMap((f) => commentOut(f, option)));
  }
  return out;
}

function parseFiles(stdout: string): ConfigFile[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('F\t'))
    .map((l) => {
      const [, path = '', b64 = ''] = l.split('\t');
      return { path, text: Buffer.from(b64, 'base64').toString('utf8') };
    });
}

interface Plan {
  argv?: string[];
  files: ConfigFile[];
}

export const modprobeModule = defineModule<ModprobeParams, Plan>({
  name: 'modprobe',
  schema: modprobeParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    const fields = { name: p.name, params: p.params, state: p.state };
    const kernel = parseProbe((await ctx.run(PROBE)).stdout);
    const loaded = isLoaded(p.name, kernel);
    const files = p.persistent === 'disabled' ? [] : persistentChanges(p, parseFiles((await ctx.run(PERSISTENT_PROBE)).stdout));
    const persist = files.length > 0 ? { files, before: { persistent: 'as it is' }, after: { persistent: p.persistent, files: files.map((f) => f.path) } } : undefined;
    if (loaded === (p.state === 'present')) {
      if (persist) return { changed: true, reason: `${p.name}: persistent ${p.persistent}`, plan: { files }, before: persist.before, after: persist.after, result: fields };
      return { changed: false, reason: `${p.name} is ${loaded ? 'loaded' : 'not loaded'}`, result: fields };
    }
    const why = cannotLoad(kernel);
    if (why !== undefined) return { changed: false, reason: why, result: { ...fields, failed: true, msg: `modprobe ${p.name}: ${why}` } };
    const args = p.params.trim() === '' ? [] : p.params.trim().split(/\s+/);
    const argv = p.state === 'present' ? ['modprobe', p.name, ...args] : ['modprobe', '-r', p.name];
    // What modprobe would do, asked without doing it (the module's check mode).
    const dry = await ctx.run(shellQuote(p.state === 'present' ? ['modprobe', '-n', p.name, ...args] : ['modprobe', '-r', '-n', p.name]));
    if (dry.rc !== 0) return { changed: false, reason: 'modprobe failed', result: { ...fields, failed: true, msg: dry.stderr, rc: dry.rc, stdout: dry.stdout, stderr: dry.stderr } };
    return { changed: true, reason: `${p.name} would be ${p.state === 'present' ? 'loaded' : 'unloaded'}`, plan: { argv, files }, before: { loaded }, after: { loaded: !loaded }, result: fields };
  },
  async apply(p, plan, ctx) {
    const fields = { name: p.name, params: p.params, state: p.state };
    if (plan.argv !== undefined) {
      const r = await ctx.run(shellQuote(plan.argv));
      if (r.rc !== 0) return { ...fields, failed: true, changed: false, msg: r.stderr, rc: r.rc, stdout: r.stdout, stderr: r.stderr };
    }
    if (plan.files.length > 0) await ctx.run(shellQuote(['mkdir', '-p', MODULES_LOAD, PARAMETERS]));
    for (const f of plan.files) await ctx.put(f.text, f.path, { mode: 0o644 });
    return { ...fields, changed: true };
  },
});
