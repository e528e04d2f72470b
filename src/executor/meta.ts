/**
 * meta tasks, with Ansible's linear-strategy rules: flush_handlers and
 * end_host are decided per host; end_play, end_batch, clear_facts and
 * clear_host_errors run once, for the first active host, and its `when`
 * decides for all (a `when` that is true on another host only is ignored,
 * as in Ansible). Each run shows the task's banner, and a host whose
 * `when` is false a skipped result; neither is counted in the recap.
 */
import type { Task } from '../playbook/index.js';
import type { TaskScope } from './host-task.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';
import { taskInfo } from './task-info.js';

const PER_HOST = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);
/** Actions that ignore `when` (Ansible warns that they do not support it). */
const UNCONDITIONAL = new Set(['noop', 'refresh_inventory', 'reset_connection']);

/** `flush` runs the handlers the hosts were notified of (meta: flush_handlers). */
export async function runMeta(ts: TaskScope, task: Task, hosts: HostRun[], batch: readonly HostRun[], flush: (hosts: HostRun[]) => Promise<void>): Promise<void> {
  const { run } = ts;
  // The loader takes a meta task only with one of Ansible's meta actions as its free text.
  const action = String(task.args._raw_params);
  const conds = UNCONDITIONAL.has(action) ? [] : [...ts.inherited.when, ...(task.keywords.when ?? [])];
  const holds = (h: HostRun) => {
    const scope = hostScope(run, ts.play, h.name, ts.inherited, task, {});
    return conds.every((c) => run.templar.evaluateCondition(c, scope, task.location).value);
  };
  const info = taskInfo(task);
  const applies: HostRun[] = [];
  for (const h of PER_HOST.has(action) ? hosts : hosts.slice(0, 1)) {
    // Ansible's strategy starts a per-host meta task once for each host: one banner each.
    run.reporter.emit({ type: 'task_start', task: info, hosts: [h.name] });
    if (holds(h)) applies.push(h);
    else run.reporter.emit({ type: 'host_result', task: info, host: h.name, status: 'skipped', result: { changed: false, skipped: true, skip_reason: `${action} conditional evaluated to False` } });
  }
  if (applies.length === 0) return;
  switch (action) {
    case 'flush_handlers':
      await flush(applies);
      return;
    case 'end_play':
      ts.play.ended = true;
      return;
    case 'end_batch':
      ts.play.endBatch = true;
      return;
    case 'end_host':
      for (const h of applies) h.endedPlay = true;
      return;
    case 'clear_facts':
      for (const h of batch) h.facts = {};
      return;
    case 'clear_host_errors':
      for (const h of batch) {
        // The failure no longer counts (later plays take the host again), but the host stays out of this play, as in Ansible.
        // (How a failure counts is read only of failed hosts, and set again at the next failure.)
        if (h.failed) h.endedPlay = true;
        h.failed = false;
      }
      return;
    default:
      return; // noop, refresh_inventory, reset_connection: nothing to do here
  }
}
