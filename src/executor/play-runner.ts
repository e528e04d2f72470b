/**
 * One play: its hosts (pattern, --limit, minus hosts that failed earlier),
 * cut into serial batches; per batch facts, then pre_tasks, roles and
 * tasks, post_tasks, each section followed by a handler flush.
 */
import { selectHosts } from '../inventory/index.js';
import type { Node, Play, RoleRef, Task, Vars } from '../playbook/index.js';
import { playHandlers, playMainBlocks, playRoleRefs } from '../playbook/index.js';
import { serialBatches, SerialError, type SerialValue } from './batches.js';
import { runNodes } from './block-runner.js';
import { batchBroken } from './failures.js';
import type { RunContext } from './context.js';
import { flushHandlers } from './handlers.js';
import type { TaskScope } from './host-task.js';
import { toBool } from '../playbook/index.js';
import { hostScope, playScope } from './scope.js';
import type { LazyVars } from '../template/index.js';
import { dependencyNames, HostRun, ROOT_INHERITED, type HandlerEntry, type PlayState } from './state.js';
import { InputError } from '../errors.js';
import { hostVarsFilesCache, refreshVarsFiles, staticVarsFiles } from './vars-files.js';

export function playName(play: Play): string {
  return play.name ?? play.hosts.join(',');
}

function flattenTasks(nodes: readonly Node[]): Task[] {
  return nodes.flatMap((n) => (n.kind === 'task' ? [n] : flattenTasks([...n.block, ...n.rescue, ...n.always])));
}

function handlerEntries(play: Play, refs: readonly RoleRef[]): HandlerEntry[] {
  const byPath = new Map(refs.map((r) => [r.role.path, r]));
  return flattenTasks(playHandlers(play)).map((task) => ({ task, roleRef: task.role ? byPath.get(task.role.path) : undefined }));
}

/**
 * Every role's defaults or vars, visible play-wide (Ansible's default,
 * private_role_vars off). The `vars:` of a roles: entry or an import_role
 * count as that role's vars: Ansible exposes them to the whole play too.
 */
function mergedRoleVars(refs: readonly RoleRef[], which: 'defaults' | 'vars'): Vars {
  return Object.assign({}, ...refs.map((r) => (which === 'vars' ? { ...(r.role.vars?.vars ?? {}), ...(r.keywords.vars ?? {}) } : r.role.defaults?.vars ?? {}))) as Vars;
}

/** The roles a play names itself, in Ansible's play.roles order: its roles: entries, then each import_role as loaded. */
function namedRoles(play: Play): RoleRef[] {
  const imported: RoleRef[] = [];
  const visit = (n: Node): void => {
    if (n.kind !== 'block') return;
    if (n.roleRef && n.importedFrom?.action === 'import_role') imported.push(n.roleRef);
    [...n.block, ...n.rescue, ...n.always].forEach(visit);
  };
  [...play.pre_tasks, ...play.tasks, ...play.post_tasks].forEach(visit);
  return [...play.roles, ...imported];
}

/** A synthetic task for fact gathering, shown as Ansible shows it. */
function gatherTask(play: Play): Task {
  const subset = play.keywords.gather_subset;
  return {
    kind: 'task',
    name: 'Gathering Facts',
    action: 'setup',
    written: 'setup',
    args: subset ? { gather_subset: [...subset] } : {},
    keywords: {},
    location: play.location,
    locateArg: () => play.location,
  };
}

/** The play's hosts (pattern, --limit, run-time groups), hosts that failed earlier included. */
function selectPlayHosts(run: RunContext, play: Play): string[] {
  const { hosts, warnings } = selectHosts(run.inventory, play.hosts, run.options.limit, { runtimeGroups: run.runtimeGroups });
  for (const message of warnings) run.reporter.emit({ type: 'warning', message });
  for (const name of hosts) if (!run.hosts.has(name)) run.hosts.set(name, new HostRun(name));
  return hosts;
}

/** The play's hosts in its `order` (ansible_play_hosts_all keeps the inventory's: Ansible orders only the batches). */
function ordered(hosts: readonly string[], order: string | undefined): string[] {
  switch (order) {
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort();
    case 'reverse_sorted':
      return [...hosts].sort().reverse();
    case 'shuffle':
      return [...hosts].map((h) => [Math.random(), h] as const).sort((a, b) => a[0] - b[0]).map(([, h]) => h);
    default:
      return [...hosts];
  }
}

function serialOf(run: RunContext, play: Play, scope: LazyVars): readonly SerialValue[] | undefined {
  const raw = run.options.serial ?? play.keywords.serial;
  if (!raw) return undefined;
  return raw.map((v) => (typeof v === 'string' && run.templar.isTemplate(v) ? String(run.templar.render(v, scope, play.location)) : v));
}

