/**
 * Walks a list of tasks and blocks for the hosts of a batch: blocks pass
 * their keywords down, rescue catches failures (not unreachable hosts),
 * always runs regardless; dynamic includes load their tasks for the hosts
 * that reached them; meta tasks steer the play; roles run once per host
 * per play unless they allow duplicates.
 */
import type { Block, Node, Task } from '../playbook/index.js';
import { anyErrorsFatal, batchBroken } from './failures.js';
import type { TaskScope } from './host-task.js';
import { flushHandlers } from './handlers.js';
import { loadIncludes, runIncludes } from './includes.js';
import { runMeta } from './meta.js';
import { readAhead } from './read-ahead.js';
import { FailuresBefore, type HostRun, type Inherited } from './state.js';
import { taskSelected } from './tags.js';
import { runTask, taskTags } from './task-runner.js';

function participating(ts: TaskScope, hosts: readonly HostRun[]): HostRun[] {
  return hosts.filter((h) => !h.unreachable && !h.endedPlay && (!h.failed || ts.inherited.failedHostsStay || ts.inherited.failuresBeforeAlways?.stillOnly(h) === true));
}

function stop(ts: TaskScope): boolean {
  return ts.play.ended || ts.play.endBatch || ts.play.abortPlaybook || ts.run.signal.aborted;
}

async function runTaskNode(ts: TaskScope, task: Task, hosts: HostRun[], batch: readonly HostRun[]): Promise<void> {
  if (task.action === 'meta') {
    // Meta tasks obey --tags like any task (Ansible filters them the same way).
    if (ts.run.started && taskSelected(taskTags(ts, task), ts.run.options.tags, ts.run.options.skipTags)) await runMeta(ts, task, hosts, batch, (applies) => flushHandlers(ts, applies, batch, runNodes));
    return;
  }
  const outcomes = await runTask(ts, task, hosts);
  // Included files are loaded (a missing one failing its hosts) before the failures are judged, as in Ansible's strategy.
  const included = task.action === 'include_tasks' || task.action === 'include_role' ? await loadIncludes(ts, task, outcomes, batch) : [];
  anyErrorsFatal(ts, task, outcomes, batch);
  await runIncludes(ts, included, batch, runNodes);
}

function inheritFrom(ts: TaskScope, block: Block): Inherited {
  const parent = ts.inherited;
  return {
    ...parent,
    when: [...parent.when, ...(block.keywords.when ?? [])],
    tags: [...parent.tags, ...(block.keywords.tags ?? [])],
    blockVars: block.keywords.vars ? [...parent.blockVars, block.keywords.vars] : parent.blockVars,
    keywordChain: [...parent.keywordChain, block.keywords as Record<string, unknown>],
    roleRef: block.roleRef ?? parent.roleRef,
  };
}

async function runBlock(ts: TaskScope, block: Block, hosts: HostRun[], batch: readonly HostRun[]): Promise<void> {
  let members = hosts;
  if (block.roleRef && !block.roleRef.role.allowDuplicates) {
    const key = block.roleRef.key;
    members = hosts.filter((h) => !(ts.play.rolesDone.get(h.name)?.has(key) ?? false));
    for (const h of members) ts.play.rolesDone.set(h.name, new Set([...(ts.play.rolesDone.get(h.name) ?? []), key]));
    if (members.length === 0) return;
  }
  const inner: TaskScope = { ...ts, inherited: inheritFrom(ts, block) };
  // Ansible's iterator does not count a host failed while a rescue or an always of this block is ahead of it.
  const hasAlways = block.always.length > 0;
  const hasRescue = block.rescue.length > 0;
  const parent = inner.inherited;
  const section = (defers: boolean, rescueAhead: boolean, extra: Partial<Inherited> = {}): TaskScope => ({
    ...inner,
    inherited: {
      ...parent,
      defersFailure: parent.defersFailure || defers,
      exemptFromFatal: parent.exemptFromFatal || defers,
      shieldsFatal: defers || parent.rescueAhead,
      rescueAhead,
      inSection: 'block',
      ...extra,
    },
  });
  const body = section(hasRescue || hasAlways, parent.rescueAhead || hasRescue);
  const failedBefore = new Set(members.filter((h) => h.failed).map((h) => h.name));
  await runNodes(body, block.block, members, batch);
  const failedInBlock = members.filter((h) => h.failed && !failedBefore.has(h.name) && !h.unreachable);
  if (hasRescue) for (const h of failedInBlock) h.uncountedFailure = h.exemptFromFatal = false;
  if (hasRescue && !stop(ts)) {
    for (const h of failedInBlock) {
      // The failure is caught: the host counts as rescued, not failed.
      h.failed = false;
      h.stats.failed = Math.max(0, h.stats.failed - 1);
      h.stats.rescued++;
      if (h.lastFailure) {
        h.setVars.ansible_failed_task = h.lastFailure.task;
        h.setVars.ansible_failed_result = h.lastFailure.result;
      }
    }
    await runNodes(section(hasAlways, parent.rescueAhead, { inSection: 'rescue' }), block.rescue, failedInBlock, batch);
  }
  // runNodes stops at once when the run was stopped; an empty always runs nothing.
  if (hasAlways) {
    const failuresBeforeAlways = new FailuresBefore(members);
    await runNodes(section(false, parent.rescueAhead, { failuresBeforeAlways, inSection: 'always' }), block.always, members, batch);
  }
}

/** Runs `nodes` on `hosts` (a subset of `batch`) in order. */
export async function runNodes(ts: TaskScope, nodes: readonly Node[], hosts: readonly HostRun[], batch: readonly HostRun[]): Promise<void> {
  for (const [index, node] of nodes.entries()) {
    if (stop(ts)) return;
    const active = participating(ts, hosts);
    if (active.length === 0) return;
    if (node.kind === 'task') {
      await readAhead(ts, nodes, index, active);
      await runTaskNode(ts, node, active, batch);
    } else await runBlock(ts, node, active, batch);
  }
}

export { batchBroken, taskTags };
