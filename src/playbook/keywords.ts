/**
 * Which keywords each kind of node accepts: the subset of Ansible 2.14's
 * playbook keywords that Kolla uses (`ansible-doc -t keyword -l`). Anything
 * not listed is rejected with a suggestion. One place for the lists.
 */

/** Playbook keywords Ansible knows that kolla-run does not support: named in the error. */
export const UNSUPPORTED_KEYWORDS = new Set(['async', 'poll', 'debugger', 'vars_prompt', 'fact_path', 'rolespec_validate', 'become_exe']);

/** Inherited by plays, blocks, tasks and role entries. */
const COMMON = [
  'name',
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'run_once',
  'any_errors_fatal',
  'check_mode',
  'diff',
  'connection',
  'remote_user',
  'port',
  'throttle',
  'timeout',
  'tags',
  'vars',
  'module_defaults',
  'collections',
] as const;

export const PLAY_KEYWORDS: ReadonlySet<string> = new Set([
  ...COMMON,
  'hosts',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'serial',
  'max_fail_percentage',
  'strategy',
  'order',
  'force_handlers',
  'vars_files',
  'pre_tasks',
  'roles',
  'tasks',
  'post_tasks',
  'handlers',
]);

export const IMPORT_PLAYBOOK_KEYWORDS: ReadonlySet<string> = new Set(['name', 'import_playbook', 'when', 'tags', 'vars']);

const BLOCKISH = [...COMMON, 'when', 'delegate_to', 'delegate_facts', 'notify'] as const;

export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([...BLOCKISH, 'block', 'rescue', 'always']);

/** Loop lookups usable as `with_<name>`. */
export const WITH_LOOKUPS: ReadonlySet<string> = new Set([
  'items',
  'list',
  'dict',
  'first_found',
  'sequence',
  'together',
  'subelements',
  'nested',
  'fileglob',
  'indexed_items',
  'flattened',
  'random_choice',
  'lines',
  'file',
  'inventory_hostnames',
  'cartesian',
]);

export const TASK_KEYWORDS: ReadonlySet<string> = new Set([
  ...BLOCKISH,
  'action',
  'local_action',
  'args',
  'register',
  'changed_when',
  'failed_when',
  'until',
  'retries',
  'delay',
  'loop',
  'loop_control',
  ...[...WITH_LOOKUPS].map((l) => `with_${l}`),
]);

export const HANDLER_KEYWORDS: ReadonlySet<string> = new Set([...TASK_KEYWORDS, 'listen']);

/** include_tasks is dynamic: Ansible allows only these keywords on it. */
export const INCLUDE_TASKS_KEYWORDS: ReadonlySet<string> = new Set([
  'name',
  'when',
  'tags',
  'vars',
  'args',
  'action',
  'loop',
  'loop_control',
  'register',
  'ignore_errors',
  'run_once',
  'no_log',
  'timeout',
  'collections',
  ...[...WITH_LOOKUPS].map((l) => `with_${l}`),
]);

/** Keywords of a role entry in a play's `roles:`; any other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS: ReadonlySet<string> = new Set([...COMMON, 'role', 'when', 'delegate_to', 'delegate_facts']);

/** Keywords of meta/main.yml. */
export const ROLE_META_KEYS: ReadonlySet<string> = new Set(['dependencies', 'allow_duplicates', 'galaxy_info', 'argument_specs', 'collections']);

/** Options of include_role / import_role. */
export const ROLE_INCLUDE_OPTIONS: ReadonlySet<string> = new Set(['name', 'role', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'apply', 'public', 'allow_duplicates']);

/** Options of include_tasks / import_tasks. */
export const TASK_INCLUDE_OPTIONS: ReadonlySet<string> = new Set(['file', '_raw_params', 'apply']);

export const LOOP_CONTROL_KEYS = ['loop_var', 'index_var', 'label', 'pause', 'extended', 'extended_allitems'] as const;
