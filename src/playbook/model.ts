/**
 * The validated playbook model the executor consumes. Raw YAML is `unknown`
 * until the loader has checked it; nothing here is raw input. Keyword
 * records use Ansible's own names (snake_case) so they read like the docs.
 * Values that may be Jinja2 templates stay strings: they are typed as
 * `T | string` and templated at run time.
 */
import type { SourceLocation } from '../errors.js';

/** The modules the executor can run; the module registry implements it. */
export interface ModuleCatalog {
  has(name: string): boolean;
  names(): readonly string[];
  /** Whether the module's free text is a command line (its freeForm trait): only its inline options are taken out. */
  freeForm(name: string): Promise<boolean>;
}

export type Vars = Record<string, unknown>;
/** A value that may also be a template string (e.g. `become: "{{ x }}"`). */
export type Templatable<T> = T | string;
/** `when`, `changed_when`, `failed_when`, `until`: all must hold (a bare boolean is allowed). */
export type Conditions = ReadonlyArray<string | boolean>;

/** Keywords inherited from play to block to task (and from a role entry to its tasks). */
export interface CommonKeywords {
  become?: Templatable<boolean>;
  become_user?: string;
  become_method?: string;
  become_flags?: string;
  /** A mapping, a template, or a list of them (merged in order). */
  environment?: Vars | string | ReadonlyArray<Vars | string>;
  ignore_errors?: Templatable<boolean>;
  ignore_unreachable?: Templatable<boolean>;
  no_log?: Templatable<boolean>;
  run_once?: Templatable<boolean>;
  any_errors_fatal?: Templatable<boolean>;
  check_mode?: Templatable<boolean>;
  diff?: Templatable<boolean>;
  connection?: string;
  remote_user?: string;
  port?: Templatable<number>;
  throttle?: Templatable<number>;
  timeout?: Templatable<number>;
  tags?: readonly string[];
  vars?: Vars;
  module_defaults?: unknown;
  collections?: readonly string[];
}

export interface BlockKeywords extends CommonKeywords {
  when?: Conditions;
  delegate_to?: string;
  delegate_facts?: Templatable<boolean>;
  notify?: readonly string[];
}

export interface LoopControl {
  loop_var?: string;
  index_var?: string;
  label?: unknown;
  pause?: Templatable<number>;
  extended?: Templatable<boolean>;
  extended_allitems?: Templatable<boolean>;
}

export interface TaskKeywords extends BlockKeywords {
  register?: string;
  changed_when?: Conditions;
  failed_when?: Conditions;
  until?: Conditions;
  retries?: Templatable<number> | null;
  delay?: Templatable<number>;
  loop_control?: LoopControl;
  /** Handlers only: topics this handler also answers to. */
  listen?: readonly string[];
}

/** `loop:` or `with_<lookup>:`; terms are templated at run time. */
export type Loop = { kind: 'loop'; items: unknown } | { kind: 'with'; lookup: string; terms: unknown };

/** The role a task or block comes from. */
export interface RoleContext {
  name: string;
  /** Absolute path of the role directory (templates/ and files/ are under it). */
  path: string;
}

/** A dynamic include, resolved at run time; checked at load time when its path is static. */
export type IncludeTarget =
  | {
      kind: 'tasks';
      /** As written; a template when `static` is false. */
      file: string;
      static: boolean;
      /** Absolute path of the file found at load time (static paths only). */
      resolved?: string;
      apply?: TaskKeywords;
    }
  | {
      kind: 'role';
      name: string;
      static: boolean;
      /** Role directory found at load time (static names only). */
      resolved?: string;
      tasks_from?: string;
      vars_from?: string;
      defaults_from?: string;
      handlers_from?: string;
      apply?: TaskKeywords;
      public: boolean;
      allow_duplicates: boolean;
    };

