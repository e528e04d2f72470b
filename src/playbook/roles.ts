/**
 * Roles: finding them (roles/ beside the playbook, sibling roles, roles_path,
 * ANSIBLE_ROLES_PATH, the playbook's directory), loading their files once,
 * meta dependencies, role entries, import_role and include_role.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import { toBool } from './boolean.js';
import { chainText, endsAtRunTime, isTemplate, type ChainLink, type LoadContext, type Scope } from './context.js';
import { ROLE_ENTRY_KEYWORDS, ROLE_INCLUDE_OPTIONS, ROLE_META_KEYS, TASK_KEYWORDS, UNSUPPORTED_KEYWORDS } from './keywords.js';
import type { Block, BlockKeywords, IncludeTarget, Role, RoleRef, Task, TaskKeywords, Vars, VarsFile } from './model.js';
import type { Source } from './source.js';
import { closest, didYouMean } from './suggest.js';
import { isGuarded, loadTaskFile, readApply, readKeywords } from './tasks.js';
import { checkKeyword, describe } from './validate.js';

export interface FromFiles {
  tasks_from?: string;
  vars_from?: string;
  defaults_from?: string;
  handlers_from?: string;
}

/** Finds the directory of role `name`; throws with the places looked in. */
export async function resolveRole(ctx: LoadContext, name: string, scope: Scope, at: SourceLocation): Promise<string> {
  if (isTemplate(name)) throw new InputError(`role name "${name}" must be static here; use include_role for a templated name`, at);
  // A collection role (ns.coll.role) is looked up by its short name in the roles directories.
  const short = /^[a-z0-9_]+\.[a-z0-9_]+\.([a-z0-9_-]+)$/i.exec(name)?.[1] ?? name;
  const dirs = [path.join(scope.baseDir, 'roles')];
  if (scope.role) dirs.unshift(path.dirname(scope.role.path));
  dirs.push(...ctx.rolesPath, scope.baseDir);
  const candidates = path.isAbsolute(name) ? [name] : [...new Set(dirs.map((d) => path.join(d, short)))];
  for (const c of candidates) if ((await ctx.kind(c)) === 'dir') return c;
  const known = new Set<string>();
  for (const d of new Set(dirs)) {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) known.add(e.name);
  }
  throw new InputError(`role "${name}" not found in ${[...new Set(dirs)].join(', ')}${didYouMean(closest(short, known))}`, at);
}

async function mainFile(ctx: LoadContext, dir: string, sub: string, base: string): Promise<string | undefined> {
  const stem = path.join(dir, sub, base);
  return ctx.firstFile(['.yml', '.yaml', '.json', ''].map((e) => stem + e));
}

/** A vars file (role defaults/vars, vars_files): a mapping, or empty. */
export async function loadVarsFile(ctx: LoadContext, file: string, at: SourceLocation | undefined, what: string): Promise<VarsFile> {
  const src = await ctx.source(file, at, what);
  const v = src.value;
  if (v === null || v === undefined) return { file, vars: {} };
  if (typeof v !== 'object' || Array.isArray(v)) throw new InputError(`${what} must be a mapping of variables, not ${describe(v)}`, src.at([]));
  return { file, vars: v as Vars };
}

/** Loads the role at `dir` (once per set of *_from files); `how` it is reached: statically unless by include_role. */
export async function loadRole(ctx: LoadContext, dir: string, name: string, from: FromFiles, scope: Scope, at: SourceLocation, how: Pick<ChainLink, 'dynamic' | 'guarded'> = { dynamic: false, guarded: false }): Promise<Role> {
  const key = [dir, from.tasks_from, from.vars_from, from.defaults_from, from.handlers_from].join('\0');
  const cycleAt = scope.chain.findIndex((c) => c.file === dir);
  if (cycleAt !== -1) throw new InputError(`role dependency cycle: ${chainText(scope.chain.slice(cycleAt), dir)}`, at);
  const cached = ctx.roles.get(key);
  if (cached) return cached;
  const roleScope: Scope = { ...scope, role: { name, path: dir }, chain: [...scope.chain, { file: dir, via: at, ...how }] };
  const find = async (sub: string, base: string | undefined, what: string): Promise<string | undefined> => {
    const f = await mainFile(ctx, dir, sub, base ?? 'main');
    if (!f && base !== undefined) throw new InputError(`${what} "${base}" of role "${name}" not found in ${path.join(dir, sub)}`, at);
    return f;
  };
  const files = {
    meta: await find('meta', undefined, 'meta'),
    defaults: await find('defaults', from.defaults_from, 'defaults_from'),
    vars: await find('vars', from.vars_from, 'vars_from'),
    tasks: await find('tasks', from.tasks_from, 'tasks_from'),
    handlers: await find('handlers', from.handlers_from, 'handlers_from'),
  };
  let dependencies: RoleRef[] = [];
  let allowDuplicates = false;
  if (files.meta) ({ dependencies, allowDuplicates } = await loadMeta(ctx, files.meta, roleScope));
  const defaults = files.defaults ? await loadVarsFile(ctx, files.defaults, undefined, `defaults file of role "${name}"`) : undefined;
  const vars = files.vars ? await loadVarsFile(ctx, files.vars, undefined, `vars file of role "${name}"`) : undefined;
  const listOf = async (file: string | undefined, kind: 'task' | 'handler') => (file ? loadTaskFile(ctx, file, roleScope, undefined, false, false, kind) : []);
  const role: Role = {
    name,
    path: dir,
    ...(defaults && { defaults }),
    ...(vars && { vars }),
    tasks: await listOf(files.tasks, 'task'),
    handlers: await listOf(files.handlers, 'handler'),
    dependencies,
    allowDuplicates,
    files: Object.fromEntries(Object.entries(files).filter(([, f]) => f !== undefined)) as Role['files'],
  };
  ctx.roles.set(key, role);
  return role;
}

