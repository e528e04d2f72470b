/**
 * One task on one host: loop items, `when` per item, the action, until /
 * retries, changed_when / failed_when, register, ignore_errors. Emits the
 * per-item results; the task runner emits the host's final result.
 */
import { InputError, InterruptedError, UnreachableError } from '../errors.js';
import type { ResultFields } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import { toBool, type Task, type Vars } from '../playbook/index.js';
import { markRendered, type LazyVars, type Templar } from '../template/index.js';
import { delegation } from './action-input.js';
import { executeAction, type ActionOutcome } from './actions.js';
import type { RunContext } from './context.js';
import { KeywordReader } from './keywords.js';
import { foldItems, includedItemVars, itemResult, itemVars, withoutInternalKeys, type LoopShape } from './loop-results.js';
import { loopItems, LoopError } from './loops.js';
import { searchDirs } from './paths.js';

/** A registered result is data, never a template (Ansible marks it unsafe): reading it renders nothing. */
export function registered<T extends object>(result: T): T {
  markRendered(result);
  return result;
}
import { hostScope } from './scope.js';
import { FactJournal, type HostRun, type Inherited, type PlayState } from './state.js';
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
  /** include_tasks / include_role: what to include, once per loop item (with the item's variables). */
  includes: IncludeRequest[];
  looped: boolean;
  /** A looped task's handler names, templated per item that ran (Ansible's _ansible_notify of each item result). */
  notify?: unknown[];
  delegatedTo?: string | undefined;
  /** delegate_facts: the facts went to the delegated host, not to this one. */
  delegatedFacts?: boolean | undefined;
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
    signal?.addEventListener('abort', done);
  });

function failedOutcome(msg: string, extra: ResultFields = {}): ActionOutcome {
  return { status: 'failed', result: { failed: true, changed: false, msg, ...extra } };
}

/** Runs the action once (one item), with until/retries and the result conditions. */
async function runOnce(ts: TaskScope, task: Task, host: HostRun, scope: LazyVars, extra: Vars, journal: FactJournal): Promise<ActionOutcome> {
  const { run } = ts;
  const location = task.location;
  for (const cond of [...ts.inherited.when, ...(task.keywords.when ?? [])]) {
    const { value, warnings } = run.templar.evaluateCondition(cond, scope, location);
    for (const message of warnings) run.reporter.emit({ type: 'warning', message });
    if (!value) return { status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } };
  }
  const keywords = new KeywordReader(task, ts.inherited, run.templar, scope, location);
  const { to: delegatedTo, facts: delegatedFacts } = delegation(keywords);
  const untilConds = task.keywords.until;
  // retries defaults to 3 (four attempts); written as null it means three attempts.
  const attempts = !untilConds ? 1 : task.keywords.retries === undefined ? 4 : attemptCount(run.templar.render(task.keywords.retries, scope, location));
  let judged: ActionOutcome | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const outcome = withDefaults(await executeAction({ run, task, host, scope, keywords, location, journal }));
    // attempts is in the result before changed_when and failed_when read it. A result the action
    // itself skipped (a command in check mode) is retried too, as Ansible's task executor does.
    if (untilConds) outcome.result.attempts = attempt;
    judged = { ...withDefaults(judge(ts, task, host, outcome, extra)), delegatedTo, delegatedFacts };
    if (attempts === 1 || run.signal.aborted) return judged;
    const withResult = resultScope(ts, task, host, judged.result, extra);
    if ((untilConds ?? []).every((c) => run.templar.evaluateCondition(c, withResult, location).value)) return judged;
    if (attempt === attempts) break;
    // The worker's copy of the task is templated for this host (and item) when it runs: so is the name here.
    const name = templatedName(task, run.templar, scope) ?? task.written;
    run.reporter.emit({ type: 'message', message: `FAILED - RETRYING: [${host.name}]: ${name} (${attempts - attempt} retries left).` });
    const delay = Number(run.templar.render(task.keywords.delay ?? 5, scope, location));
    await sleep((delay < 0 ? 1 : delay) * 1000, run.signal);
  }
  // Out of attempts: Ansible reports the retries asked for (one less than the attempts made), with no message of its own.
  if (!judged) throw new Error('until loop ran no attempt');
  return { ...judged, status: 'failed', result: { ...judged.result, attempts: attempts - 1, failed: true } };
}