/** Runs the play; returns false when the playbook must end here. */
export async function runPlay(run: RunContext, play: Play): Promise<boolean> {
  const started = Date.now();
  const name = playName(play);
  const allHosts = selectPlayHosts(run, play);
  // Hosts that failed or were unreachable in an earlier play sit this one out (but stay in ansible_play_hosts_all).
  const hosts = ordered(
    allHosts.filter((n) => !(run.hosts.get(n) as HostRun).failed && !(run.hosts.get(n) as HostRun).unreachable),
    play.keywords.order,
  );
  run.reporter.emit({ type: 'play_start', name, hosts });
  if (hosts.length === 0) {
    run.reporter.emit({ type: 'no_hosts_matched', play: name });
    return true;
  }
  const refs = playRoleRefs(play);
  const named = namedRoles(play);
  const hostVarsFiles = hostVarsFilesCache(play.vars_files);
  const vars = {
    playVars: play.keywords.vars ?? {},
    varsFiles: staticVarsFiles(play.vars_files),
    allRoleDefaults: mergedRoleVars(refs, 'defaults'),
    allRoleVars: mergedRoleVars(refs, 'vars'),
  };
  const scope = playScope(run, vars);
  const keyword = (v: unknown) => run.templar.render(v, scope, play.location);
  const pct = play.keywords.max_fail_percentage;
  const base = {
    ...vars,
    play,
    allHosts,
    ...(hostVarsFiles && { hostVarsFiles }),
    handlers: handlerEntries(play, refs),
    roleNames: named.map((r) => r.role.name),
    dependentRoleNames: dependencyNames(named),
    maxFailPercentage: pct === undefined ? undefined : Number(String(keyword(pct)).replace('%', '')),
    forceHandlers: toBool(keyword(play.keywords.force_handlers ?? false)),
  };
  let batches: string[][];
  try {
    batches = serialBatches(hosts, serialOf(run, play, scope));
  } catch (err) {
    if (err instanceof SerialError) throw new InputError(err.message, play.location);
    throw err;
  }
  let goOn = true;
  for (const [index, batchNames] of batches.entries()) {
    run.reporter.emit({ type: 'batch_start', play: name, batch: index + 1, batches: batches.length, hosts: batchNames });
    const state: PlayState = { ...base, batch: batchNames, notified: new Map(), rolesDone: new Map(), ended: false, endBatch: false, abortPlaybook: false, endPlaybookAfterBatch: false };
    const batch = batchNames.map((n) => run.hosts.get(n) as HostRun);
    for (const h of batch) h.endedPlay = false;
    // Templated vars_files first: a file none of whose names exists stops the playbook here, as in Ansible.
    await refreshVarsFiles(run, state, batch);
    await runBatch(run, state, batch);
    if (state.abortPlaybook || state.endPlaybookAfterBatch) run.brokePlay = true;
    if (run.brokePlay || batchBroken(batch) || run.signal.aborted) {
      goOn = false;
      break;
    }
    if (state.ended) break;
  }
  run.reporter.emit({ type: 'play_end', name, ms: Date.now() - started });
  return goOn;
}

async function runBatch(run: RunContext, state: PlayState, batch: HostRun[]): Promise<void> {
  const { play } = state;
  const ts: TaskScope = { run, play: state, inherited: { ...ROOT_INHERITED, keywordChain: [play.keywords as Record<string, unknown>], when: play.importConditions ?? [], tags: play.keywords.tags ?? [] } };
  const first = batch[0];
  const gather = play.keywords.gather_facts === undefined ? true : toBool(first ? run.templar.render(play.keywords.gather_facts, hostScope(run, state, first.name, undefined, undefined, {})) : true);
  if (gather) {
    // Facts are gathered whatever the tags, as Ansible does (its implicit task is tagged always).
    const factsTs: TaskScope = { ...ts, inherited: { ...ts.inherited, tags: ['always'], when: [] } };
    await runNodes(factsTs, [gatherTask(play)], batch, batch);
  }
  // Under force_handlers Ansible runs each section in a block whose always flushes the handlers:
  // a failure there is not counted against the batch (HostRun.uncountedFailure).
  const sectionTs: TaskScope = { ...ts, inherited: { ...ts.inherited, defersFailure: run.options.forceHandlers || state.forceHandlers === true } };
  const sections: ReadonlyArray<readonly Node[]> = [play.pre_tasks, playMainBlocks(play), play.post_tasks];
  for (const nodes of sections) {
    if (state.ended || state.endBatch || state.abortPlaybook || run.signal.aborted) break;
    await runNodes(sectionTs, nodes, batch, batch);
    if (!state.abortPlaybook && !run.signal.aborted) await flushHandlers(ts, batch, batch, runNodes);
  }
}
