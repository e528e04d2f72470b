/**
 * What failures do to the batch after each task, as Ansible's linear
 * strategy decides: any_errors_fatal fails every host of the batch when a
 * host failed for good (a failure a rescue will catch, or one inside a
 * block with always, does not count: HostRun.exemptFromFatal), and
 * max_fail_percentage does the same when too many hosts failed (not
 * counting those with a rescue or always ahead, force_handlers' included:
 * HostRun.uncountedFailure); both end
 * the playbook at once. A batch where every host is down ends the playbook
 * after the batch (play-runner), so rescue and always still run.
 */
import type { Task } from '../playbook/index.js';
import type { TaskScope } from './host-task.js';
import { pythonTruthy } from '../template/index.js';
import { rawKeyword } from './keywords.js';
import type { HostRun } from './state.js';
import type { TaskOutcomes } from './task-runner.js';

/** What Ansible's _failed_hosts holds. */
function failedForGood(h: HostRun): boolean {
  return h.failed && !h.uncountedFailure && !h.unreachable;
}

/** A failure that fires any_errors_fatal: Ansible's iterator says the host failed. */
function failedForFatal(h: HostRun): boolean {
  return h.failed && !h.shieldedFailure && !h.unreachable;
}

/**
 * When any_errors_fatal fires, Ansible's strategy marks failed every host whose next task is not
 * a rescue's or an always's own; a failed host's next is where its failure goes, another host's
 * is (approximately) the section it is in.
 */
function exemptWhenFatal(ts: TaskScope, h: HostRun): boolean {
  return h.failed ? h.exemptFromFatal : ts.inherited.inSection !== 'block';
}

/**
 * Ansible's strategy reads a task's any_errors_fatal (its own or inherited) as written, never
 * templated: a template is non-empty text, so it is on, whatever the template would give. kolla-run
 * does the same, and says so once per task, since `"{{ false }}"` there surprises.
 */
function fatalAsAnsibleReadsIt(ts: TaskScope, task: Task): boolean {
  const raw = rawKeyword(task, ts.inherited, 'any_errors_fatal');
  if (typeof raw === 'string' && ts.run.templar.isTemplate(raw) && !warnedTemplates.has(task)) {
    warnedTemplates.add(task);
    ts.run.reporter.emit({ type: 'warning', message: `any_errors_fatal: ${JSON.stringify(raw)} is a template: Ansible does not render it, so it is on, whatever the template gives (${task.location.file}:${task.location.line})` });
  }
  return pythonTruthy(raw);
}
const warnedTemplates = new WeakSet<Task>();

/**
 * Ansible marks every host failed and breaks the play; since nothing runs after (no task, always
 * or handler) and a host has failed already, ending the playbook is all that shows.
 */
function endPlaybook(ts: TaskScope): void {
  ts.play.abortPlaybook = true;
}

export function anyErrorsFatal(ts: TaskScope, task: Task, outcomes: TaskOutcomes, batch: readonly HostRun[]): void {
  const { play } = ts;
  const down = [...outcomes.entries()].filter(([name, o]) => {
    if (o.ignored) return false;
    if (o.status === 'unreachable') return true;
    const host = batch.find((h) => h.name === name);
    return o.status === 'failed' && host !== undefined && failedForFatal(host);
  });
  if (down.length > 0 && fatalAsAnsibleReadsIt(ts, task)) {
    const left = batch.filter((h) => !h.unreachable);
    const marked = left.filter((h) => !exemptWhenFatal(ts, h));
    // Only when it marked every host left does Ansible end the play (and the playbook) at once;
    // when it marked some, the batch goes on and the playbook ends after it; none, nothing changes.
    if (marked.length === left.length) endPlaybook(ts);
    else if (marked.length > 0) play.endPlaybookAfterBatch = true;
  }
  const pct = play.maxFailPercentage;
  // Ansible checks only after a task that ran (results); a task that ran nowhere (tags, --start-at-task)
  // failed nobody, and the count it would check is the one the last check passed.
  if (pct === undefined) return;
  // Unreachable hosts do not count here (Ansible keeps them apart from failed ones).
  const failed = batch.filter(failedForGood).length;
  if (failed / batch.length > pct / 100) endPlaybook(ts);
}

/** Every host of the batch failed or unreachable: the playbook ends after this batch. */
export function batchBroken(batch: readonly HostRun[]): boolean {
  return batch.length > 0 && batch.every((h) => h.failed || h.unreachable);
}
