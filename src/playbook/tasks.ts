/**
 * Task lists: tasks, blocks, handlers; static imports inlined as blocks,
 * dynamic includes kept as tasks and checked when their path is static.
 */
import path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import type { Source } from './source.js';
import { findAction, taskLabel, type FoundAction } from './action.js';
import { chainText, endsAtRunTime, isTemplate, type LoadContext, type Scope } from './context.js';
import { BLOCK_KEYWORDS, HANDLER_KEYWORDS, INCLUDE_TASKS_KEYWORDS, TASK_INCLUDE_OPTIONS, TASK_KEYWORDS, UNSUPPORTED_KEYWORDS, WITH_LOOKUPS } from './keywords.js';
import type { Block, BlockKeywords, Loop, Node, Task, TaskKeywords } from './model.js';
import { engineAction } from './engine-actions.js';
import { closest, didYouMean } from './suggest.js';
import { checkKeyword, describe } from './validate.js';

export type ListKind = 'task' | 'handler';

const INCLUDE_HANDLER_KEYWORDS: ReadonlySet<string> = new Set([...INCLUDE_TASKS_KEYWORDS, 'listen']);

/** Reads a list of tasks (or handlers) at `path` of `scope.src`. */
export async function parseTaskList(ctx: LoadContext, value: unknown, listPath: YamlPath, scope: Scope, kind: ListKind): Promise<Node[]> {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InputError(`expected a list of ${kind}s, not ${describe(value)}`, scope.src.at(listPath));
  }
  const nodes: Node[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const itemPath = [...listPath, i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new InputError(`a ${kind} must be a mapping of keywords and one module, not ${describe(item)}`, scope.src.at(itemPath));
    }
    const raw = item as Record<string, unknown>;
    nodes.push('block' in raw ? await parseBlock(ctx, raw, itemPath, scope, kind) : await parseTask(ctx, raw, itemPath, scope, kind));
  }
  return nodes;
}

/** Validates the keyword keys of `raw` (all of them must be in `allowed` unless `skip`). */
export function readKeywords<K>(raw: Record<string, unknown>, allowed: ReadonlySet<string>, scope: Scope, nodePath: YamlPath, label: string, skip?: (key: string) => boolean): K {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (skip?.(key)) continue;
    if (!allowed.has(key)) {
      const at = scope.src.keyAt([...nodePath, key]);
      if (UNSUPPORTED_KEYWORDS.has(key)) throw new InputError(`keyword "${key}" in ${label} is not supported by kolla-run`, at);
      throw new InputError(`unknown keyword "${key}" in ${label}${didYouMean(closest(key, allowed))}`, at);
    }
    out[key] = checkKeyword(key, value, scope.src, [...nodePath, key], label);
  }
  return out as K;
}

const BLOCK_LISTS = new Set(['block', 'rescue', 'always']);

async function parseBlock(ctx: LoadContext, raw: Record<string, unknown>, nodePath: YamlPath, scope: Scope, kind: ListKind): Promise<Block> {
  const label = taskLabel(raw, 'block');
  const kw = readKeywords<BlockKeywords & { name?: string }>(raw, BLOCK_KEYWORDS, scope, nodePath, label, (k) => BLOCK_LISTS.has(k));
  const lists = await Promise.all(
    ['block', 'rescue', 'always'].map((k) => {
      checkKeyword(k, raw[k], scope.src, [...nodePath, k], label);
      return parseTaskList(ctx, raw[k], [...nodePath, k], scope, kind);
    }),
  );
  const { name, ...keywords } = kw;
  return withRole(
    { kind: 'block', ...(name !== undefined && { name }), block: lists[0] ?? [], rescue: lists[1] ?? [], always: lists[2] ?? [], keywords, location: scope.src.at(nodePath) },
    scope,
  );
}

function withRole<T extends Node>(node: T, scope: Scope): T {
  if (scope.role) node.role = scope.role;
  return node;
}

function readLoop(raw: Record<string, unknown>, scope: Scope, nodePath: YamlPath, label: string): Loop | undefined {
  const loops = Object.keys(raw).filter((k) => k === 'loop' || (k.startsWith('with_') && WITH_LOOKUPS.has(k.slice(5))));
  const [first, second] = loops;
  if (second !== undefined) {
    throw new InputError(`${label} has two loops, "${first}" and "${second}"; use one`, scope.src.keyAt([...nodePath, second]));
  }
  if (first === undefined) return undefined;
  if (first === 'loop') return { kind: 'loop', items: raw['loop'] };
  return { kind: 'with', lookup: first.slice(5), terms: raw[first] };
}

