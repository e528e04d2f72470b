/**
 * The module contract: query, then apply. A module never sees the
 * connection, the variables or the check flag. The executor templates and
 * validates the arguments with the module's schema, asks `query` what would
 * change, and calls `apply` only when something must change and the run is
 * not in check mode. Check mode is "query only"; diff comes from before/after.
 */
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import type { Command } from '../connection/index.js';
import type { ControllerImage } from '../containers/local-images.js';
import type { TemplateWhitespace } from '../template/index.js';

/** What a module registers: Ansible's field names, because roles read them. */
export type ResultFields = Record<string, unknown>;

export interface RunOptions {
  stdin?: string | Buffer;
  /** Runs the command in this directory (`cd DIR &&`), failing when it does not exist. */
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** The command as it may be printed (secrets masked). */
  command: string;
}

export interface PutOptions {
  mode?: number | string;
  owner?: string;
  group?: string;
}

/** A folder on the controller, read whole (copy's src ending in a folder). */
export interface LocalTree {
  /** Its absolute path. */
  root: string;
  /** Folders below it, relative, parents before children. */
  dirs: string[];
  /** Regular files below it (links followed), relative paths, with their permission bits. */
  files: Array<{ path: string; content: Buffer; mode: number }>;
}

/** Any file on the controller, by its own path (fetch's dest). */
export interface ControllerFiles {
  /** The file's content; undefined when there is none or it is a folder. */
  read(path: string): Promise<Buffer | undefined>;
  isDir(path: string): Promise<boolean>;
  /** Replaces the file atomically, its folders made first. */
  write(path: string, content: Buffer): Promise<void>;
}

/** The controller's side: files and templates that a task sends to the host, and files it writes there. */
export interface LocalFiles {
  readonly controller: ControllerFiles;
  /** The path a relative `src` names: the role's files/ (or templates/), then beside the task's file. */
  find(path: string, kind: 'files' | 'templates'): string;
  /** Whether `find` names an existing file (optional sources such as operator overrides). */
  exists(path: string, kind: 'files' | 'templates'): boolean;
  read(path: string, kind: 'files' | 'templates'): Promise<Buffer>;
  /** The permission bits of the file `find` names (copy's and template's `mode: preserve`). */
  mode(path: string, kind: 'files' | 'templates'): Promise<number>;
  /** The folder `find` names, read whole; undefined when it is not a folder. */
  tree(path: string, kind: 'files' | 'templates'): Promise<LocalTree | undefined>;
  /** Renders a template file with the task's variables (Ansible's template module rules). */
  render(path: string, whitespace?: TemplateWhitespace): Promise<string>;
  /** An image on the controller's engine (for hosts without a registry); undefined when absent. */
  image(ref: string): Promise<ControllerImage | undefined>;
}

/** The narrow handle a module gets: the target host, seen through a few verbs. */
export interface ModuleContext {
  /** Files on the controller (copy's src, template's src). */
  readonly local: LocalFiles;
  /** Inventory name, for messages. */
  readonly host: string;
  /** Runs a shell command on the host (become, masking and quoting handled below). */
  run(command: string | Command, options?: RunOptions): Promise<RunResult>;
  /** Atomically replaces a file on the host. */
  put(content: Buffer | string, path: string, options?: PutOptions): Promise<void>;
  /** Reads a file on the host; undefined when it does not exist. */
  get(path: string): Promise<Buffer | undefined>;
  /** A stream to a unix socket on the host (the container engine's API). */
  openUnixSocket(path: string): Promise<Duplex>;
}

export interface FileDiff {
  /** The file; '' for a module's state (stateDiff). */
  path: string;
  before: string;
  after: string;
}

/** Nothing to do, and why. `result` holds what the module registers anyway. */
export interface Unchanged {
  changed: false;
  reason: string;
  result?: ResultFields;
  /** Registered in check mode instead of `result` (command's "Would not run ..."). */
  checkResult?: ResultFields;
}

/** Something to do: what it is now, what it will be, and what apply needs. */
export interface Change<Plan> {
  changed: true;
  /** Shown in check mode ("would ..."). */
  reason: string;
  plan: Plan;
  /** The state before and after (not a file's content): --diff shows them when `diff` is not given. */
  before?: unknown;
  after?: unknown;
  /** A file's contents before and after: what --diff shows. */
  diff?: FileDiff;
  /** Fields registered in check mode, where apply does not run. */
  result?: ResultFields;
  /** false: check mode reports this change though the module's check is 'skip' (command with creates/removes). */
  checkSkips?: boolean;
}

