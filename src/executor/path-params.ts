/**
 * Parameters of Ansible's type `path` (a module's `paths` trait) expanded as
 * Ansible's module expands them on the host: os.path.expandvars, then
 * os.path.expanduser, in the environment and as the user the module runs
 * with. The host's shell expands them (modules/support/expand-path.ts), in
 * one command for all of a task's paths, and only when one has a `$` or a
 * leading `~`: most tasks cost nothing.
 */
import { Command } from '../connection/index.js';
import type { AnyTaskModule, ModuleContext } from '../modules/contract.js';
import { expandedWord, needsExpansion } from '../modules/support/expand-path.js';

export async function expandPathParams(module: AnyTaskModule, params: unknown, ctx: ModuleContext): Promise<unknown> {
  if (!module.paths || typeof params !== 'object' || params === null) return params;
  const record = params as Record<string, unknown>;
  const texts = module.paths.flatMap((name) => {
    const v = record[name];
    return (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []).filter((t) => needsExpansion(t));
  });
  if (texts.length === 0) return params;
  const r = await ctx.run(Command.raw(`printf '%s\\0' ${texts.map((t) => expandedWord(t)).join(' ')}`));
  if (r.rc !== 0) throw new Error(`cannot expand ${texts.join(', ')} on the host: ${r.stderr.trim()}`);
  const expanded = new Map(texts.map((t, i) => [t, r.stdout.split('\0')[i] ?? t]));
  const swap = (v: unknown): unknown => (typeof v === 'string' ? (expanded.get(v) ?? v) : Array.isArray(v) ? v.map(swap) : v);
  return { ...record, ...Object.fromEntries(module.paths.filter((n) => n in record).map((n) => [n, swap(record[n])])) };
}
