/**
 * Walks a list of tasks and blocks for the hosts of a batch: blocks pass
 * their keywords down, rescue catches failures (not unreachable hosts),
 * always runs regardless; dynamic includes load their tasks for the hosts
 * that reached them; meta tasks steer the play; roles run once per host
 * per play unless they allow duplicates.
 */
import { dirname } from 'node:path';
import type { Block, Node, Task, Vars } from '../playbook/index.js';
import { flushHandlers } from './handlers.js';
import type { TaskScope } from './host-task.js';
import { KeywordReader } from './keywords.js';
import { hostScope } from './scope.js';
import type { HostRun, Inherited } from './state.js';
import { runTask, taskTags, type TaskOutcomes } from './task-runner.js';

function participating(ts: TaskScope, hosts: readonly HostRun[]): HostRun[] {
  return hosts.filter((h) => !h.unreachable && !h.endedPlay && (ts.inherited.inRescue || !h.failed));
}

/** After each task: any_errors_fatal, every host failed, max_fail_percentage. */
function checkBatch(ts: TaskScope, task: Task, outcomes: TaskOutcomes, batch: readonly HostRun[]): void {
  const { play, run } = ts;
  const failedNow = [...outcomes.entries()].filter(([, o]) => (o.status === 'failed' || o.status === 'unreachable') && !o.ignored);
  if (failedNow.length > 0) {
    const first = batch[0];
    const scope = first ? hostScope(run, play, first.name, ts.inherited, task, {}) : undefined;
    const fatal = scope ? new KeywordReader(task, ts.inherited, run.templar, scope, task.location).bool('any_errors_fatal') : false;
    if (fatal || play.play.keywords.any_errors_fatal === true) {
      for (const h of batch) if (!h.unreachable) h.failed = true;
    }
  }
  play.abortPlaybook = play.abortPlaybook || batchBroken(ts, batch);
}

/** Every host of the batch failed or unreachable, or more failed than max_fail_percentage allows. */
function batchBroken(ts: TaskScope, batch: readonly HostRun[]): boolean {
  if (batch.length === 0) return false;
  const down = batch.filter((h) => h.failed || h.unreachable).length;
  if (down === batch.length) return true;
  const pct = ts.play.play.keywords.max_fail_percentage;
  return pct !== undefined && (down / batch.length) * 100 > Number(pct);
}

function stop(ts: TaskScope): boolean {
  return ts.play.ended || ts.play.abortPlaybook || ts.run.signal.aborted;
}

async function runMeta(ts: TaskScope, task: Task, hosts: HostRun[], batch: readonly HostRun[]): Promise<void> {
  const action = String(task.args._raw_params ?? task.args.free_form ?? '').trim();
  const conds = [...ts.inherited.when, ...(task.keywords.when ?? [])];
  const applies = hosts.filter((h) => {
    const scope = hostScope(ts.run, ts.play, h.name, ts.inherited, task, {});
    return conds.every((c) => ts.run.templar.evaluateCondition(c, scope, task.location).value);
  });
  if (applies.length === 0) return;
  switch (action) {
    case 'flush_handlers':
      await flushHandlers(ts, batch);
      return;
    case 'end_play':
    case 'end_batch':
      ts.play.ended = true;
      return;
    case 'end_host':
      for (const h of applies) h.endedPlay = true;
      return;
    case 'clear_facts':
      for (const h of applies) h.facts = {};
      return;
    case 'clear_host_errors':
      for (const h of batch) h.failed = false;
      return;
    default:
      return; // noop, refresh_inventory, reset_connection: nothing to do here
  }
}

async function runIncludes(ts: TaskScope, task: Task, outcomes: TaskOutcomes, batch: readonly HostRun[]): Promise<void> {
  const groups = new Map<string, HostRun[]>();
  for (const [name, outcome] of outcomes) {
    if (!outcome.include || outcome.status === 'skipped' || outcome.status === 'failed') continue;
    const key = `${outcome.include.kind}\0${outcome.include.target}`;
    const host = batch.find((h) => h.name === name);
    if (host) groups.set(key, [...(groups.get(key) ?? []), host]);
  }
  for (const [key, hosts] of groups) {
    const [kind, target = ''] = key.split('\0');
    const baseDir = ts.play.play.baseDir;
    const params: Vars = { ...ts.inherited.includeParams, ...(task.keywords.vars ?? {}) };
    const apply = task.include?.apply ? [task.include.apply as Record<string, unknown>] : [];
    const inherited: Inherited = { ...ts.inherited, includeParams: params, keywordChain: [...ts.inherited.keywordChain, ...apply], tags: [...ts.inherited.tags, ...((task.include?.apply?.tags as string[] | undefined) ?? [])] };
    if (kind === 'tasks') {
      const nodes = await ts.run.loader.includeTasks(task, target, task.role ? task.role.path : dirname(task.location.file) || baseDir);
      await runNodes({ ...ts, inherited }, nodes, hosts, batch);
    } else {
      const include = task.include?.kind === 'role' ? task.include : undefined;
      const from = {
        ...(include?.tasks_from ? { tasks_from: include.tasks_from } : {}),
        ...(include?.vars_from ? { vars_from: include.vars_from } : {}),
        ...(include?.defaults_from ? { defaults_from: include.defaults_from } : {}),
        ...(include?.handlers_from ? { handlers_from: include.handlers_from } : {}),
      };
      const ref = await ts.run.loader.includeRole(task, target, from, baseDir);
      const { roleBlock } = await import('../playbook/index.js');
      await runNodes({ ...ts, inherited }, [roleBlock(ref)], hosts, batch);
    }
  }
}

async function runTaskNode(ts: TaskScope, task: Task, hosts: HostRun[], batch: readonly HostRun[]): Promise<void> {
  if (task.action === 'meta') {
    if (ts.run.started) await runMeta(ts, task, hosts, batch);
    return;
  }
  const outcomes = await runTask(ts, task, hosts);
  checkBatch(ts, task, outcomes, batch);
  if (task.action === 'include_tasks' || task.action === 'include_role') await runIncludes(ts, task, outcomes, batch);
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
  const failedBefore = new Set(members.filter((h) => h.failed).map((h) => h.name));
  await runNodes(inner, block.block, members, batch);
  const failedInBlock = members.filter((h) => h.failed && !failedBefore.has(h.name) && !h.unreachable);
  if (block.rescue.length > 0 && failedInBlock.length > 0 && !ts.play.ended && !ts.run.signal.aborted) {
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
    ts.play.abortPlaybook = batchBroken(ts, batch);
    await runNodes(inner, block.rescue, failedInBlock, batch);
  }
  if (block.always.length > 0 && !ts.play.ended && !ts.run.signal.aborted) {
    const abort = ts.play.abortPlaybook;
    await runNodes({ ...inner, inherited: { ...inner.inherited, inRescue: true } }, block.always, members, batch);
    ts.play.abortPlaybook = abort || ts.play.abortPlaybook;
  }
}

/** Runs `nodes` on `hosts` (a subset of `batch`) in order. */
export async function runNodes(ts: TaskScope, nodes: readonly Node[], hosts: readonly HostRun[], batch: readonly HostRun[]): Promise<void> {
  for (const node of nodes) {
    if (stop(ts)) return;
    const active = participating(ts, hosts);
    if (active.length === 0) return;
    if (node.kind === 'task') await runTaskNode(ts, node, active, batch);
    else await runBlock(ts, node, active, batch);
  }
}

export { taskTags };
