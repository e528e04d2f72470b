/**
 * Which handlers a `notify: NAME` reaches, as Ansible's strategy finds
 * them: the first handler whose name (or "role : name") is NAME, plus every
 * handler that lists NAME in `listen`. Handlers are named by their index in
 * the play's list, so a flush can run them in definition order.
 */
import type { HandlerEntry } from './state.js';

function namesOf(entry: HandlerEntry): string[] {
  const { task } = entry;
  if (!task.name) return [];
  return task.role ? [task.name, `${task.role.name} : ${task.name}`] : [task.name];
}

export function notifiedHandlers(handlers: readonly HandlerEntry[], name: string): number[] {
  const byName = handlers.findIndex((h) => namesOf(h).includes(name));
  // In definition order: the first handler so named, and every one that listens to the name.
  return handlers.flatMap((h, i) => (i === byName || (h.task.keywords.listen ?? []).includes(name) ? [i] : []));
}

/** Ansible's words for a notify that reaches no handler. */
export function unknownHandlerMessage(name: string): string {
  return `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`;
}