async function loadMeta(ctx: LoadContext, file: string, scope: Scope): Promise<{ dependencies: RoleRef[]; allowDuplicates: boolean }> {
  const src = await ctx.source(file, undefined, 'role meta file');
  const v = src.value;
  if (v === null || v === undefined) return { dependencies: [], allowDuplicates: false };
  if (typeof v !== 'object' || Array.isArray(v)) throw new InputError(`meta/main of role "${scope.role?.name}" must be a mapping, not ${describe(v)}`, src.at([]));
  const meta = v as Record<string, unknown>;
  for (const k of Object.keys(meta)) {
    if (!ROLE_META_KEYS.has(k)) throw new InputError(`unknown key "${k}" in meta/main of role "${scope.role?.name}"${didYouMean(closest(k, ROLE_META_KEYS))}`, src.keyAt([k]));
  }
  const allowDuplicates = checkKeyword('allow_duplicates', meta['allow_duplicates'] ?? false, src, ['allow_duplicates'], 'meta/main');
  const deps = meta['dependencies'];
  if (deps !== null && deps !== undefined && !Array.isArray(deps)) throw new InputError(`"dependencies" in meta/main of role "${scope.role?.name}" must be a list of roles, not ${describe(deps)}`, src.at(['dependencies']));
  const inner: Scope = { ...scope, src };
  const dependencies: RoleRef[] = [];
  for (let i = 0; i < (deps ?? []).length; i++) dependencies.push(await parseRoleEntry(ctx, (deps as unknown[])[i], ['dependencies', i], inner));
  return { dependencies, allowDuplicates: toBool(allowDuplicates) };
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Vars)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

function refKey(role: Role, from: FromFiles, params: Vars, keywords: BlockKeywords, how: string): string {
  return `${role.path}|${stable(from)}|${stable({ params, when: keywords.when, tags: keywords.tags, vars: keywords.vars })}|${how}`;
}

