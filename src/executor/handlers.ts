/**
 * Handlers: a changed task notifies them by name or `listen` topic; at a
 * flush they run in the order they are defined (not notified), once per
 * host, for the hosts that notified them. A handler may notify a later
 * one, which then runs in the same flush. A failed host's pending
 * handlers are dropped unless --force-handlers (or force_handlers). An
 * include_tasks handler runs the file's tasks (shown as handlers).
 */
import type { TaskScope } from './host-task.js';
import { loadIncludes, runIncludes, type RunNodes } from './includes.js';
import { FailuresBefore, type HostRun, type Inherited } from './state.js';
import { ROOT_INHERITED } from './state.js';
import { runTask } from './task-runner.js';
import { anyErrorsFatal } from './failures.js';
import { runMeta } from './meta.js';
import { InputError } from '../errors.js';

/** Runs the handlers `hosts` (some of `batch`) were notified of; a failure counts against the whole batch. */
export async function flushHandlers(ts: TaskScope, hosts: readonly HostRun[], batch: readonly HostRun[], runNodes: RunNodes): Promise<void> {
  const { play, run } = ts;
  const force = run.options.forceHandlers || play.forceHandlers === true;
  // force_handlers runs them on hosts that had failed before the flush, not on one that fails in it.
  const failedBefore = new FailuresBefore(hosts);
  for (const [index, entry] of play.handlers.entries()) {
    if (play.ended || play.abortPlaybook || run.signal.aborted) break;
    const targets = hosts.filter((h) => {
      if (!(play.notified.get(h.name)?.has(index) ?? false)) return false;
      return !h.unreachable && !h.endedPlay && (!h.failed || (force && failedBefore.stillOnly(h)));
    });
    if (targets.length === 0) continue;
    for (const h of targets) play.notified.get(h.name)?.delete(index);
    // The play's keywords (no_log, become, any_errors_fatal...) and its role's reach a handler, as a task's.
    const keywordChain = [play.play.keywords as Record<string, unknown>, ...(entry.roleRef ? [entry.roleRef.keywords as Record<string, unknown>] : [])];
    // Under force_handlers Ansible flushes them in an always of its own: a failure there leaves every host exempt from any_errors_fatal.
    const inherited: Inherited = { ...ROOT_INHERITED, keywordChain, roleRef: entry.roleRef, failedHostsStay: force, exemptFromFatal: force, inSection: force ? 'always' : 'block' };
    const scope: TaskScope = { run, play, inherited };
    // A meta handler steers the play as a meta task does (end_play ends it, no later handler runs).
    if (entry.task.action === 'meta') {
      await runMeta(scope, entry.task, targets, batch, () => Promise.reject(new InputError('flush_handlers cannot be used as a handler', entry.task.location)));
      continue;
    }
    const outcomes = await runTask(scope, entry.task, targets);
    // An include_tasks handler runs its file's tasks, as handlers, for the hosts that notified it (loaded first, as a task's).
    const included = entry.task.action === 'include_tasks' ? await loadIncludes(scope, entry.task, outcomes, targets) : [];
    anyErrorsFatal(scope, entry.task, outcomes, batch);
    await runIncludes(scope, included, targets, runNodes);
  }
  // Notifications of hosts that failed (without --force-handlers, or in this flush) are dropped, not kept for later.
  for (const h of hosts) if (h.unreachable || (h.failed && !(force && failedBefore.stillOnly(h)))) play.notified.delete(h.name);
}
