/**
 * The engine's own actions: what kolla-run does itself rather than through a
 * module of the catalog. The one table of them: each entry says whether the
 * loader inlines it (imports), how its arguments are checked when the
 * playbook loads, and how the executor runs it. Each action the executor
 * runs has its implementation in executor/engine-actions.ts, in a record
 * keyed by these names, so the compiler refuses a name here without one
 * there (the executor sits above the loader and cannot be imported here).
 */
import { closest, didYouMean } from './suggest.js';
import { describe } from './validate.js';

type Args = Readonly<Record<string, unknown>>;

export interface EngineActionSpec {
  /** Inlined by the loader (import_tasks, import_role): never reaches the executor. */
  readonly inlined?: true;
  /** What is wrong with the arguments, checked at load time (`label` names the task); undefined when nothing is. */
  readonly checkArgs?: (args: Args, label: string) => string | undefined;
  /**
   * Runs once per batch, on its first host, whatever the hosts (Ansible's
   * BYPASS_HOST_LOOP): its result is the first host's alone, unlike run_once.
   */
  readonly bypassHostLoop?: true;
}

/** Ansible 2.14's meta actions. */
export const META_ACTIONS: ReadonlySet<string> = new Set(['flush_handlers', 'refresh_inventory', 'noop', 'clear_facts', 'clear_host_errors', 'end_play', 'end_host', 'end_batch', 'reset_connection', 'role_complete', 'end_role']);

const TABLE = {
  import_tasks: { inlined: true },
  import_role: { inlined: true },
  // Their file or role is checked (and loaded when static) by the loader itself.
  include_tasks: {},
  include_role: {},
  include_vars: {
    checkArgs: (a, label) => (a['_raw_params'] === undefined && a['file'] === undefined && a['dir'] === undefined ? `include_vars in ${label} needs a file name` : undefined),
  },
  meta: {
    checkArgs: (a, label) => {
      const what = a['_raw_params'];
      if (typeof what === 'string' && META_ACTIONS.has(what)) return undefined;
      return `unknown meta action ${typeof what === 'string' ? `"${what}"` : describe(what)} in ${label}${typeof what === 'string' ? didYouMean(closest(what, META_ACTIONS)) : ''}`;
    },
  },
  set_fact: {
    checkArgs: (a, label) => {
      if (Object.keys(a).filter((k) => k !== 'cacheable').length === 0) return `set_fact in ${label} sets nothing`;
      if ('_raw_params' in a) return `set_fact in ${label} takes "key=value" pairs or a mapping, not free text`;
      return undefined;
    },
  },
  group_by: {
    checkArgs: (a, label) => (a['key'] === undefined ? `group_by in ${label} needs "key"` : undefined),
  },
  add_host: {
    bypassHostLoop: true,
    checkArgs: (a, label) => (a['name'] === undefined && a['hostname'] === undefined && a['host'] === undefined ? `add_host in ${label} needs "name"` : undefined),
  },
} as const satisfies Record<string, EngineActionSpec>;

export type EngineAction = keyof typeof TABLE;
/** The engine actions that reach the executor. */
export type ExecutedAction = { [K in EngineAction]: (typeof TABLE)[K] extends { inlined: true } ? never : K }[EngineAction];

export const ENGINE_ACTIONS = Object.keys(TABLE) as readonly EngineAction[];

export function isEngineAction(name: string): name is EngineAction {
  return Object.hasOwn(TABLE, name);
}

export function engineAction(name: string): EngineActionSpec | undefined {
  return isEngineAction(name) ? TABLE[name] : undefined;
}
