/**
 * The variables a task sees on one host: Ansible's precedence levels
 * (src/vars/layers.ts) filled from the run, the play, the enclosing blocks
 * and roles, and the task; then the magic variables. Values that are
 * templates are rendered when read (createLazyVars).
 */
import type { Inventory } from '../inventory/index.js';
import type { Task, Vars } from '../playbook/index.js';
import { createLazyVars, OMIT, type LazyVars, type Templar } from '../template/index.js';
import { orderedLayers, type LayerStack } from '../vars/layers.js';
import type { HostRun, Inherited, PlayState } from './state.js';

export interface RunScopeSources {
  inventory: Inventory;
  templar: Templar;
  hosts: ReadonlyMap<string, HostRun>;
  extraVars: Vars;
  playbookDir: string;
  check: boolean;
  diff: boolean;
  forks: number;
  verbosity: number;
  tags: readonly string[];
  skipTags: readonly string[];
}

/** Facts as variables: `ansible_facts` and, as Ansible injects them, each as `ansible_<name>`. */
export function factVars(facts: Vars): Vars {
  const out: Vars = { ansible_facts: facts };
  for (const [k, v] of Object.entries(facts)) out[`ansible_${k}`] = v;
  return out;
}

function hostvarsProxy(run: RunScopeSources, play: PlayState): Vars {
  const target: Vars = {};
  const scopes = new Map<string, LazyVars>();
  const scopeOf = (host: string): LazyVars | undefined => {
    if (!run.inventory.hasHost(host) && !run.hosts.has(host)) return undefined;
    let s = scopes.get(host);
    if (!s) scopes.set(host, (s = hostScope(run, play, host, undefined, undefined, {})));
    return s;
  };
  const dictOf = (scope: LazyVars): Vars =>
    new Proxy<Vars>({}, {
      get: (_t, name) => (typeof name === 'string' ? scope.get(name) : undefined),
      has: (_t, name) => typeof name === 'string' && scope.has(name),
      ownKeys: () => scope.keys(),
      getOwnPropertyDescriptor: (_t, name) =>
        typeof name === 'string' && scope.has(name) ? { enumerable: true, configurable: true, writable: false, value: scope.get(name) } : undefined,
    });
  return new Proxy(target, {
    get: (_t, host) => {
      if (typeof host !== 'string') return undefined;
      const scope = scopeOf(host);
      return scope ? dictOf(scope) : undefined;
    },
    has: (_t, host) => typeof host === 'string' && scopeOf(host) !== undefined,
    ownKeys: () => [...run.inventory.hostNames],
    getOwnPropertyDescriptor: (_t, host) => {
      if (typeof host !== 'string') return undefined;
      const scope = scopeOf(host);
      return scope ? { enumerable: true, configurable: true, writable: false, value: dictOf(scope) } : undefined;
    },
  });
}

function magicVars(run: RunScopeSources, play: PlayState, host: string, inherited: Inherited | undefined): Vars {
  const role = inherited?.roleRef?.role;
  const batch = play.batch.filter((h) => run.hosts.get(h)?.active ?? true);
  return {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    group_names: run.inventory.hasHost(host) ? run.inventory.groupNamesOf(host) : [],
    groups: run.inventory.groupsMap(),
    hostvars: hostvarsProxy(run, play),
    play_hosts: batch,
    ansible_play_hosts: batch,
    ansible_play_batch: batch,
    ansible_play_hosts_all: play.allHosts,
    ansible_play_name: play.play.name ?? play.play.hosts.join(','),
    playbook_dir: run.playbookDir,
    inventory_dir: run.inventory.inventoryDir(host) ?? null,
    inventory_file: run.inventory.inventoryFile(host) ?? null,
    omit: OMIT,
    ansible_check_mode: run.check,
    ansible_diff_mode: run.diff,
    ansible_forks: run.forks,
    ansible_verbosity: run.verbosity,
    ansible_run_tags: run.tags.length > 0 ? run.tags : ['all'],
    ansible_skip_tags: run.skipTags,
    ansible_version: { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0' },
    ...(role ? { role_name: role.name, role_path: role.path, ansible_role_name: role.name } : {}),
  };
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
    inventory: [run.inventory.hasHost(host) ? run.inventory.hostVars(host) : {}],
    facts: [factVars(state?.facts ?? {})],
    play_vars: [play.playVars],
    vars_files: [play.varsFiles],
    role_vars: [play.allRoleVars, roleRef?.role.vars?.vars ?? {}],
    block_vars: inherited?.blockVars ?? [],
    task_vars: [task?.keywords.vars ?? {}],
    include_vars: [state?.includedVars ?? {}],
    host_facts_set: [state?.setVars ?? {}],
    role_params: [roleRef?.params ?? {}],
    include_params: [inherited?.includeParams ?? {}],
    extra_vars: [run.extraVars],
  };
  return createLazyVars([...orderedLayers(stack), extra, magicVars(run, play, host, inherited)], run.templar);
}
