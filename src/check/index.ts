/**
 * Static checks of loaded playbooks: every mistake that can be known
 * without variables or hosts, found before any host is touched (by
 * --syntax-check and by every run), each named at its file:line:col.
 * The loader has already checked structure, keywords, imports and roles.
 */
import type { Playbook, PlaybookLoader } from '../playbook/index.js';
import { checkLoop, checkTaskFiles } from './files.js';
import { checkSourceSyntax } from './jinja-values.js';
import { checkTaskArgs } from './module-args.js';
import { checkNotify } from './notify.js';
import { reachPlay, type PlayReach } from './walk.js';

/** Needs the inventory and extra vars: run once they are loaded, before any host is touched. */
export { checkVariables, type VariableCheck } from './variables/index.js';

/** Throws an InputError at the first mistake, in the order a reader meets them. */
export async function checkPlaybooks(loader: PlaybookLoader, playbooks: readonly Playbook[]): Promise<void> {
  const reaches: PlayReach[] = [];
  for (const pb of playbooks) for (const play of pb.plays) reaches.push(await reachPlay(loader, play));
  // After the plays are walked: files reached through templated include_tasks are read by then.
  for (const { src, what } of loader.sources) checkSourceSyntax(src, what);
  const checked = new Set<unknown>();
  for (const reach of reaches) {
    for (const node of reach.nodes) {
      if (node.kind !== 'task' || checked.has(node)) continue;
      checked.add(node);
      checkLoop(node);
      checkTaskFiles(node, reach.play);
      await checkTaskArgs(node);
    }
    checkNotify(reach);
  }
}
