/**
 * A variable a task reads that no source can define: found before any host
 * is touched, named at the place it is read (template files included).
 * Said only when provable: where a dynamic source could define any name
 * (see sources.ts), the run or the play is left to run time.
 */
import type { Inventory } from '../../inventory/index.js';
import { playHandlers, roleBlock, type Playbook, type PlaybookLoader, type Vars } from '../../playbook/index.js';
import type { TemplateNames } from '../../template/index.js';
import { reachPlay, type PlayReach } from '../walk.js';
import { alwaysDefined } from './names.js';
import { playNames, runNames } from './sources.js';
import { staticRender } from './static-render.js';
import { UseWalker, type Known } from './uses.js';

/** What was checked: the reason the run was left to run time, or the plays walked and those left out. */
export interface VariableCheck {
  dynamic?: string;
  checked: number;
  /** Plays with no host in the inventory, or a vars_files entry that cannot be resolved before the run. */
  skipped: number;
}

/** Throws an InputError at the first variable nothing can define. */
export async function checkVariables(loader: PlaybookLoader, playbooks: readonly Playbook[], inventory: Inventory, extraVars: Vars): Promise<VariableCheck> {
  const reaches: PlayReach[] = [];
  for (const pb of playbooks) for (const play of pb.plays) reaches.push(await reachPlay(loader, play));
  const run = await runNames(loader, reaches, inventory, extraVars);
  if (run.dynamic !== undefined) return { dynamic: run.dynamic, checked: 0, skipped: reaches.length };
  const perPlay = [];
  for (const reach of reaches) perPlay.push(await playNames(loader, reach, inventory, extraVars, run.runtimeGroups));
  let checked = 0;
  const parsed = new Map<string, TemplateNames>();
  for (const [i, reach] of reaches.entries()) {
    const names = perPlay[i];
    if (!(names instanceof Set)) continue;
    checked++;
    const known: Known = {
      play: (n) => alwaysDefined(n) || run.names.has(n) || names.has(n) || run.prefixes.some((p) => n.startsWith(p)),
      names: () => [...run.names, ...names],
    };
    const { play } = reach;
    const walker = new UseWalker(loader, play, known, staticRender(play, inventory, extraVars, run.runtimeGroups), parsed);
    const guards = (play.importConditions ?? []).flatMap((c) => (typeof c === 'string' ? [{ text: c, kind: 'condition' as const, at: () => play.location }] : []));
    const ctx = { env: new Set<string>(), guards, inherited: [] };
    await walker.list([...play.pre_tasks, ...play.roles.map(roleBlock), ...play.tasks, ...play.post_tasks], ctx);
    await walker.list(playHandlers(play), ctx);
    for (let h = walker.handlersToWalk.shift(); h; h = walker.handlersToWalk.shift()) await walker.list(h, ctx);
  }
  return { checked, skipped: reaches.length - checked };
}
