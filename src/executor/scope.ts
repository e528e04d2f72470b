/**
 * The variables a task sees on one host: Ansible's precedence levels
 * (src/vars/layers.ts) filled from the run, the play, the enclosing blocks
 * and roles, and the task; then the magic variables. Values that are
 * templates are rendered when read (createLazyVars).
 */
import { dirname } from 'node:path';
import type { Inventory } from '../inventory/index.js';
import type { Task, Vars } from '../playbook/index.js';
import { createLazyVars, markRendered, OMIT, rawLayers, type LazyVars, type Templar } from '../template/index.js';
import { orderedLayers, type LayerStack } from '../vars/layers.js';
import type { HostRun, Inherited, PlayState } from './state.js';

/** The run's command-line switches that magic variables show (ansible_check_mode, ...); RunOptions has them. */
export interface ScopeOptions {
  check: boolean;
  diff: boolean;
  forks: number;
  verbosity: number;
  tags: readonly string[];
  skipTags: readonly string[];
}

export interface RunScopeSources {
  inventory: Inventory;
  templar: Templar;
  hosts: ReadonlyMap<string, HostRun>;
  extraVars: Vars;
  /** The first playbook's folder (playbook_dir itself is per play: see magicBase). */
  playbookDir: string;
  options: ScopeOptions;
  /** Groups made at run time (group_by): host -> groups seen in `groups` and `group_names`. */
  runtimeGroups?: ReadonlyMap<string, string[]>;
}

/** A host's inventory variables; the implicit localhost has the `all` group's and ansible_connection=local, as in Ansible. */
function inventoryVars(run: RunScopeSources, host: string): Readonly<Vars> {
  return run.inventory.hasHost(host) || run.inventory.isImplicitLocalhost(host) ? run.inventory.sharedHostVars(host) : {};
}

/** The inventory's groups plus those group_by made. */
function groupsWithRuntime(run: RunScopeSources): Record<string, string[]> {
  const groups = run.inventory.groupsMap();
  if (!run.runtimeGroups || run.runtimeGroups.size === 0) return groups;
  const out = { ...groups };
  for (const [name, members] of run.runtimeGroups) out[name] = [...new Set([...(out[name] ?? []), ...members])];
  return out;
}

/**
 * Facts as variables, as Ansible injects its fact cache: each under the
 * name the module gave it (`ansible_hostname`, package_facts' `packages`),
 * and all in `ansible_facts` without the ansible_ prefix.
 */
