/**
 * One task on one host: loop items, `when` per item, the action, until /
 * retries, changed_when / failed_when, register, ignore_errors. Emits the
 * per-item results; the task runner emits the host's final result.
 */
import { InputError, InterruptedError, UnreachableError } from '../errors.js';
import type { ResultFields } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import type { Task, Vars } from '../playbook/index.js';
import { markRendered, type LazyVars, type Templar } from '../template/index.js';
import { executeAction, type ActionOutcome } from './actions.js';
import type { RunContext } from './context.js';
import { KeywordReader, toBool } from './keywords.js';
import { loopItems, LoopError } from './loops.js';
import { searchDirs } from './paths.js';

/** A registered result is data, never a template (Ansible marks it unsafe): reading it renders nothing. */
export function registered<T extends object>(result: T): T {
  markRendered(result);
  return result;
}
import { hostScope } from './scope.js';
import type { HostRun, Inherited, PlayState } from './state.js';
import { itemLabel, shownTaskInfo, templatedName } from './task-info.js';

export interface TaskScope {
  run: RunContext;
  play: PlayState;
  inherited: Inherited;
}

export interface HostTaskOutcome {
  status: HostStatus;
  result: ResultFields;
  /** A failure turned into ok by ignore_errors / ignore_unreachable. */
  ignored: boolean;
  noLog: boolean;
  diff?: ActionOutcome['diff'];
  meta?: string | undefined;
  /** include_tasks / include_role: what to include, once per loop item (with the item's variables). */
  includes: IncludeRequest[];
  looped: boolean;
  /** A looped task's handler names, templated per item that ran (Ansible's _ansible_notify of each item result). */
  notify?: unknown[];
}

export interface IncludeRequest {
  kind: 'tasks' | 'role';
  target: string;
  /** Loop variables of the item that asked for it. */
  vars: Vars;
}

const INTERRUPTED = 'interrupted (Ctrl-C): the task was stopped on this host';

/** Waits `ms`, or less when Ctrl-C comes first (a retry's delay is often 10 s or more). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

function failedOutcome(msg: string, extra: ResultFields = {}): ActionOutcome {
  return { status: 'failed', result: { failed: true, changed: false, msg, ...extra } };
}

/** Runs the action once (one item), with until/retries and the result conditions. */
async function runOnce(ts: TaskScope, task: Task, host: HostRun, scope: LazyVars, extra: Vars): Promise<ActionOutcome> {
  const { run } = ts;
  const location = task.location;
  for (const cond of [...ts.inherited.when, ...(task.keywords.when ?? [])]) {
    const { value, warnings } = run.templar.evaluateCondition(cond, scope, location);
    for (const message of warnings) run.reporter.emit({ type: 'warning', message });
    if (!value) return { status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: cond } };
  }
  const keywords = new KeywordReader(task, ts.inherited, run.templar, scope, location);
  const untilConds = task.keywords.until;
  const retries = untilConds ? Number(run.templar.render(task.keywords.retries ?? 3, scope, location)) : 0;
  const delay = untilConds ? Number(run.templar.render(task.keywords.delay ?? 5, scope, location)) : 0;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const outcome = await executeAction({ run, task, host, scope, keywords, location });
    const judged = withDefaults(judge(ts, task, host, withDefaults(outcome), extra));
    if (!untilConds) return judged;
    const withResult = resultScope(ts, task, host, judged.result, extra);
    const done = untilConds.every((c) => run.templar.evaluateCondition(c, withResult, location).value);
    judged.result.attempts = attempt;
    if (run.signal.aborted) return judged;
    if (done || attempt > retries) {
      if (!done) return { ...judged, status: 'failed', result: { ...judged.result, failed: true, msg: judged.result.msg ?? 'Retries exhausted' } };
      return judged;
    }
    // The worker's copy of the task is templated for this host (and item) when it runs: so is the name here.
    const name = templatedName(task, run.templar, scope) ?? task.written;
    run.reporter.emit({ type: 'message', message: `FAILED - RETRYING: [${host.name}]: ${name} (${retries - attempt + 1} retries left).` });
    await sleep(delay * 1000, run.signal);
  }
}

