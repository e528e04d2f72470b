/**
 * Read-ahead: before a task runs, the queries of the next tasks that only
 * read the host (file, template, copy, stat...) run at once on each host,
 * their commands batched into one exec, and the answers are kept in the run's
 * read cache. When those tasks' turns come, their queries take the answers
 * instead of asking the host again. Ansible's semantics stay exact because
 * every task still runs in order with its own variables (the read-ahead
 * result is thrown away; only the host's answers are kept) and the cache is
 * emptied by anything that may change a host. How far to read ahead doubles
 * per task that changed nothing on the host and falls back to none after a
 * change, so a first deploy (everything changes) pays nothing for it.
 */
import pMap from 'p-map';
import { findModule } from '../modules/registry.js';
import { isEngineAction, type Node, type Task } from '../playbook/index.js';
import type { LazyVars } from '../template/index.js';
import { prepareModuleCall } from './actions.js';
import { expandLoop, type TaskScope } from './host-task.js';
import { KeywordReader } from './keywords.js';
import { itemVars } from './loop-results.js';
import { checkModuleArgs } from './module-args.js';
import { moduleContext } from './module-context.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';
import { taskSelected } from './tags.js';
import { taskTags } from './task-runner.js';

/** Loops whose items come from the task's own terms, not from a lookup that reads or runs something. */
const PURE_LOOKUPS = new Set(['items', 'list', 'flattened', 'dict', 'indexed_items', 'together', 'nested', 'subelements']);
/** A lookup runs code on the controller (pipe, password files): never twice for one task. */
const CALLS_LOOKUP = /\b(lookup|query|q)\s*\(/;

const eligible = new WeakMap<Task, boolean>();

/** Whether a task's query may run ahead of its turn: a read-only module, on its own host, with no side effect in its templating. */
async function mayReadAhead(task: Task): Promise<boolean> {
  const known = eligible.get(task);
  if (known !== undefined) return known;
  const module = isEngineAction(task.action) ? undefined : await findModule(task.action);
  const k = task.keywords;
  const loopOk = !task.loop || task.loop.kind === 'loop' || PURE_LOOKUPS.has(task.loop.lookup);
  const written = JSON.stringify([task.args, k.when, task.loop, k.loop_control, k.become, k.become_user, k.environment, k.check_mode, k.diff]);
  const ok =
    module?.readOnlyQuery === true &&
    !task.handler &&
    k.delegate_to === undefined &&
    k.run_once === undefined &&
    k.until === undefined &&
    loopOk &&
    !CALLS_LOOKUP.test(written);
  eligible.set(task, ok);
  return ok;
}

/** The tasks from `index` on that may be read ahead, in order, skipping those --tags leaves out; at most `limit`. */
async function tasksAhead(ts: TaskScope, nodes: readonly Node[], index: number, limit: number): Promise<Task[]> {
  const { options } = ts.run;
  if (ts.inherited.when.some((c) => typeof c === 'string' && CALLS_LOOKUP.test(c))) return [];
  const out: Task[] = [];
  for (let i = index; i < nodes.length && out.length < limit; i++) {
    const node = nodes[i] as Node;
    if (node.kind !== 'task') break;
    if (!taskSelected(taskTags(ts, node), options.tags, options.skipTags)) continue;
    if (!(await mayReadAhead(node))) break;
    out.push(node);
  }
  return out;
}

/** Before `nodes[index]` runs on `hosts`: reads ahead on every host whose window is open and not yet covered. */
export async function readAhead(ts: TaskScope, nodes: readonly Node[], index: number, hosts: readonly HostRun[]): Promise<void> {
  const { run } = ts;
  const first = nodes[index];
  if (!run.started || run.signal.aborted || run.options.readAhead === false || first?.kind !== 'task') return;
  const due = hosts.filter((h) => run.reads.window(h.name) > 1 && !run.reads.covers(h.name, first));
  if (due.length === 0) return;
  const widest = Math.max(...due.map((h) => run.reads.window(h.name)));
  const tasks = await tasksAhead(ts, nodes, index, widest);
  // One task alone costs its round trip either way.
  if (tasks.length < 2 || tasks[0] !== first) return;
  const epoch = run.reads.epoch;
  await pMap(
    due,
    async (host) => {
      const ahead = tasks.slice(0, run.reads.window(host.name));
      await Promise.all(ahead.map((task) => readAheadTask(ts, task, host)));
      run.reads.cover(host.name, ahead, epoch);
    },
    { concurrency: Math.max(1, run.options.forks) },
  );
}

/** Runs one task's queries (one per loop item) in read-ahead mode; any failure is left for the task's own turn to meet and report. */
async function readAheadTask(ts: TaskScope, task: Task, host: HostRun): Promise<void> {
  const { run } = ts;
  try {
    const scope = hostScope(run, ts.play, host.name, ts.inherited, task, {});
    if (!task.loop) return await readAheadOnce(ts, task, host, scope);
    const { items, shape } = expandLoop(run.templar, task, scope);
    await Promise.all(items.map((_, i) => readAheadOnce(ts, task, host, hostScope(run, ts.play, host.name, ts.inherited, task, itemVars(shape, items, i)))));
  } catch {
    // The task's turn evaluates the same templates and reports what fails.
  }
}

async function readAheadOnce(ts: TaskScope, task: Task, host: HostRun, scope: LazyVars): Promise<void> {
  const { run } = ts;
  try {
    for (const cond of [...ts.inherited.when, ...(task.keywords.when ?? [])]) if (!run.templar.evaluateCondition(cond, scope, task.location).value) return;
    const keywords = new KeywordReader(task, ts.inherited, run.templar, scope, task.location);
    const call = await prepareModuleCall({ run, task, host, scope, keywords, location: task.location });
    const checked = checkModuleArgs(call.module, call.args);
    if (!checked.ok) return;
    const ctx = moduleContext(host.name, call.connection, call.options, { cache: run.reads, mode: 'read-ahead' });
    await (call.module.readAhead ? call.module.readAhead(checked.params, ctx) : call.module.query(checked.params, ctx));
  } catch {
    // Not a plain read, or a failure the task's own turn reports.
  }
}
