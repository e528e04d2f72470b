/**
 * What the executor remembers about each host during a run (across plays),
 * and what it knows inside one play.
 */
import type { Play, RoleRef, Task, Vars } from '../playbook/index.js';
import { emptyStats, type HostStats } from '../output/events.js';

export class HostRun {
  readonly name: string;
  /** Failed in some play: left out of every later task and play. */
  failed = false;
  unreachable = false;
  readonly stats: HostStats = emptyStats();
  /** Some result was counted: only such hosts appear in the recap (as in Ansible). */
  processed = false;
  /** Facts as modules return them (setup's with the ansible_ prefix, package_facts' `packages` without): Ansible's fact cache. */
  facts: Vars = {};
  /** set_fact and register: they last for the whole run. */
  readonly setVars: Vars = {};
  /** include_vars results: they last for the whole run too. */
  readonly includedVars: Vars = {};
  /**
   * Failed where Ansible's strategy does not count the host among the
   * batch's failed hosts (any_errors_fatal, max_fail_percentage): inside a
   * block a rescue will catch, or one with an always section (then for the
   * rest of the batch: only the iterator's tally at the batch's end counts it).
   */
  uncountedFailure = false;
  /** Its failure is in a block whose rescue or always is ahead (Inherited.exemptFromFatal). */
  exemptFromFatal = false;
  /** Its failure does not fire any_errors_fatal (Inherited.shieldsFatal). */
  shieldedFailure = false;
  /** meta: end_host: done with this play. */
  endedPlay = false;
  /** The last task that failed on this host and its result (ansible_failed_task / _result in rescue). */
  lastFailure?: { task: Record<string, unknown>; result: Record<string, unknown> } | undefined;

  constructor(name: string) {
    this.name = name;
  }
}

/**
 * A task's facts on one host (set_fact, include_vars, a module's ansible_facts) take effect only
 * if the task does not fail in the end (failed_when, an item of its loop, until out of attempts),
 * as Ansible's strategy drops a failed result's facts. The host's own facts are written at once
 * (the task's later loop items see them, as on Ansible's worker) and put back on failure; facts
 * for a delegated host are staged and applied when the task ends well, so that the hosts that
 * delegate to it at once never undo each other's.
 */
export class FactJournal {
  #own: { host: HostRun; facts: Vars; setVars: Vars; includedVars: Vars } | undefined;
  readonly #staged = new Map<HostRun, HostRun>();

  /** Where this task writes facts meant for `target`: the host itself, or a staging copy of a delegated host. */
  writeTo(host: HostRun, target: HostRun): HostRun {
    if (target !== host) {
      let staging = this.#staged.get(target);
      if (!staging) this.#staged.set(target, (staging = new HostRun(target.name)));
      return staging;
    }
    this.#own ??= { host, facts: host.facts, setVars: { ...host.setVars }, includedVars: { ...host.includedVars } };
    return host;
  }

  /** The task ended: its delegated facts applied, or (failed) every fact it wrote undone. */
  end(failed: boolean): void {
    if (failed && this.#own) {
      const { host, facts, setVars, includedVars } = this.#own;
      host.facts = facts;
      replaceContents(host.setVars, setVars);
      replaceContents(host.includedVars, includedVars);
    }
    if (!failed) {
      for (const [target, staged] of this.#staged) {
        target.facts = { ...target.facts, ...staged.facts };
        Object.assign(target.setVars, staged.setVars);
        Object.assign(target.includedVars, staged.includedVars);
      }
    }
    this.#own = undefined;
    this.#staged.clear();
  }
}

function replaceContents(into: Vars, from: Vars): void {
  for (const key of Object.keys(into)) if (!(key in from)) delete into[key];
  Object.assign(into, from);
}

/**
 * The hosts already failed, each with its failure, at the start of an always section or a
 * handlers' flush: such a host still runs it, until it fails again there (Ansible then completes
 * the block, or drops its later handlers).
 */
export class FailuresBefore {
  readonly #failures: ReadonlyMap<string, unknown>;

  constructor(hosts: readonly HostRun[]) {
    this.#failures = new Map(hosts.filter((h) => h.failed).map((h) => [h.name, h.lastFailure]));
  }

  /** Failed before, and not again since. */
  stillOnly(h: HostRun): boolean {
    return this.#failures.has(h.name) && this.#failures.get(h.name) === h.lastFailure;
  }
}

export interface HandlerEntry {
  task: Task;
  /** The role the handler comes from, if any (its variables are in scope). */
  roleRef?: RoleRef | undefined;
}

