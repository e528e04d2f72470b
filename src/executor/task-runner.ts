/**
 * One task across the hosts of a batch, in lock-step: every active host at
 * once (up to --forks), then the results are counted, reported and the
 * hosts' states updated before the next task starts.
 */
import pMap from 'p-map';
import type { Task } from '../playbook/index.js';
import { runHostTask, type HostTaskOutcome, type TaskScope } from './host-task.js';
import { KeywordReader } from './keywords.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';
import { taskSelected } from './tags.js';
import { taskInfo } from './task-info.js';

export type TaskOutcomes = Map<string, HostTaskOutcome>;

export function taskTags(ts: TaskScope, task: Task): string[] {
  return [...ts.inherited.tags, ...(task.keywords.tags ?? [])];
}

function count(host: HostRun, outcome: HostTaskOutcome): void {
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
      if (outcome.ignored) {
        // An ignored failure counts as ok, and as changed when its result says so (as Ansible counts it).
        s.ok++;
        s.ignored++;
        if (outcome.result.changed === true) s.changed++;
      } else s.failed++;
      break;
    case 'unreachable':
      if (outcome.ignored) s.ignored++;
      else s.unreachable++;
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
  if (!taskSelected(taskTags(ts, task), run.options.tags, run.options.skipTags) || hosts.length === 0) return outcomes;
  run.reporter.emit({ type: 'task_start', task: info });
  const started = Date.now();
  const first = hosts[0] as HostRun;
  const firstScope = hostScope(run, play, first.name, ts.inherited, task, {});
  const runOnce = new KeywordReader(task, ts.inherited, run.templar, firstScope, task.location).bool('run_once');
  const targets = runOnce ? [first] : hosts;
  await pMap(
    targets,
    async (host) => {
      const outcome = await runHostTask(ts, task, host);
      outcomes.set(host.name, outcome);
      settle(ts, task, host, outcome);
    },
    { concurrency: Math.max(1, run.options.forks) },
  );
  if (runOnce) {
    // run_once: the first host's result stands for every host of the batch.
    const shared = outcomes.get(first.name) as HostTaskOutcome;
    for (const host of hosts.slice(1)) {
      if (task.keywords.register) host.setVars[task.keywords.register] = shared.result;
      outcomes.set(host.name, shared);
      if (shared.status === 'changed') notify(ts, task, host);
    }
  }
  run.timings.set(info.name, (run.timings.get(info.name) ?? 0) + (Date.now() - started));
  return outcomes;
}

/** Counts, reports and applies one host's outcome. */
function settle(ts: TaskScope, task: Task, host: HostRun, outcome: HostTaskOutcome): void {
  const { run } = ts;
  count(host, outcome);
  run.reporter.emit({
    type: 'host_result',
    task: taskInfo(task),
    host: host.name,
    status: outcome.status,
    result: outcome.result,
    ignored: outcome.ignored,
    censored: outcome.noLog,
    diff: outcome.looped ? undefined : outcome.diff,
    loopSummary: outcome.looped,
  });
  if (outcome.status === 'failed' && !outcome.ignored) {
    host.failed = true;
    host.lastFailure = { task: { name: task.name ?? task.written, action: task.action }, result: outcome.result };
  }
  if (outcome.status === 'unreachable' && !outcome.ignored) host.unreachable = true;
  if (outcome.status === 'changed') notify(ts, task, host);
}

function notify(ts: TaskScope, task: Task, host: HostRun): void {
  const names = task.keywords.notify ?? [];
  if (names.length === 0) return;
  const scope = hostScope(ts.run, ts.play, host.name, ts.inherited, task, {});
  const set = ts.play.notified.get(host.name) ?? new Set<string>();
  for (const name of names) set.add(String(ts.run.templar.render(name, scope, task.location)));
  ts.play.notified.set(host.name, set);
}