/** Ansible's task executor: a result (not skipped) always says whether it changed and failed. */
function withDefaults(outcome: ActionOutcome): ActionOutcome {
  if (outcome.status === 'skipped') return outcome;
  const { result } = outcome;
  if (result.changed === undefined) result.changed = false;
  if (result.failed === undefined) result.failed = outcome.status === 'failed';
  return outcome;
}

function resultScope(ts: TaskScope, task: Task, host: HostRun, result: ResultFields, extra: Vars): LazyVars {
  const bound = task.keywords.register ? { [task.keywords.register]: result } : {};
  return hostScope(ts.run, ts.play, host.name, ts.inherited, task, { ...extra, ...bound });
}

/** changed_when and failed_when, evaluated with the registered result in scope. */
function judge(ts: TaskScope, task: Task, host: HostRun, outcome: ActionOutcome, extra: Vars): ActionOutcome {
  const { changed_when: changedWhen, failed_when: failedWhen } = task.keywords;
  if ((!changedWhen && !failedWhen) || outcome.status === 'skipped') return outcome;
  const result = { ...outcome.result };
  const scope = resultScope(ts, task, host, result, extra);
  const all = (conds: ReadonlyArray<string | boolean>) => conds.every((c) => ts.run.templar.evaluateCondition(c, scope, task.location).value);
  if (changedWhen) result.changed = all(changedWhen);
  if (failedWhen) {
    const failed = all(failedWhen);
    result.failed_when_result = failed;
    result.failed = failed;
  }
  const status: ActionOutcome['status'] = result.failed === true ? 'failed' : result.changed === true ? 'changed' : 'ok';
  return { ...outcome, status, result };
}

function aggregate(results: ResultFields[], statuses: HostStatus[]): { status: HostStatus; result: ResultFields } {
  const changed = results.some((r) => r.changed === true);
  const failed = statuses.includes('failed');
  const skipped = statuses.length > 0 && statuses.every((s) => s === 'skipped');
  const result: ResultFields = { changed, results, msg: failed ? 'One or more items failed' : 'All items completed' };
  if (failed) result.failed = true;
  if (skipped) {
    result.skipped = true;
    result.skipped_reason = 'No items in the list';
  }
  if (statuses.length === 0) return { status: 'skipped', result: { ...result, skipped: true, skipped_reason: 'No items in the list' } };
  return { status: failed ? 'failed' : skipped ? 'skipped' : changed ? 'changed' : 'ok', result };
}

async function runLoop(ts: TaskScope, task: Task, host: HostRun, scope: LazyVars, includes: IncludeRequest[], notify: unknown[]): Promise<{ status: HostStatus; result: ResultFields }> {
  const { run } = ts;
  const loop = task.loop;
  if (!loop) throw new Error('runLoop without a loop');
  const terms = run.templar.render(loop.kind === 'loop' ? loop.items : loop.terms, scope, task.location);
  const items = loopItems(loop, terms, searchDirs(task, 'files'));
  const control = task.keywords.loop_control ?? {};
  const loopVar = control.loop_var ?? 'item';
  const indexVar = control.index_var;
  const pause = control.pause === undefined ? 0 : Number(run.templar.render(control.pause, scope, task.location));
  const results: ResultFields[] = [];
  const statuses: HostStatus[] = [];
  const info = shownTaskInfo(task);
  for (const [index, item] of items.entries()) {
    const extra: Vars = {
      [loopVar]: item,
      ansible_loop_var: loopVar,
      ...(indexVar ? { [indexVar]: index, ansible_index_var: indexVar } : {}),
      ansible_loop: { index: index + 1, index0: index, first: index === 0, last: index === items.length - 1, length: items.length, revindex: items.length - index, revindex0: items.length - index - 1 },
    };
    const itemScope = hostScope(run, ts.play, host.name, ts.inherited, task, extra);
    const outcome = await runOnce(ts, task, host, itemScope, extra);
    if (outcome.include && outcome.status !== 'skipped' && outcome.status !== 'failed') includes.push({ ...outcome.include, vars: extra });
    // Each item that ran carries its own templated notify; all of them count when the task changed.
    if (task.keywords.notify && outcome.status !== 'skipped') notify.push(...renderNotify(run.templar, task, itemScope));
    const label = itemLabel(control.label === undefined ? item : run.templar.render(control.label, itemScope, task.location));
    const result: ResultFields = { ...outcome.result, [loopVar]: item, ansible_loop_var: loopVar, ...(indexVar ? { [indexVar]: index } : {}) };
    results.push(result);
    statuses.push(outcome.status);
    const noLog = new KeywordReader(task, ts.inherited, run.templar, itemScope, task.location).bool('no_log');
    run.reporter.emit({ type: 'host_result', task: info, host: host.name, status: outcome.status, result, item: label, censored: noLog, diff: outcome.diff });
    if (pause > 0 && index < items.length - 1) await sleep(pause * 1000, run.signal);
  }
  return aggregate(results, statuses);
}