export function factVars(facts: Vars): Vars {
  // Every scope of the host (its tasks, everyone's hostvars[host]) reads the same facts: made once per facts object.
  const known = factViews.get(facts);
  if (known) return known;
  const namespaced: Vars = {};
  for (const [k, v] of Object.entries(facts)) namespaced[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  const view = { ...facts, ansible_facts: namespaced };
  factViews.set(facts, view);
  return view;
}
/** Facts objects are replaced, never changed in place (HostRun.facts), so a view per object stays true. */
const factViews = new WeakMap<Vars, Vars>();

/**
 * A read-only mapping over a scope, for templates: hostvars[host] over the host's lazy scope, `vars`
 * over the raw layers. Marked so that the lazy scope never walks it (it renders on read, or shows
 * values as written).
 */
function mappingView(scope: Pick<LazyVars, 'get' | 'has' | 'keys'>): Vars {
  const view = new Proxy<Vars>({}, {
    get: (_t, name) => (typeof name === 'string' ? scope.get(name) : undefined),
    has: (_t, name) => typeof name === 'string' && scope.has(name),
    ownKeys: () => scope.keys(),
    getOwnPropertyDescriptor: (_t, name) =>
      typeof name === 'string' && scope.has(name) ? { enumerable: true, configurable: true, writable: false, value: scope.get(name) } : undefined,
  });
  markRendered(view);
  return view;
}

function hostvarsProxy(run: RunScopeSources, play: PlayState): Vars {
  const target: Vars = {};
  const scopes = new Map<string, LazyVars>();
  const scopeOf = (host: string): LazyVars | undefined => {
    // The implicit localhost is there too (Ansible makes it when asked for).
    if (!run.inventory.hasHost(host) && !run.inventory.isImplicitLocalhost(host) && !run.hosts.has(host)) return undefined;
    let s = scopes.get(host);
    if (!s) scopes.set(host, (s = hostvarsScope(run, play, host)));
    return s;
  };
  // Both proxies render on read: marked so that the lazy scope does not walk them (it would recurse through hostvars).
  const proxy = new Proxy(target, {
    get: (_t, host) => {
      if (typeof host !== 'string') return undefined;
      const scope = scopeOf(host);
      return scope ? mappingView(scope) : undefined;
    },
    has: (_t, host) => typeof host === 'string' && scopeOf(host) !== undefined,
    ownKeys: () => [...run.inventory.hostNames],
    getOwnPropertyDescriptor: (_t, host) => {
      if (typeof host !== 'string') return undefined;
      const scope = scopeOf(host);
      return scope ? { enumerable: true, configurable: true, writable: false, value: mappingView(scope) } : undefined;
    },
  });
  markRendered(proxy);
  return proxy;
}

function groupNamesWithRuntime(run: RunScopeSources, host: string): string[] {
  const names = run.inventory.hasHost(host) ? run.inventory.groupNamesOf(host) : [];
  const extra = [...(run.runtimeGroups ?? [])].filter(([name, members]) => members.includes(host) && !names.includes(name)).map(([name]) => name);
  return extra.length === 0 ? names : [...names, ...extra].sort();
}

/**
 * The magic variables of `host` in `play` that no role or task changes:
 * made once per play and host (a template reading hostvars[h] for every h
 * makes a scope per h, for every host and task). Those that change during
 * the play (host lists, groups, hostvars) are getters, computed at each read.
 */
function magicBase(run: RunScopeSources, play: PlayState, host: string): Vars {
  let memo = magicBases.get(play);
  if (!memo || memo.run !== run) magicBases.set(play, (memo = { run, hosts: new Map() }));
  const known = memo.hosts.get(host);
  if (known) return known;
  // Ansible's "removed hosts": failed, unreachable, or ended with end_host.
  const inPlay = (h: string) => {
    const r = run.hosts.get(h);
    return !r || (!r.failed && !r.unreachable && !(r.endedPlay && play.batch.includes(h)));
  };
  const base: Vars = {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    ansible_play_hosts_all: play.allHosts,
    ansible_play_name: play.play.name ?? play.play.hosts.join(','),
    // The folder of the playbook file the play is in (an imported playbook's own), as in Ansible.
    playbook_dir: play.play.baseDir,
    inventory_dir: run.inventory.inventoryDir(host) ?? null,
    inventory_file: run.inventory.inventoryFile(host) ?? null,
    omit: OMIT,
    ansible_check_mode: run.options.check,
    ansible_diff_mode: run.options.diff,
    ansible_forks: run.options.forks,
    ansible_verbosity: run.options.verbosity,
    ansible_run_tags: run.options.tags.length > 0 ? run.options.tags : ['all'],
    ansible_skip_tags: run.options.skipTags,
    ansible_version: { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0' },
  };
  const live: Record<string, () => unknown> = {
    group_names: () => groupNamesWithRuntime(run, host),
    groups: () => groupsWithRuntime(run),
    hostvars: () => hostvarsProxy(run, play),
    play_hosts: () => play.batch.filter(inPlay),
    ansible_play_hosts: () => play.allHosts.filter(inPlay),
    ansible_play_batch: () => play.batch.filter(inPlay),
    ansible_play_role_names: () => [...play.roleNames],
    role_names: () => [...play.roleNames],
    ansible_dependent_role_names: () => [...play.dependentRoleNames],
    ansible_role_names: () => [...new Set([...play.dependentRoleNames, ...play.roleNames])],
  };
  for (const [name, get] of Object.entries(live)) Object.defineProperty(base, name, { enumerable: true, get });
  memo.hosts.set(host, base);
  return base;
}
const magicBases = new WeakMap<PlayState, { run: RunScopeSources; hosts: Map<string, Vars> }>();

/** The magic variables of a role's task (role_name...) and the task's search path, above the base ones. */
function roleMagic(inherited: Inherited | undefined): Vars {
  const role = inherited?.roleRef?.role;
  return role ? { role_name: role.name, role_path: role.path, ansible_role_name: role.name } : {};
}

/**
 * What `hostvars[host]` shows: the host's own variables (inventory, facts,
 * include_vars, set_fact/register, extra vars), not the play's or roles':
 * Ansible builds hostvars without a play.
 */
function hostvarsScope(run: RunScopeSources, play: PlayState, host: string): LazyVars {
  const state = run.hosts.get(host);
  const stack: LayerStack = {
    inventory: [inventoryVars(run, host)],
    facts: [factVars(state?.facts ?? {})],
    include_vars: [state?.includedVars ?? {}],
    host_facts_set: [state?.setVars ?? {}],
    extra_vars: [run.extraVars],
  };
  return createLazyVars([...orderedLayers(stack), magicBase(run, play, host)], run.templar);
}

/**
 * The scope of `host` for a task (or, without inherited/task, at play level
 * as `hostvars` shows it). `extra` holds loop variables and the like, above
 * everything but the magic variables.
 */
export function hostScope(run: RunScopeSources, play: PlayState, host: string, inherited: Inherited | undefined, task: Task | undefined, extra: Vars): LazyVars {
  const state = run.hosts.get(host);
  const roleRef = inherited?.roleRef;
  const stack: LayerStack = {
    role_defaults: [play.allRoleDefaults, roleRef?.role.defaults?.vars ?? {}],
    inventory: [inventoryVars(run, host)],
    facts: [factVars(state?.facts ?? {})],
    play_vars: [play.playVars],
    vars_files: [play.hostVarsFiles?.get(host)?.vars ?? play.varsFiles],
    role_vars: [play.allRoleVars, roleRef?.role.vars?.vars ?? {}],
    block_vars: inherited?.blockVars ?? [],
    task_vars: [task?.keywords.vars ?? {}],
    include_vars: [state?.includedVars ?? {}],
    host_facts_set: [state?.setVars ?? {}],
    role_params: [roleRef?.params ?? {}],
    include_params: [inherited?.includeParams ?? {}],
    extra_vars: [run.extraVars],
  };
  const magic = roleMagic(inherited);
  if (task) magic.ansible_search_path = searchPath(play, task);
  const ordered = orderedLayers(stack);
  const base = magicBase(run, play, host);
  // Ansible's `vars`: every variable of the task's scope by name, as written (2.14 does not
  // template its values), without the loop's variables; made when read.
  Object.defineProperty(magic, 'vars', { enumerable: true, get: () => mappingView(rawLayers([...ordered, base, magic])) });
  return createLazyVars([...ordered, extra, base, magic], run.templar);
}

/**
 * Ansible's `ansible_search_path` for a task (lookups find files through
 * it): the task's role, the folder of the file the task is written in, and
 * the play's playbook folder. Ansible also lists the roles that pulled this
 * one in as dependencies; kolla-run knows only the task's own role here.
 */
function searchPath(play: PlayState, task: Task): string[] {
  const dirs = [...(task.role ? [task.role.path] : []), dirname(task.location.file), play.play.baseDir];
  return [...new Set(dirs)];
}

/**
 * What a play's own keywords (serial, max_fail_percentage, force_handlers)
 * are templated with, as Ansible post-validates a play before its hosts
 * run: the play's variables, its roles' and the extra vars, no host's.
 */
export function playScope(run: RunScopeSources, play: Pick<PlayState, 'allRoleDefaults' | 'playVars' | 'varsFiles' | 'allRoleVars'>): LazyVars {
  const stack: LayerStack = {
    role_defaults: [play.allRoleDefaults],
    play_vars: [play.playVars],
    vars_files: [play.varsFiles],
    role_vars: [play.allRoleVars],
    extra_vars: [run.extraVars],
  };
  return createLazyVars(orderedLayers(stack), run.templar);
}

/**
 * What a templated vars_files entry is rendered with on `host`, as
 * Ansible's variable manager does it: the variables gathered so far (role
 * defaults, inventory, facts, play vars, the play's earlier vars_files
 * entries), extra vars and magic variables; no role vars, set_fact or
 * registered results.
 */
export function varsFilesScope(run: RunScopeSources, play: PlayState, host: string, earlier: Vars): LazyVars {
  const state = run.hosts.get(host);
  const stack: LayerStack = {
    role_defaults: [play.allRoleDefaults],
    inventory: [inventoryVars(run, host)],
    facts: [factVars(state?.facts ?? {})],
    play_vars: [play.playVars],
    vars_files: [earlier],
    extra_vars: [run.extraVars],
  };
  return createLazyVars([...orderedLayers(stack), magicBase(run, play, host)], run.templar);
}
