/**
 * meta tasks, with Ansible's linear-strategy rules: flush_handlers and
 * end_host are decided per host; end_play, end_batch, clear_facts and
 * clear_host_errors run once, for the first active host, and its `when`
 * decides for all (a `when` that is true on another host only is ignored,
 * as in Ansible). Meta results are not counted in the recap.
 */
import type { Task } from '../playbook/index.js';
import { flushHandlers } from './handlers.js';
import type { TaskScope } from './host-task.js';
import type { RunNodes } from './includes.js';
import { hostScope } from './scope.js';
import type { HostRun } from './state.js';

const PER_HOST = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);

export async function runMeta(ts: TaskScope, task: Task, hosts: HostRun[], batch: readonly HostRun[], runNodes: RunNodes): Promise<void> {
  const action = String(task.args._raw_params ?? task.args.free_form ?? '').trim();
  const conds = [...ts.inherited.when, ...(task.keywords.when ?? [])];
  const holds = (h: HostRun) => {
    const scope = hostScope(ts.run, ts.play, h.name, ts.inherited, task, {});
    return conds.every((c) => ts.run.templar.evaluateCondition(c, scope, task.location).value);
  };
  const candidates = PER_HOST.has(action) ? hosts : hosts.slice(0, 1);
  const applies = candidates.filter(holds);
  if (applies.length === 0) return;
  switch (action) {
    case 'flush_handlers':
      await flushHandlers(ts, applies, runNodes);
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
        h.failed = false;
        h.pendingRescue = false;
      }
      return;
    default:
      return; // noop, refresh_inventory, reset_connection: nothing to do here
  }
}
