/**
 * modprobe (community.general): a kernel module loaded (state present) or
 * unloaded (absent) with the host's modprobe, as the module decides it: a
 * module listed in /proc/modules, or built into the kernel
 * (modules.builtin), counts as loaded, so present is then ok unchanged.
 * A host that cannot load modules (a container: no /proc/modules, or no
 * /lib/modules for its kernel) fails at run time saying so, unless there is
 * nothing to do. Check mode asks `modprobe -n` and changes nothing.
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

interface Plan {
  argv: string[];
}

export const modprobeModule = defineModule<ModprobeParams, Plan>({
  name: 'modprobe',
  schema: modprobeParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    const fields = { name: p.name, params: p.params, state: p.state };
    if (p.persistent !== 'disabled') {
      const msg = 'modprobe: persistent is not supported by kolla-run (modules-load.d and modprobe.d are left alone)';
      return { changed: false, reason: msg, result: { ...fields, failed: true, msg } };
    }
    const kernel = parseProbe((await ctx.run(PROBE)).stdout);
    const loaded = isLoaded(p.name, kernel);
    if (loaded === (p.state === 'present')) return { changed: false, reason: `${p.name} is ${loaded ? 'loaded' : 'not loaded'}`, result: fields };
    const why = cannotLoad(kernel);
    if (why !== undefined) return { changed: false, reason: why, result: { ...fields, failed: true, msg: `modprobe ${p.name}: ${why}` } };
    const args = p.params.trim() === '' ? [] : p.params.trim().split(/\s+/);
    const argv = p.state === 'present' ? ['modprobe', p.name, ...args] : ['modprobe', '-r', p.name];
    // What modprobe would do, asked without doing it (the module's check mode).
    const dry = await ctx.run(shellQuote(p.state === 'present' ? ['modprobe', '-n', p.name, ...args] : ['modprobe', '-r', '-n', p.name]));
    if (dry.rc !== 0) return { changed: false, reason: 'modprobe failed', result: { ...fields, failed: true, msg: dry.stderr, rc: dry.rc, stdout: dry.stdout, stderr: dry.stderr } };
    return { changed: true, reason: `${p.name} would be ${p.state === 'present' ? 'loaded' : 'unloaded'}`, plan: { argv }, before: { loaded }, after: { loaded: !loaded }, result: fields };
  },
  async apply(p, plan, ctx) {
    const fields = { name: p.name, params: p.params, state: p.state };
    const r = await ctx.run(shellQuote(plan.argv));
    if (r.rc !== 0) return { ...fields, failed: true, changed: false, msg: r.stderr, rc: r.rc, stdout: r.stdout, stderr: r.stderr };
    return { ...fields, changed: true };
  },
});
