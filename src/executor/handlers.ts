/**
 * Handlers: a changed task notifies them by name or `listen` topic; at a
 * flush they run in the order they are defined (not notified), once per
 * host, for the hosts that notified them. A failed host's pending
 * handlers are dropped unless --force-handlers (or force_handlers).
 */
import type { TaskScope } from './host-task.js';
import type { HandlerEntry, HostRun } from './state.js';
import { ROOT_INHERITED } from './state.js';
import { runTask } from './task-runner.js';

function handlerNames(entry: HandlerEntry): string[] {
  const names = [...(entry.task.keywords.listen ?? [])];
  if (entry.task.name) {
    names.push(entry.task.name);
    if (entry.task.role) names.push(`${entry.task.role.name} : ${entry.task.name}`);
  }
  return names;
}

export async function flushHandlers(ts: TaskScope, batch: readonly HostRun[]): Promise<void> {
  const { play, run } = ts;
  const force = run.options.forceHandlers || play.play.keywords.force_handlers === true;
  for (const entry of play.handlers) {
    if (play.ended || run.signal.aborted) break;
    const names = handlerNames(entry);
    const hosts = batch.filter((h) => {
      const notified = play.notified.get(h.name);
      if (!notified || !names.some((n) => notified.has(n))) return false;
      return !h.unreachable && !h.endedPlay && (!h.failed || force);
    });
    if (hosts.length === 0) continue;
    for (const h of hosts) for (const n of names) play.notified.get(h.name)?.delete(n);
    const inherited = { ...ROOT_INHERITED, roleRef: entry.roleRef, inRescue: force };
    await runTask({ run, play, inherited }, entry.task, hosts);
  }
  // Notifications of hosts that failed (without --force-handlers) are dropped, not kept for later.
  for (const h of batch) if (h.failed || h.unreachable) play.notified.delete(h.name);
}
