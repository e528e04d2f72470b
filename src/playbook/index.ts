/**
 * Public API of the playbook loader: load and validate a playbook with its
 * imports and roles (nothing runs on a bad input), and load the targets of
 * dynamic includes at run time with the same caches and checks.
 */
import path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import { LoadContext, type LoaderOptions, type Scope } from './context.js';
import type { Block, Node, Play, Playbook, Role, RoleContext, RoleRef, Task, VarsFile } from './model.js';
import { loadPlaybookFile } from './plays.js';
import { importRole, includeRoleTarget, loadRole, loadVarsFile, resolveRole, roleBlock, type FromFiles } from './roles.js';
import { Source } from './source.js';
import { findTaskFile, loadTaskFile } from './tasks.js';

export type * from './model.js';
export type { LoaderOptions } from './context.js';
export type { FromFiles } from './roles.js';
export { ENGINE_ACTIONS, engineAction, isEngineAction, META_ACTIONS, type EngineAction, type EngineActionSpec, type ExecutedAction } from './engine-actions.js';
export { parseKv } from './kv.js';
export { toBool } from './boolean.js';
export { roleBlock } from './roles.js';
export { varsFileCandidates, varsFileNotFound } from './plays.js';
export { Source } from './source.js';
export { describe } from './validate.js';

/** An include_tasks file that is not there when the include runs: Ansible fails the hosts that reached it, not the run. */
export class TaskFileNotFound extends InputError {
  constructor(
    /** Where Ansible looks first (beside the including file): the path its message names. */
    readonly path: string,
    reason: string,
    location: SourceLocation,
  ) {
    super(reason, location);
  }
}

/** A loader keeps its caches: use one per run, for the playbook and its run-time includes. */
export class PlaybookLoader {
  private readonly ctx: LoadContext;

  constructor(opts: LoaderOptions) {
    this.ctx = new LoadContext(opts, { importRole, includeRoleTarget });
  }

  /** Warnings collected so far (duplicate keys, role parameters that look like typos). */
  get warnings(): readonly string[] {
    return this.ctx.warnings;
  }

  /** Every YAML file read so far (playbooks, task files, vars files, role meta), each once, with what it was read as. */
  get sources(): ReadonlyArray<{ src: Source; what: string }> {
    return this.ctx.loaded;
  }

  /** Every task list read so far (task files, handler files, included files), each once per role. */
  get taskLists(): ReadonlyArray<readonly Node[]> {
    return [...this.ctx.taskFiles.values()];
  }

  /** Every role read so far (once per set of *_from files). */
  get roles(): readonly Role[] {
    return [...this.ctx.roles.values()];
  }

  /** The tasks of an include_tasks whose file was found at load time (static name), or undefined. */
  staticInclude(task: Task): readonly Node[] | undefined {
    const inc = task.include;
    if (inc?.kind !== 'tasks' || inc.resolved === undefined) return undefined;
    // Keyed as loadTaskFile caches it: the include read its file as handlers when it is a handler itself.
    return this.ctx.taskFiles.get(`${inc.resolved}\0${task.role?.path ?? ''}\0${task.handler ? 'handler' : 'task'}`);
  }

  /** The role of an include_role whose name was known at load time, or undefined. */
  staticRole(task: Task): Role | undefined {
    const inc = task.include;
    if (inc?.kind !== 'role' || inc.resolved === undefined) return undefined;
    return this.ctx.roles.get([inc.resolved, inc.tasks_from, inc.vars_from, inc.defaults_from, inc.handlers_from].join('\0'));
  }

  async playbook(file: string): Promise<Playbook> {
    const plays = await loadPlaybookFile(this.ctx, path.normalize(file), []);
    return { file, plays, warnings: [...this.ctx.warnings] };
  }

  private scopeOf(node: Task, baseDir: string): Scope {
    // The file the include is written in becomes the current file; its text is not needed.
    const src = new Source(node.location.file, '');
    return { src, baseDir, ...(node.role && { role: node.role }), chain: [] };
  }