export interface Task {
  kind: 'task';
  name?: string;
  /** Short module or engine action name (`ansible.builtin.copy` -> `copy`). */
  action: string;
  /** The action as written, e.g. `ansible.builtin.copy`. */
  written: string;
  args: Vars;
  keywords: TaskKeywords;
  loop?: Loop;
  /** include_tasks / include_role only. */
  include?: IncludeTarget;
  location: SourceLocation;
  /**
   * Where an argument's value is written, e.g. `locateArg(['volumes', 2])`;
   * the nearest enclosing node when the path is absent (computed on demand).
   */
  locateArg(path: ReadonlyArray<string | number>): SourceLocation;
  /** Where a keyword's value is written, e.g. `locateKeyword(['notify', 1])` (the task when absent). */
  locateKeyword?(path: ReadonlyArray<string | number>): SourceLocation;
  role?: RoleContext;
  /** True for handlers (they have names and `listen` topics). */
  handler?: boolean;
}

/**
 * A block; also what a static import becomes: `import_tasks` and
 * `import_role` are inlined as a block carrying the import's keywords, so
 * its `when`, `tags`, `vars` and `become` apply to every imported task.
 */
export interface Block {
  kind: 'block';
  name?: string;
  block: readonly Node[];
  rescue: readonly Node[];
  always: readonly Node[];
  keywords: BlockKeywords;
  location: SourceLocation;
  role?: RoleContext;
  /** Set when this block is an inlined import. */
  importedFrom?: { action: 'import_tasks' | 'import_role'; file: string };
  /**
   * Set when this block is the body of a role use (play `roles:`, a meta
   * dependency, import_role): the role's defaults and vars are in scope, and
   * it runs once per host per play per `roleRef.key` unless allowDuplicates.
   */
  roleRef?: RoleRef;
}

export type Node = Task | Block;

export interface VarsFile {
  file: string;
  vars: Vars;
}

export interface Role {
  name: string;
  path: string;
  defaults?: VarsFile;
  vars?: VarsFile;
  tasks: readonly Node[];
  handlers: readonly Node[];
  /** meta/main.yml dependencies, in order; each runs before this role. */
  dependencies: readonly RoleRef[];
  allowDuplicates: boolean;
  /** Which files were used (tasks_from and friends change them). */
  files: { tasks?: string; handlers?: string; defaults?: string; vars?: string; meta?: string };
}

/** One use of a role: in a play's `roles:`, a meta dependency, or an import_role. */
export interface RoleRef {
  name: string;
  role: Role;
  /** Role parameters: the non-keyword keys of a role entry. */
  params: Vars;
  keywords: BlockKeywords;
  location: SourceLocation;
  /**
   * Ansible runs a role once per host per play unless allow_duplicates: two
   * references with the same key are the same role instance.
   */
  key: string;
}

export interface VarsFileRef {
  /** As written; a list means "the first of these that exists". */
  written: string | readonly string[];
  /** Loaded at load time when the path is static. */
  loaded?: VarsFile;
  location: SourceLocation;
}

export interface PlayKeywords extends CommonKeywords {
  gather_facts?: Templatable<boolean>;
  gather_subset?: readonly string[];
  gather_timeout?: Templatable<number>;
  serial?: ReadonlyArray<number | string>;
  max_fail_percentage?: Templatable<number>;
  strategy?: string;
  order?: string;
  force_handlers?: Templatable<boolean>;
}

export interface Play {
  name?: string;
  /** Host patterns as written (a list, or one string that may hold `a:b`). */
  hosts: readonly string[];
  keywords: PlayKeywords;
  vars_files: readonly VarsFileRef[];
  pre_tasks: readonly Node[];
  roles: readonly RoleRef[];
  tasks: readonly Node[];
  post_tasks: readonly Node[];
  /** The play's own handlers (role handlers are in each Role). */
  handlers: readonly Node[];
  location: SourceLocation;
  /** The directory of the playbook file the play is in: relative paths start there. */
  baseDir: string;
  /** From `import_playbook ... when:`: applies to every task of the play. */
  importConditions?: Conditions;
}

export interface Playbook {
  file: string;
  plays: readonly Play[];
  /** Duplicate keys and the like; for the CLI to show. */
  warnings: readonly string[];
}
