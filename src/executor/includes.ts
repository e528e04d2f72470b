/**
 * include_tasks and include_role after the include task itself ran: the
 * hosts that reached it (per loop item) get the file's tasks or the role,
 * grouped by what they include, in the order first asked for. As in
 * Ansible, each included task file counts as ok for its hosts, an
 * include_role counts nothing, and an included role's handlers join the play.
 */
import { dirname } from 'node:path';
import type { Node, RoleRef, Task, Vars } from '../playbook/index.js';
import { roleBlock, TaskFileNotFound } from '../playbook/index.js';
import type { IncludeRequest, TaskScope } from './host-task.js';
import type { HostRun, Inherited } from './state.js';
import { count, settle, type TaskOutcomes } from './task-runner.js';
import { dependencyNames } from './state.js';

export type RunNodes = (ts: TaskScope, nodes: readonly Node[], hosts: readonly HostRun[], batch: readonly HostRun[]) => Promise<void>;

interface Group {
  request: IncludeRequest;
  hosts: HostRun[];
}

function groupRequests(outcomes: TaskOutcomes, batch: readonly HostRun[]): Group[] {
  const groups = new Map<string, Group>();
  for (const [name, outcome] of outcomes) {
    const host = batch.find((h) => h.name === name);
    if (!host) continue;
    for (const request of outcome.includes) {
      const key = JSON.stringify([request.kind, request.target, request.vars]);
      const group = groups.get(key) ?? { request, hosts: [] };
      if (!group.hosts.includes(host)) group.hosts.push(host);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

function addRoleHandlers(ts: TaskScope, nodes: readonly Node[], roleRef: RoleRef): void {
  const known = new Set(ts.play.handlers.map((h) => `${h.task.location.file}:${h.task.location.line}:${h.task.location.col}`));
  const flat = (list: readonly Node[]): Task[] => list.flatMap((n) => (n.kind === 'task' ? [n] : flat([...n.block, ...n.rescue, ...n.always])));
  for (const task of flat(nodes)) {
    const key = `${task.location.file}:${task.location.line}:${task.location.col}`;
    if (!known.has(key)) ts.play.handlers.push({ task, roleRef });
  }
}

/**
 * public: the role's defaults and vars join the play's, for every later
 * task and every host of the play (Ansible adds the role to the play's
 * roles, whose variables all hosts see), from now on.
 */
function exposeRoleVars(ts: TaskScope, ref: RoleRef): void {
  Object.assign(ts.play.allRoleDefaults, ref.role.defaults?.vars ?? {});
  Object.assign(ts.play.allRoleVars, ref.role.vars?.vars ?? {});
  ts.play.roleNames.push(ref.role.name);
  ts.play.dependentRoleNames.push(...dependencyNames([ref]));
}

/** What an include task brought, loaded: the nodes to run for these hosts, and how. */
export interface LoadedInclude {
  hosts: HostRun[];
  inherited: Inherited;
  nodes: readonly Node[];
}

/**
 * Loads every file and role the include task asked for, before any of them runs, as Ansible's
 * strategy does: a tasks file that is not there fails its hosts then (their outcome becomes the
 * failure, for any_errors_fatal and max_fail_percentage to judge before an included task runs).
 */
export async function loadIncludes(ts: TaskScope, task: Task, outcomes: TaskOutcomes, batch: readonly HostRun[]): Promise<LoadedInclude[]> {
  const apply = task.include?.apply ? [task.include.apply as Record<string, unknown>] : [];
  const applyTags = (task.include?.apply?.tags as string[] | undefined) ?? [];
  const loaded: LoadedInclude[] = [];
  for (const { request, hosts } of groupRequests(outcomes, batch)) {
    // The include's vars and the loop item's variables are visible to every included task.
    const params: Vars = { ...ts.inherited.includeParams, ...(task.keywords.vars ?? {}), ...request.vars };
    const inherited: Inherited = { ...ts.inherited, includeParams: params, keywordChain: [...ts.inherited.keywordChain, ...apply], tags: [...ts.inherited.tags, ...applyTags] };
    if (request.kind === 'tasks') {
      const baseDir = task.role ? task.role.path : dirname(task.location.file) || ts.play.play.baseDir;
      try {
        loaded.push({ hosts, inherited, nodes: await ts.run.loader.includeTasks(task, request.target, baseDir) });
      } catch (err) {
        if (!(err instanceof TaskFileNotFound)) throw err;
        // A file that is not there fails the hosts that include it, whatever ignore_errors says; the run goes on (Ansible's strategy).
        const result = { failed: true, reason: `Could not find or access '${err.path}' on the Ansible Controller.` };
        for (const h of hosts) {
          const failed = { status: 'failed' as const, result, ignored: false, noLog: false, includes: [], looped: false };
          settle(ts, task, h, failed);
          outcomes.set(h.name, failed);
        }
        continue;
      }
      for (const h of hosts) count(h, { status: 'ok', ignored: false, result: {} });
    } else {
      const include = task.include?.kind === 'role' ? task.include : undefined;
      const from = {
        ...(include?.tasks_from ? { tasks_from: include.tasks_from } : {}),
        ...(include?.vars_from ? { vars_from: include.vars_from } : {}),
        ...(include?.defaults_from ? { defaults_from: include.defaults_from } : {}),
        ...(include?.handlers_from ? { handlers_from: include.handlers_from } : {}),
      };
      const ref = await ts.run.loader.includeRole(task, request.target, from, ts.play.play.baseDir);
      addRoleHandlers(ts, ref.role.handlers, ref);
      if (include?.public) exposeRoleVars(ts, ref);
      loaded.push({ hosts, inherited, nodes: [roleBlock(ref)] });
    }
  }
  return loaded;
}

/** Runs what loadIncludes loaded, group after group. */
export async function runIncludes(ts: TaskScope, loaded: readonly LoadedInclude[], batch: readonly HostRun[], runNodes: RunNodes): Promise<void> {
  for (const { hosts, inherited, nodes } of loaded) await runNodes({ ...ts, inherited }, nodes, hosts, batch);
}
