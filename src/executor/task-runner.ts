/**
 * One task across the hosts of a batch, in lock-step: every active host at
 * once (up to --forks), then the results are counted, reported and the
 * hosts' states updated before the next task starts.
 */
import pMap from 'p-map';
import { engineAction, type Task } from '../playbook/index.js';
import { InputError } from '../errors.js';
import { registered, renderNotify, runHostTask, type HostTaskOutcome, type TaskScope } from './host-task.js';
import { KeywordReader } from './keywords.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';
import { taskSelected } from './tags.js';
import { shownTaskInfo, startTaskInfo, taskInfo } from './task-info.js';
import { notifiedHandlers, unknownHandlerMessage } from './handler-match.js';
import { refreshVarsFiles } from './vars-files.js';

export type TaskOutcomes = Map<string, HostTaskOutcome>;

export function taskTags(ts: TaskScope, task: Task): string[] {
  return [...ts.inherited.tags, ...(task.keywords.tags ?? [])];
}

/** include_tasks / include_role: counted when their files load (see block-runner), not as a result. */
export function isInclude(task: Task): boolean {
  return task.action === 'include_tasks' || task.action === 'include_role';
}

/** Adds one result to the host's recap counters, as Ansible's strategy does. */
export function count(host: HostRun, outcome: Pick<HostTaskOutcome, 'status' | 'ignored' | 'result'>): void {
  const s = host.stats;
  host.processed = true;
  switch (outcome.status) {
    case 'ok':
      s.ok++;
      break;
    case 'changed':
      s.ok++;
      s.changed++;
      break;
    case 'skipped':
      s.skipped++;
      break;
    case 'failed':
      // An ignored failure counts as ok and ignored, and as changed when it changed something.
      if (outcome.ignored) {
        s.ok++;
        s.ignored++;
        if (outcome.result.changed === true) s.changed++;
      } else s.failed++;
      break;
    case 'unreachable':
      // An ignored unreachable host counts as ok and ignored (and stays in the play).
      if (outcome.ignored) {
        s.ok++;
        s.ignored++;
      } else s.unreachable++;
      break;
  }
}

/** Runs `task` on `hosts` (the active hosts of the batch); returns each host's outcome. */
export async function runTask(ts: TaskScope, task: Task, hosts: readonly HostRun[]): Promise<TaskOutcomes> {
  const { run, play } = ts;
  const outcomes: TaskOutcomes = new Map();
  const info = taskInfo(task);
  if (!run.started) {
    if (info.name !== run.options.startAtTask && task.name !== run.options.startAtTask) return outcomes;
    run.started = true;
  }
  // Handlers run when notified, whatever --tags and --skip-tags say (as in Ansible).
  if ((!task.handler && !taskSelected(taskTags(ts, task), run.options.tags, run.options.skipTags)) || hosts.length === 0) return outcomes;
  const started = Date.now();
  // Facts may have changed since the last task (gathering): templated vars_files follow them.
  await refreshVarsFiles(run, play, hosts);
  const first = hosts[0] as HostRun;
  const firstScope = hostScope(run, play, first.name, ts.inherited, task, {});
  const shown = startTaskInfo(task, run.templar, firstScope);
  run.reporter.emit({ type: 'task_start', task: shown, hosts: hosts.map((h) => h.name) });
  const runOnce = new KeywordReader(task, ts.inherited, run.templar, firstScope, task.location).bool('run_once');
  // add_host and the like run on the first host only, and their result stays its own (unlike run_once).
  const targets = runOnce || engineAction(task.action)?.bypassHostLoop ? [first] : hosts;
  await pMap(
    targets,
    async (host) => {
      // Ctrl-C: hosts still waiting for a fork do not start the task.
      if (run.signal.aborted) return;
      run.reporter.emit({ type: 'host_start', task: shownTaskInfo(task), host: host.name });
      const outcome = await runHostTask(ts, task, host);
      outcomes.set(host.name, outcome);
      settle(ts, task, host, outcome);
    },
    { concurrency: Math.max(1, run.options.forks) },
  );
  if (runOnce) {
    // run_once: the first host's result stands for every host of the batch (counted once, on the first).
    const shared = outcomes.get(first.name) as HostTaskOutcome;
    for (const host of hosts.slice(1)) {
      if (task.keywords.register) host.setVars[task.keywords.register] = registered(shared.result);
      shareFacts(task, shared, host);
      outcomes.set(host.name, shared);
      // Its handlers are notified on the first host only (Ansible's strategy notifies the host that ran it).
      // A failed run_once task fails every host of the play (Ansible's strategy), without counting them.
      if (shared.status === 'failed' && !shared.ignored) host.failed = true;
    }
  }
  run.timings.set(shown.name, (run.timings.get(shown.name) ?? 0) + (Date.now() - started));
  return outcomes;
}

