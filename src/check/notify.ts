/**
 * `notify` naming a handler or listen topic that no play or role defines:
 * Ansible 2.14 stops the run when such a task changes; we stop before the
 * run. Templated names are left to the run (resolved per loop item there).
 */
import { InputError } from '../errors.js';
import { unknownHandlerMessage } from '../executor/handler-match.js';
import type { Task } from '../playbook/index.js';
import { hasMarkup } from '../template/index.js';
import type { PlayReach } from './walk.js';

/** The names a play's handlers answer to, or undefined when one of them is only known at run time. */
export function handlerNames(handlers: readonly Task[]): Set<string> | undefined {
  const names = new Set<string>();
  for (const h of handlers) {
    const own = h.name === undefined ? [] : [h.name, ...(h.role ? [`${h.role.name} : ${h.name}`] : [])];
    for (const n of [...own, ...(h.keywords.listen ?? [])]) {
      if (hasMarkup(n)) return undefined;
      names.add(n);
    }
  }
  return names;
}

export function checkNotify(reach: PlayReach): void {
  if (reach.unknownHandlers) return;
  const names = handlerNames(reach.handlers);
  if (!names) return;
  for (const node of reach.nodes) {
    if (reach.guessed.has(node)) continue;
    const notify = node.keywords.notify ?? [];
    notify.forEach((name, i) => {
      if (hasMarkup(name) || names.has(name)) return;
      // A scalar notify has no item 0: the locator falls back to the value itself.
      const at = node.kind === 'task' && node.locateKeyword ? node.locateKeyword(['notify', i]) : node.location;
      throw new InputError(unknownHandlerMessage(name), at);
    });
  }
}