/** A role entry of a play's `roles:` or of meta dependencies: a name, or a mapping with role|name, keywords and parameters. */
export async function parseRoleEntry(ctx: LoadContext, entry: unknown, entryPath: YamlPath, scope: Scope): Promise<RoleRef> {
  const src = scope.src;
  const location = src.at(entryPath);
  if (typeof entry === 'string') {
    const dir = await resolveRole(ctx, entry.trim(), scope, location);
    const role = await loadRole(ctx, dir, path.basename(dir), {}, scope, location);
    return { name: role.name, role, params: {}, keywords: {}, location, key: refKey(role, {}, {}, {}, 'play') };
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InputError(`a role entry must be a role name or a mapping, not ${describe(entry)}`, location);
  const raw = entry as Record<string, unknown>;
  const nameKey = 'role' in raw ? 'role' : 'name';
  const name = raw[nameKey];
  if (typeof name !== 'string' || name.trim() === '') throw new InputError('a role entry needs "role: <name>"', location);
  const params: Vars = {};
  for (const k of Object.keys(raw)) {
    if (k === nameKey || ROLE_ENTRY_KEYWORDS.has(k)) continue;
    if (UNSUPPORTED_KEYWORDS.has(k) || TASK_KEYWORDS.has(k)) throw new InputError(`keyword "${k}" cannot be used on role "${name}"`, src.keyAt([...entryPath, k]));
    const near = closest(k, ROLE_ENTRY_KEYWORDS);
    if (near && near.distance <= 1) ctx.warn(`${formatAt(src, [...entryPath, k])}: "${k}" on role "${name}" is taken as a role parameter; did you mean "${near.word}"?`);
    params[k] = raw[k];
  }
  const label = `role "${name}"`;
  const kw = readKeywords<BlockKeywords & { name?: string; role?: string }>(raw, ROLE_ENTRY_KEYWORDS, scope, entryPath, label, (k) => k === nameKey || !ROLE_ENTRY_KEYWORDS.has(k));
  const keywords: BlockKeywords = { ...kw };
  delete (keywords as { name?: string }).name;
  const dir = await resolveRole(ctx, name.trim(), scope, src.at([...entryPath, nameKey]));
  const role = await loadRole(ctx, dir, path.basename(dir), {}, scope, location);
  return { name: role.name, role, params, keywords, location, key: refKey(role, {}, params, keywords, 'play') };
}

function formatAt(src: Source, p: YamlPath): string {
  const l = src.keyAt(p);
  return `${l.file}:${l.line ?? 1}:${l.col ?? 1}`;
}

/** The block a role use runs: its dependencies' blocks, then its tasks, under the entry's keywords. */
export function roleBlock(ref: RoleRef): Block {
  return {
    kind: 'block',
    name: ref.name,
    block: [...ref.role.dependencies.map(roleBlock), ...ref.role.tasks],
    rescue: [],
    always: [],
    keywords: ref.keywords,
    location: ref.location,
    role: { name: ref.role.name, path: ref.role.path },
    roleRef: ref,
  };
}

function roleOptions(args: Vars, scope: Scope, argPath: YamlPath, label: string, action: string): { name: string; nameKey: string; from: FromFiles } {
  for (const k of Object.keys(args)) {
    if (!ROLE_INCLUDE_OPTIONS.has(k)) throw new InputError(`unknown option "${k}" of ${action} in ${label}${didYouMean(closest(k, ROLE_INCLUDE_OPTIONS))}`, scope.src.keyAt([...argPath, k]));
  }
  const nameKey = 'name' in args ? 'name' : 'role';
  const name = args[nameKey];
  if (typeof name !== 'string' || name.trim() === '') throw new InputError(`${action} in ${label} needs "name: <role>"`, scope.src.at(argPath));
  const from: FromFiles = {};
  for (const k of ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'] as const) {
    const v = args[k];
    if (v === undefined) continue;
    const s = checkKeyword(k, v, scope.src, [...argPath, k], label) as string;
    from[k] = s.replace(/\.(ya?ml|json)$/, '');
  }
  return { name: name.trim(), nameKey, from };
}

export async function importRole(ctx: LoadContext, args: Vars, keywords: TaskKeywords, name: string | undefined, scope: Scope, argPath: YamlPath, location: SourceLocation, label: string): Promise<Block> {
  const opts = roleOptions(args, scope, argPath, label, 'import_role');
  for (const k of ['apply', 'public'] as const) {
    if (k in args) throw new InputError(`"${k}" is only for include_role, not import_role, in ${label}`, scope.src.keyAt([...argPath, k]));
  }
  const at = scope.src.at([...argPath, opts.nameKey]);
  const dir = await resolveRole(ctx, opts.name, scope, at);
  const role = await loadRole(ctx, dir, path.basename(dir), opts.from, scope, at);
  const ref: RoleRef = { name: role.name, role, params: {}, keywords, location, key: refKey(role, opts.from, {}, keywords, 'import') };
  const block = roleBlock(ref);
  return { ...block, ...(name !== undefined && { name }), importedFrom: { action: 'import_role', file: role.files.tasks ?? dir } };
}

export async function includeRoleTarget(ctx: LoadContext, task: Task, scope: Scope, argPath: YamlPath, label: string): Promise<IncludeTarget> {
  const opts = roleOptions(task.args, scope, argPath, label, 'include_role');
  const apply = readApply(task.args['apply'], scope, [...argPath, 'apply'], label);
  const flag = (k: string): boolean => toBool(task.args[k]);
  const target = { kind: 'role' as const, name: opts.name, static: !isTemplate(opts.name) && !Object.values(opts.from).some(isTemplate), ...opts.from, ...(apply && { apply }), public: flag('public'), allow_duplicates: task.args['allow_duplicates'] === undefined ? true : flag('allow_duplicates') };
  if (!target.static) return target;
  const at = scope.src.at([...argPath, opts.nameKey]);
  const dir = await resolveRole(ctx, opts.name, scope, at);
  // Recursion through a conditional include_role may end at run time, as through include_tasks.
  const how = { dynamic: true, guarded: isGuarded(task) };
  if (!endsAtRunTime(scope.chain, dir, how)) await loadRole(ctx, dir, path.basename(dir), opts.from, scope, at, how);
  return { ...target, resolved: dir };
}