/**
 * run_once: facts the first host got (set_fact, include_vars, module facts)
 * land on every host of the batch, unless delegate_facts sent them to the
 * delegated host (Ansible's strategy gives them to one list of hosts or the other).
 */
function shareFacts(task: Task, shared: HostTaskOutcome, host: HostRun): void {
  const facts = shared.result.ansible_facts;
  if (shared.status === 'skipped' || shared.status === 'failed' || !facts || typeof facts !== 'object' || shared.delegatedFacts) return;
  if (task.action === 'set_fact') {
    Object.assign(host.setVars, facts);
    if (shared.result._ansible_facts_cacheable === true) host.facts = { ...host.facts, ...(facts as Record<string, unknown>) };
  } else if (task.action === 'include_vars') Object.assign(host.includedVars, facts);
  else host.facts = { ...host.facts, ...(facts as Record<string, unknown>) };
}

/** Counts, reports and applies one host's outcome. */
export function settle(ts: TaskScope, task: Task, host: HostRun, outcome: HostTaskOutcome): void {
  const { run } = ts;
  const deferred = isInclude(task) && (outcome.status === 'ok' || outcome.status === 'changed');
  if (!deferred) count(host, outcome);
  run.reads.settle(host.name, outcome.status === 'changed' || outcome.status === 'failed' || outcome.status === 'unreachable');
  run.reporter.emit({
    type: 'host_result',
    task: shownTaskInfo(task),
    host: host.name,
    status: outcome.status,
    result: outcome.result,
    ignored: outcome.ignored,
    censored: outcome.noLog,
    diff: outcome.looped ? undefined : outcome.diff,
    loopSummary: outcome.looped,
    delegatedTo: outcome.delegatedTo,
  });
  if (outcome.status === 'failed' && !outcome.ignored) {
    host.failed = true;
    host.uncountedFailure = ts.inherited.defersFailure;
    host.exemptFromFatal = ts.inherited.exemptFromFatal;
    host.shieldedFailure = ts.inherited.shieldsFatal;
    host.lastFailure = { task: { name: task.name ?? task.written, action: task.action }, result: outcome.result };
  }
  if (outcome.status === 'unreachable' && !outcome.ignored) host.unreachable = true;
  if (outcome.status === 'changed') notify(ts, task, host, outcome);
}

function notify(ts: TaskScope, task: Task, host: HostRun, outcome: HostTaskOutcome): void {
  if ((task.keywords.notify ?? []).length === 0) return;
  const set = ts.play.notified.get(host.name) ?? new Set<number>();
  const rendered = outcome.notify ?? renderNotify(ts.run.templar, task, hostScope(ts.run, ts.play, host.name, ts.inherited, task, {}));
  for (const value of rendered) {
    const name = String(value);
    const found = notifiedHandlers(ts.play.handlers, name);
    // Ansible 2.14 (error_on_missing_handler) ends the run here: a handler named by a template that no play defines.
    if (found.length === 0) throw new InputError(unknownHandlerMessage(name), task.locateKeyword?.(['notify']) ?? task.location);
    for (const i of found) set.add(i);
  }
  ts.play.notified.set(host.name, set);
}