/** Ansible's attempts for `until`: retries + 1; retries 0 or less (or none given as null) run once, without checking until. */
function attemptCount(retries: unknown): number {
  if (retries === null || retries === undefined) return 3;
  const n = Number(retries);
  if (!Number.isInteger(n)) throw new LoopError(`retries must be an integer, got ${JSON.stringify(retries)}`);
  return Math.max(n, 0) + 1;
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
  let judging: 'changed' | 'failed' = 'changed';
  try {
    if (changedWhen) result.changed = all(changedWhen);
    judging = 'failed';
    if (failedWhen) {
      const failed = all(failedWhen);
      result.failed_when_result = failed;
      result.failed = failed;
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // A condition that cannot be evaluated fails the task and keeps the action's result, the error beside it (Ansible's task executor).
    result.failed = true;
    result[`${judging}_when_result`] = err.message;
  }
  const status: ActionOutcome['status'] = result.failed === true ? 'failed' : result.changed === true ? 'changed' : 'ok';
  return { ...outcome, status, result };
}

/** A looped task's items and the variables each item gets (its loop_var, index_var, ansible_loop). */
export function expandLoop(templar: Templar, task: Task, scope: LazyVars): { items: unknown[]; shape: LoopShape } {
  const loop = task.loop;
  if (!loop) throw new Error('expandLoop without a loop');
  const terms = templar.render(loop.kind === 'loop' ? loop.items : loop.terms, scope, task.location);
  const items = loopItems(loop, terms, searchDirs(task, 'files'));
  const control = task.keywords.loop_control ?? {};
  const flag = (v: unknown, fallback: boolean) => (v === undefined ? fallback : toBool(templar.render(v, scope, task.location)));
  const shape: LoopShape = {
    loopVar: control.loop_var ?? 'item',
    indexVar: control.index_var,
    extended: flag(control.extended, false),
    allItems: flag(control.extended_allitems, true),
  };
  return { items, shape };
}

/** A loop's outcome; `anyNoLog`: an item's result was censored, so the summary is too (Ansible hides it when any item is). */
async function runLoop(ts: TaskScope, task: Task, host: HostRun, scope: LazyVars, includes: IncludeRequest[], notify: unknown[], journal: FactJournal): Promise<{ status: HostStatus; result: ResultFields; anyNoLog: boolean; delegatedTo?: string | undefined }> {
  const { run } = ts;
  const { items, shape } = expandLoop(run.templar, task, scope);
  const control = task.keywords.loop_control ?? {};
  const pause = control.pause === undefined ? 0 : Number(run.templar.render(control.pause, scope, task.location));
  const results: ResultFields[] = [];
  const statuses: HostStatus[] = [];
  let anyNoLog = false;
  let delegatedTo: string | undefined;
  const info = shownTaskInfo(task);
  for (const [index, item] of items.entries()) {
    const extra = itemVars(shape, items, index);
    const itemScope = hostScope(run, ts.play, host.name, ts.inherited, task, extra);
    const outcome = await runOnce(ts, task, host, itemScope, extra, journal);
    if (outcome.include && outcome.status !== 'skipped' && outcome.status !== 'failed') includes.push({ ...outcome.include, vars: includedItemVars(extra) });
    // Each item that ran carries its own templated notify; all of them count when the task changed.
    if (outcome.status !== 'skipped') notify.push(...renderNotify(run.templar, task, itemScope));
    const label = itemLabel(control.label === undefined ? item : run.templar.render(control.label, itemScope, task.location));
    const result = itemResult(shape, outcome.result, extra);
    results.push(result);
    statuses.push(outcome.status);
    const noLog = new KeywordReader(task, ts.inherited, run.templar, itemScope, task.location).bool('no_log');
    anyNoLog ||= noLog;
    delegatedTo = outcome.delegatedTo ?? delegatedTo;
    run.reporter.emit({ type: 'host_result', task: info, host: host.name, status: outcome.status, result, item: label, censored: noLog, diff: outcome.diff, delegatedTo: outcome.delegatedTo });
    if (pause > 0 && index < items.length - 1) await sleep(pause * 1000, run.signal);
  }
  return { ...foldItems(results, statuses), anyNoLog, delegatedTo };
}

function loopSummaryNoLog(keywords: KeywordReader): boolean {
  try {
    return keywords.bool('no_log');
  } catch {
    return true;
  }
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
  let loopNoLog: boolean | undefined;
  let loopDelegate: string | undefined;
  const journal = new FactJournal();
  try {
    if (task.loop) ({ status, result, anyNoLog: loopNoLog, delegatedTo: loopDelegate } = await runLoop(ts, task, host, scope, includes, notify, journal));
    else {
      outcome = await runOnce(ts, task, host, scope, {}, journal);
      ({ status, result } = outcome);
      if (outcome.include && status !== 'skipped' && status !== 'failed') includes.push({ ...outcome.include, vars: {} });
    }
  } catch (err) {
    if (err instanceof UnreachableError) {
      status = 'unreachable';
      result = { changed: false, unreachable: true, msg: err.message };
    } else if (err instanceof InputError || err instanceof LoopError) {
      // A template or loop that fails on this host fails the task here, as in Ansible: a result with no `changed`.
      status = 'failed';
      result = { failed: true, msg: err.message };
    } else if (err instanceof InterruptedError || run.signal.aborted) {
      status = 'failed';
      result = failedOutcome(INTERRUPTED).result;
    } else throw err;
  }
  // Ctrl-C stopped the host's command (a module may have turned that into its own failure):
  // the result says so, and the output names the hosts that were mid-task.
  if (run.signal.aborted && status === 'failed') result = { ...result, msg: INTERRUPTED, interrupted: true };
  journal.end(status === 'failed' || status === 'unreachable');
  if (task.keywords.register) host.setVars[task.keywords.register] = registered(withoutInternalKeys(result));
  // A loop's summary is censored when an item was (Ansible's rule); when the loop failed
  // before its items, a no_log that reads the loop variable cannot be evaluated: hidden.
  const noLog = task.loop ? (loopNoLog ?? loopSummaryNoLog(keywords)) : keywords.bool('no_log');
  const ignored =
    (status === 'failed' && keywords.bool('ignore_errors')) || (status === 'unreachable' && keywords.bool('ignore_unreachable'));
  return {
    status,
    result,
    ignored,
    noLog,
    diff: outcome?.diff,
    includes,
    looped: task.loop !== undefined,
    ...(task.loop && { notify }),
    delegatedTo: outcome?.delegatedTo ?? loopDelegate,
    delegatedFacts: outcome?.delegatedFacts,
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