/** Runs `task` on `host`; unreachable hosts and input errors end as outcomes, never as exceptions. */
export async function runHostTask(ts: TaskScope, task: Task, host: HostRun): Promise<HostTaskOutcome> {
  const { run } = ts;
  const scope = hostScope(run, ts.play, host.name, ts.inherited, task, {});
  const keywords = new KeywordReader(task, ts.inherited, run.templar, scope, task.location);
  let status: HostStatus;
  let result: ResultFields;
  let outcome: ActionOutcome | undefined;
  const includes: IncludeRequest[] = [];
  const notify: unknown[] = [];
  try {
    if (task.loop) ({ status, result } = await runLoop(ts, task, host, scope, includes, notify));
    else {
      outcome = await runOnce(ts, task, host, scope, {});
      ({ status, result } = outcome);
      if (outcome.include && status !== 'skipped' && status !== 'failed') includes.push({ ...outcome.include, vars: {} });
    }
  } catch (err) {
    if (err instanceof UnreachableError) {
      status = 'unreachable';
      result = { changed: false, unreachable: true, msg: err.message };
    } else if (err instanceof InputError || err instanceof LoopError) {
      // A template or loop that fails on this host fails the task here, as in Ansible.
      status = 'failed';
      result = failedOutcome(err.message).result;
    } else if (err instanceof InterruptedError || run.signal.aborted) {
      status = 'failed';
      result = failedOutcome(INTERRUPTED).result;
    } else throw err;
  }
  // Ctrl-C stopped the host's command (a module may have turned that into its own failure):
  // the result says so, and the output names the hosts that were mid-task.
  if (run.signal.aborted && status === 'failed') result = { ...result, msg: INTERRUPTED, interrupted: true };
  if (task.keywords.register) host.setVars[task.keywords.register] = registered(result);
  const noLog = keywords.bool('no_log');
  const ignored =
    (status === 'failed' && keywords.bool('ignore_errors')) || (status === 'unreachable' && keywords.bool('ignore_unreachable'));
  return {
    status,
    result,
    ignored,
    noLog,
    diff: outcome?.diff,
    meta: outcome?.meta,
    includes,
    looped: task.loop !== undefined,
    ...(task.loop && { notify }),
  };
}

/**
 * A task's handler names in `scope`. One template may give a list (kolla-ansible's
 * `notify: "{{ handlers }}"`): Ansible accepts that only for `notify: "{{ x }}"` written
 * as a string; the loaded task no longer tells the two forms apart.
 */
export function renderNotify(templar: Templar, task: Task, scope: LazyVars): unknown[] {
  return (task.keywords.notify ?? []).flatMap((raw) => {
    const value = templar.render(raw, scope, task.locateKeyword?.(['notify']) ?? task.location);
    return Array.isArray(value) ? (value as unknown[]) : [value];
  });
}

export { toBool };