async function parseTask(ctx: LoadContext, raw: Record<string, unknown>, nodePath: YamlPath, scope: Scope, kind: ListKind): Promise<Node> {
  const allowed = kind === 'handler' ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const found = await findAction(ctx, raw, allowed, scope.src, nodePath, kind);
  const label = taskLabel(raw, kind);
  // Ansible refuses both, in a handlers list and in a file a handler includes: include the role's tasks file instead.
  if (kind === 'handler' && (found.action === 'include_role' || found.action === 'import_role')) {
    throw new InputError(`Using '${found.action}' as a handler is not supported (include_tasks of the role's tasks file works, or ${found.action} in a task)`, scope.src.keyAt([...nodePath, found.key]));
  }
  const dynamicInclude = found.action === 'include_tasks';
  const keywordSet = dynamicInclude ? (kind === 'handler' ? INCLUDE_HANDLER_KEYWORDS : INCLUDE_TASKS_KEYWORDS) : allowed;
  if (dynamicInclude) {
    const bad = Object.keys(raw).find((k) => allowed.has(k) && !keywordSet.has(k) && k !== found.key);
    if (bad !== undefined) {
      throw new InputError(`keyword "${bad}" cannot be used on include_tasks in ${label}; set it under "apply:" or on the included tasks`, scope.src.keyAt([...nodePath, bad]));
    }
  }
  // findAction has refused every other key that is not a keyword.
  const kw = readKeywords<TaskKeywords & { name?: string; args?: unknown }>(raw, keywordSet, scope, nodePath, label, (k) => k === found.key);
  const { name, args: argsKeyword, ...keywords } = kw as TaskKeywords & { name?: string; args?: unknown };
  for (const k of ['loop', 'action', 'local_action'] as const) delete (keywords as Record<string, unknown>)[k];
  for (const k of Object.keys(keywords)) if (k.startsWith('with_')) delete (keywords as Record<string, unknown>)[k];
  if (found.localAction) {
    if (keywords.delegate_to !== undefined) throw new InputError(`${label} has both "local_action" and "delegate_to"`, scope.src.keyAt([...nodePath, 'delegate_to']));
    keywords.delegate_to = 'localhost';
  }
  const args = { ...(typeof argsKeyword === 'object' && argsKeyword !== null ? (argsKeyword as Record<string, unknown>) : {}), ...found.args };
  const loop = readLoop(raw, scope, nodePath, label);
  const location = scope.src.at(nodePath);
  const argPath = [...nodePath, found.key];

  if (found.action === 'import_tasks' || found.action === 'import_role') {
    if (loop) throw new InputError(`${label}: "${found.written}" is static and cannot loop; use "${found.action.replace('import', 'include')}"`, scope.src.keyAt([...nodePath, loop.kind === 'loop' ? 'loop' : `with_${loop.lookup}`]));
    if (found.action === 'import_tasks') return importTasks(ctx, args, keywords, name, scope, argPath, location, label);
    return ctx.roleImports.importRole(ctx, args, keywords, name, scope, argPath, location, label);
  }
  const task: Task = withRole(
    {
      kind: 'task',
      ...(name !== undefined && { name }),
      action: found.action,
      written: found.written,
      args,
      keywords,
      ...(loop && { loop }),
      location,
      locateArg: argLocator(scope.src, nodePath, found),
      locateKeyword: (p) => scope.src.at([...nodePath, ...p]),
      ...(kind === 'handler' && { handler: true }),
    },
    scope,
  );
  if (found.action === 'include_tasks') task.include = await includeTasksTarget(ctx, task, scope, argPath, label);
  else if (found.action === 'include_role') task.include = await ctx.roleImports.includeRoleTarget(ctx, task, scope, argPath, label);
  else {
    const problem = engineAction(found.action)?.checkArgs?.(args, label);
    if (problem !== undefined) throw new InputError(problem, scope.src.at(argPath));
  }
  return task;
}

function argLocator(src: Source, nodePath: YamlPath, found: FoundAction): Task['locateArg'] {
  const own = [...nodePath, found.key];
  // `args:` values are under that keyword. The legacy string forms (`action: copy src=a`) have no node per
  // argument: the path ends at the string, the nearest node there is.
  return (p) => {
    const top = p[0];
    const underArgs = typeof top === 'string' && !(top in found.args);
    return src.at(underArgs ? [...nodePath, 'args', ...p] : [...own, ...p]);
  };
}

/** The file an import/include names: `import_tasks: x.yml` or `file: x.yml`. */
function fileArg(args: Record<string, unknown>, scope: Scope, argPath: YamlPath, label: string, action: string): string {
  for (const k of Object.keys(args)) {
    if (!TASK_INCLUDE_OPTIONS.has(k)) throw new InputError(`unknown option "${k}" of ${action} in ${label}${didYouMean(closest(k, ['file', 'apply']))}`, scope.src.keyAt([...argPath, k]));
  }
  const file = args['_raw_params'] ?? args['file'];
  if (typeof file !== 'string' || file.trim() === '') throw new InputError(`${action} in ${label} needs a file name`, scope.src.at(argPath));
  return file.trim();
}