/** One host's vars_files variables, and the facts they were templated with (new facts, new templating). */
export interface HostVarsFiles {
  facts: Vars;
  vars: Vars;
}

/** One play on one batch of hosts. */
export interface PlayState {
  play: Play;
  /** Every host of the play (all batches), for ansible_play_hosts_all. */
  allHosts: readonly string[];
  /** The hosts of the current batch. */
  batch: readonly string[];
  playVars: Vars;
  /** The play's vars_files merged in order, when none is templated (then it is the static ones only). */
  varsFiles: Vars;
  /**
   * Set when some vars_files entry is templated: each host's own merge of
   * all entries in order, with the facts it was computed from (see vars-files.ts).
   */
  hostVarsFiles?: Map<string, HostVarsFiles>;
  /** Defaults and vars of every role of the play: visible to all its tasks (Ansible's default). */
  allRoleDefaults: Vars;
  allRoleVars: Vars;
  /**
   * The roles of Ansible's play.roles: the play's roles: entries, its
   * import_roles, then each public include_role as it runs; and their
   * dependencies. The *role_names magic variables show them.
   */
  roleNames: string[];
  dependentRoleNames: string[];
  /** max_fail_percentage, templated with the play's variables; absent: no limit. */
  maxFailPercentage?: number | undefined;
  /** force_handlers, templated with the play's variables. */
  forceHandlers?: boolean | undefined;
  /** The play's handlers in definition order; include_role appends its role's. */
  handlers: HandlerEntry[];
  /** host -> indexes (in `handlers`) of the handlers notified and not yet run. */
  readonly notified: Map<string, Set<number>>;
  /** Role instances already run, per host (roles run once per play unless allow_duplicates). */
  readonly rolesDone: Map<string, Set<string>>;
  /** meta: end_play. */
  ended: boolean;
  /** meta: end_batch: the next batch still runs. */
  endBatch: boolean;
  /** any_errors_fatal or max_fail_percentage struck: nothing more runs, the playbook ends. */
  abortPlaybook: boolean;
  /** any_errors_fatal struck while some host was exempt (its next task a rescue's or always's): the batch goes on, then the playbook ends. */
  endPlaybookAfterBatch: boolean;
}

/** What enclosing blocks, imports and roles pass down to a task. */
export interface Inherited {
  when: ReadonlyArray<string | boolean>;
  tags: readonly string[];
  blockVars: readonly Vars[];
  roleRef?: RoleRef | undefined;
  /** include_tasks / include_role vars. */
  includeParams: Vars;
  /** Keywords that blocks pass to tasks (become, ignore_errors, ...), innermost last. */
  keywordChain: ReadonlyArray<Record<string, unknown>>;
  /** Failed hosts stay in (handlers under force_handlers). */
  failedHostsStay: boolean;
  /** In an always section: the hosts that had failed when it began. */
  failuresBeforeAlways?: FailuresBefore | undefined;
  /** In a block with a rescue (its block section) or an always (its block and rescue sections), or inside one: a failure here is not counted against the batch. */
  defersFailure: boolean;
  /**
   * The same for a block of the playbook's own: after a failure here the host's next task is a
   * rescue's or an always's, which exempts it when any_errors_fatal fires. Not for force_handlers'
   * section: Ansible wraps each section in a block whose always is itself a block (the handlers'
   * flush), and its iterator exempts a host only when its next task is a rescue's or an always's own.
   */
  exemptFromFatal: boolean;
  /**
   * A failure here does not fire any_errors_fatal (Ansible's iterator does not call the host
   * failed): the innermost block has a rescue or an always ahead, or an enclosing one a rescue.
   * An enclosing block's always alone does not shield.
   */
  shieldsFatal: boolean;
  /** Inside the block section of a block with a rescue. */
  rescueAhead: boolean;
  /** The section of the innermost block ('block' for a play's own tasks too). */
  inSection: 'block' | 'rescue' | 'always';
}

/** The names of every role the roles depend on, at any depth, once each. */
export function dependencyNames(refs: readonly RoleRef[]): string[] {
  const names = new Set<string>();
  const walk = (ref: RoleRef): void => {
    for (const dep of ref.role.dependencies) {
      names.add(dep.role.name);
      walk(dep);
    }
  };
  refs.forEach(walk);
  return [...names];
}

export const ROOT_INHERITED: Inherited = {
  when: [],
  tags: [],
  blockVars: [],
  includeParams: {},
  keywordChain: [],
  failedHostsStay: false,
  defersFailure: false,
  exemptFromFatal: false,
  shieldsFatal: false,
  rescueAhead: false,
  inSection: 'block',
};