  /**
   * The tasks of an include_tasks whose file name is known now (templated by
   * the executor): found beside the including file, in its role, or in `baseDir`.
   */
  async includeTasks(include: Task, file: string, baseDir: string): Promise<readonly Node[]> {
    const scope = this.scopeOf(include, baseDir);
    const { found, tried } = await findTaskFile(this.ctx, file, scope);
    const at = include.location;
    if (!found) throw new TaskFileNotFound(tried[0] ?? file, `task file "${file}" not found (looked for ${tried.join(', ')})`, at);
    // Tasks a handler includes are handlers themselves (shown and keyworded as such), as in Ansible.
    return loadTaskFile(this.ctx, found, scope, at, true, true, include.handler === true ? 'handler' : 'task');
  }

  /**
   * One task file on its own (e.g. to check every file of a role, including
   * those only reached by templated include_tasks); `role` gives it a role context.
   */
  async taskFile(file: string, opts: { baseDir: string; role?: RoleContext; handlers?: boolean }): Promise<readonly Node[]> {
    const src = new Source(file, '');
    return loadTaskFile(this.ctx, path.normalize(file), { src, baseDir: opts.baseDir, ...(opts.role && { role: opts.role }), chain: [] }, undefined, false, false, opts.handlers ? 'handler' : 'task');
  }

  /**
   * A vars file a templated vars_files entry names, found at run time: read
   * and checked as at load time (errors carry file:line:col). Read once per
   * run, as every loaded file is (Ansible re-reads it for every task).
   */
  async varsFile(file: string, at: SourceLocation): Promise<VarsFile> {
    return loadVarsFile(this.ctx, path.normalize(file), at, 'vars file');
  }

  /** The role of an include_role, by its (templated) name and *_from files. */
  async includeRole(include: Task, name: string, from: FromFiles, baseDir: string): Promise<RoleRef> {
    const scope = this.scopeOf(include, baseDir);
    const at: SourceLocation = include.location;
    const dir = await resolveRole(this.ctx, name, scope, at);
    const role = await loadRole(this.ctx, dir, path.basename(dir), from, scope, at);
    return { name: role.name, role, params: {}, keywords: {}, location: at, key: `${dir}|${JSON.stringify(from)}|include|${at.file}:${at.line}:${at.col}` };
  }
}

/** Loads and validates a playbook; throws InputError (file:line:col and one sentence) on bad input. */
export async function loadPlaybook(file: string, opts: LoaderOptions): Promise<Playbook> {
  return new PlaybookLoader(opts).playbook(file);
}

/** Every role use of a play in run order, dependencies first (a role's own `roles:` entries and imported roles). */
export function playRoleRefs(play: Play): RoleRef[] {
  const out: RoleRef[] = [];
  const seen = new Set<string>();
  const visitRef = (ref: RoleRef): void => {
    ref.role.dependencies.forEach(visitRef);
    if (!seen.has(ref.key)) {
      seen.add(ref.key);
      out.push(ref);
    }
    ref.role.tasks.forEach(visitNode);
  };
  const visitNode = (n: Node): void => {
    if (n.kind !== 'block') return;
    if (n.roleRef && n.importedFrom) visitRef(n.roleRef);
    else [...n.block, ...n.rescue, ...n.always].forEach(visitNode);
  };
  play.roles.forEach(visitRef);
  [...play.pre_tasks, ...play.tasks, ...play.post_tasks].forEach(visitNode);
  return out;
}

/** The play's handlers as Ansible orders them: roles' handlers (each role once) first, then the play's own. */
export function playHandlers(play: Play): Node[] {
  const seen = new Set<string>();
  const out: Node[] = [];
  for (const ref of playRoleRefs(play)) {
    if (seen.has(ref.role.path)) continue;
    seen.add(ref.role.path);
    out.push(...ref.role.handlers);
  }
  return [...out, ...play.handlers];
}

/** The blocks a play runs in its roles+tasks phase: each role entry's block, then the tasks. */
export function playMainBlocks(play: Play): Array<Node | Block> {
  return [...play.roles.map(roleBlock), ...play.tasks];
}