export type Query<Plan> = Unchanged | Change<Plan>;

/**
 * How a module behaves in check mode: 'full' (query tells exactly),
 * 'skip' (it cannot know without running: the task is skipped, as
 * Ansible does for command and shell), 'run' (it changes nothing on the
 * host, so check mode runs apply too, as Ansible runs pause).
 */
export type CheckSupport = 'full' | 'skip' | 'run';

export interface TaskModule<Params, Plan = unknown> {
  readonly name: string;
  /** Validates the templated arguments; unknown keys are rejected. */
  readonly schema: z.ZodType<Params>;
  /**
   * Trait: free-form text fills this argument (`shell: echo hi`), and it is
   * read as a command line: only the module's inline options (`chdir=`,
   * `creates=`...) are taken out of it, as Ansible reads its free-form
   * actions (check_raw). Read by the playbook parser and `adhoc -a`.
   */
  readonly freeForm?: '_raw_params';
  /** Trait: ad-hoc output prints `rc=N >>` and the output as text rather than the result as JSON (Ansible's MODULE_NO_JSON). */
  readonly commandLike?: true;
  /**
   * Trait: `query` only reads the host (commands that change nothing, file
   * reads, the engine's API), so the executor may run it ahead of its turn,
   * batched with the next tasks' queries, answer it from those reads while
   * nothing has changed since, and need not drop them after it
   * (executor/read-ahead.ts). Only plain commands are read ahead.
   */
  readonly readOnlyQuery?: true;
  /**
   * Trait: parameters of Ansible's type `path` (a path, or a list of them). Ansible's module expands
   * them on the host (variables, then a leading ~) before using them; the executor does the same
   * before this module sees them, with one round trip when one needs it (executor/path-params.ts).
   */
  readonly paths?: readonly string[];
  readonly check: CheckSupport;
  /**
   * Arguments that are bare Jinja2 expressions (debug's `var`, assert's
   * `that`): the executor evaluates them and passes `Evaluated` values.
   */
  readonly expressionArgs?: Readonly<Record<string, 'value' | 'conditions'>>;
  query(params: Params, ctx: ModuleContext): Promise<Query<Plan>>;
  /** Makes the change; returns what the task registers. Returns `failed: true` for a failure the user should see. */
  apply(params: Params, plan: Plan, ctx: ModuleContext): Promise<ResultFields>;
  /**
   * Optional: query and apply as one step, for runs in neither check nor
   * diff mode, when the module can compare and change in one round trip
   * where query-then-apply takes two. Registers what query-then-apply
   * would, `changed` included.
   */
  converge?(params: Params, ctx: ModuleContext): Promise<ResultFields>;
  /**
   * Optional, with readOnlyQuery: the host reads `query` makes, without its
   * work on the controller (rendering a template): read-ahead runs this in
   * place of query, so the rendering is done once, at the task's turn.
   */
  readAhead?(params: Params, ctx: ModuleContext): Promise<void>;
}

/** An expression argument after evaluation: what was written and what it gave. */
export interface Evaluated {
  expression: string;
  value: unknown;
  /** false when the expression names an undefined variable. */
  defined: boolean;
}

/** A module whose parameter and plan types are erased, as the registry holds them. */
export type AnyTaskModule = TaskModule<unknown, unknown>;

export function defineModule<Params, Plan>(module: TaskModule<Params, Plan>): AnyTaskModule {
  return module as unknown as AnyTaskModule;
}

/** A query's answer made a result: what apply registered (changed unless it failed or says otherwise), or the query's own fields. */
export async function settle<Plan>(answer: Query<Plan>, apply: (plan: Plan) => Promise<ResultFields>): Promise<ResultFields> {
  if (!answer.changed) return { changed: false, ...answer.result };
  return appliedFields(await apply(answer.plan));
}

/** What apply returned, as registered: changed unless it failed (apply may say it changed nothing after all). */
export function appliedFields(applied: ResultFields): ResultFields {
  return { changed: applied.failed !== true, ...applied };
}
