/**
 * What failures do to the batch after each task, as Ansible's linear
 * strategy decides: any_errors_fatal fails every host of the batch when a
 * host failed for good (a failure a rescue will catch, or one inside a
 * block with always, does not count: HostRun.uncountedFailure), and
 * max_fail_percentage does the same when too many hosts failed; both end
 * the playbook at once. A batch where every host is down ends the playbook
 * after the batch (play-runner), so rescue and always still run.
 */
import type { Task } from '../playbook/index.js';
import type { TaskScope } from './host-task.js';
import { KeywordReader } from './keywords.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';
import type { TaskOutcomes } from './task-runner.js';

/** What Ansible's _failed_hosts holds. */
function failedForGood(h: HostRun): boolean {
  return h.failed && !h.uncountedFailure && !h.unreachable;
}

function failAll(ts: TaskScope, batch: readonly HostRun[]): void {
  for (const h of batch) if (!h.unreachable && !h.uncountedFailure) h.failed = true;
  ts.play.abortPlaybook = true;
}

export function anyErrorsFatal(ts: TaskScope, task: Task, outcomes: TaskOutcomes, batch: readonly HostRun[]): void {
  const { play, run } = ts;
  const down = [...outcomes.entries()].filter(([name, o]) => {
    if (o.ignored) return false;
    if (o.status === 'unreachable') return true;
    const host = batch.find((h) => h.name === name);
    return o.status === 'failed' && host !== undefined && failedForGood(host);
  });
  if (down.length > 0) {
    const first = batch[0];
    const scope = first ? hostScope(run, play, first.name, ts.inherited, task, {}) : undefined;
    const fatal = scope ? new KeywordReader(task, ts.inherited, run.templar, scope, task.location).bool('any_errors_fatal') : false;
    if (fatal) failAll(ts, batch);
  }
  if (outcomes.size === 0) return;
  const pct = play.maxFailPercentage;
  if (pct === undefined || batch.length === 0) return;
  // Unreachable hosts do not count here (Ansible keeps them apart from failed ones).
  const failed = batch.filter(failedForGood).length;
  if (failed / batch.length > pct / 100) failAll(ts, batch);
}

/** Every host of the batch failed or unreachable: the playbook ends after this batch. */
export function batchBroken(batch: readonly HostRun[]): boolean {
  return batch.length > 0 && batch.every((h) => h.failed || h.unreachable);
}