/** Where a task file named in `scope` is: beside the current file, then in the role, then the playbook's directory. */
export async function findTaskFile(ctx: LoadContext, file: string, scope: Scope, sub = 'tasks'): Promise<{ found?: string; tried: string[] }> {
  if (path.isAbsolute(file)) return { ...((await ctx.kind(file)) === 'file' && { found: file }), tried: [file] };
  const dirs = [path.dirname(scope.src.file)];
  if (scope.role) dirs.push(path.join(scope.role.path, sub), scope.role.path);
  dirs.push(scope.baseDir);
  const tried = [...new Set(dirs.map((d) => path.join(d, file)))];
  const found = await ctx.firstFile(tried);
  return { ...(found && { found }), tried };
}

/** Loads a task file once per (file, role); cycles through imports are errors. */
export async function loadTaskFile(ctx: LoadContext, file: string, scope: Scope, via: SourceLocation | undefined, dynamic: boolean, guarded: boolean, kind: ListKind = 'task'): Promise<Node[]> {
  const loop = scope.chain.findIndex((c) => c.file === file);
  if (loop !== -1) {
    if (endsAtRunTime(scope.chain, file, { dynamic, guarded })) return [];
    throw new InputError(`${dynamic ? "include" : "import"} cycle: ${chainText(scope.chain.slice(loop), file)}`, via ?? { file });
  }
  const key = `${file}\0${scope.role?.path ?? ''}\0${kind}`;
  const cached = ctx.taskFiles.get(key);
  if (cached) return cached;
  const src = await ctx.source(file, via, 'task file');
  const inner: Scope = { ...scope, src, chain: [...scope.chain, { file, ...(via && { via }), dynamic, guarded }] };
  const nodes = await parseTaskList(ctx, src.value, [], inner, kind);
  ctx.taskFiles.set(key, nodes);
  return nodes;
}

async function importTasks(ctx: LoadContext, args: Record<string, unknown>, keywords: TaskKeywords, name: string | undefined, scope: Scope, argPath: YamlPath, location: SourceLocation, label: string): Promise<Block> {
  const file = fileArg(args, scope, argPath, label, 'import_tasks');
  if ('apply' in args) throw new InputError(`"apply" is only for include_tasks, not import_tasks, in ${label}`, scope.src.keyAt([...argPath, 'apply']));
  if (isTemplate(file)) throw new InputError(`import_tasks needs a static file name, not the template "${file}"; use include_tasks in ${label}`, scope.src.at(argPath));
  const { found: target, tried } = await findTaskFile(ctx, file, scope);
  if (!target) throw new InputError(`task file "${file}" not found (looked for ${tried.join(', ')})`, scope.src.at(argPath));
  const nodes = await loadTaskFile(ctx, target, scope, scope.src.at(argPath), false, false);
  return withRole(
    { kind: 'block', ...(name !== undefined && { name }), block: nodes, rescue: [], always: [], keywords, location, importedFrom: { action: 'import_tasks', file: target } },
    scope,
  );
}

async function includeTasksTarget(ctx: LoadContext, task: Task, scope: Scope, argPath: YamlPath, label: string): Promise<Task['include']> {
  const file = fileArg(task.args, scope, argPath, label, 'include_tasks');
  const apply = readApply(task.args['apply'], scope, [...argPath, 'apply'], label);
  if (isTemplate(file)) return { kind: 'tasks', file, static: false, ...(apply && { apply }) };
  const { found, tried } = await findTaskFile(ctx, file, scope);
  if (!found) throw new InputError(`task file "${file}" not found (looked for ${tried.join(', ')})`, scope.src.at(argPath));
  // A handler's file is read as handlers, as the run reads it: what a handler may not do is found now.
  await loadTaskFile(ctx, found, scope, scope.src.at(argPath), true, isGuarded(task), task.handler === true ? 'handler' : 'task');
  return { kind: 'tasks', file, static: true, resolved: found, ...(apply && { apply }) };
}

/** An include with a when or a loop: a recursion through it may end at run time, so it is no load-time cycle. */
export function isGuarded(task: Task): boolean {
  return task.keywords.when !== undefined || task.loop !== undefined;
}

/** `apply:` of include_tasks / include_role: block keywords given to the included tasks. */
export function readApply(value: unknown, scope: Scope, applyPath: YamlPath, label: string): TaskKeywords | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`"apply" in ${label} must be a mapping of keywords, not ${describe(value)}`, scope.src.at(applyPath));
  return readKeywords<TaskKeywords>(value as Record<string, unknown>, BLOCK_KEYWORDS, scope, applyPath, `"apply" of ${label}`);
}
