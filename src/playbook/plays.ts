/**
 * Playbook files: a list of plays and `import_playbook` entries (inlined,
 * with their when/tags/vars passed to the imported plays).
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import { chainText, isTemplate, type ChainLink, type LoadContext, type Scope } from './context.js';
import { IMPORT_PLAYBOOK_KEYWORDS, PLAY_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import type { Conditions, Play, PlayKeywords, RoleRef, Vars, VarsFileRef } from './model.js';
import { loadVarsFile, parseRoleEntry } from './roles.js';
import { shortName } from './action.js';
import type { Source } from './source.js';
import { closest, didYouMean } from './suggest.js';
import { parseTaskList, readKeywords } from './tasks.js';
import { checkKeyword, describe } from './validate.js';

const IMPORT_KEYS = new Set(['import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook']);
const LISTS = new Set(['pre_tasks', 'roles', 'tasks', 'post_tasks', 'handlers', 'vars_files']);

export async function loadPlaybookFile(ctx: LoadContext, file: string, chain: readonly ChainLink[], via?: SourceLocation): Promise<Play[]> {
  const cycleAt = chain.findIndex((c) => c.file === file);
  if (cycleAt !== -1) throw new InputError(`import_playbook cycle: ${chainText(chain.slice(cycleAt), file)}`, via ?? { file });
  const src = await ctx.source(file, via, 'playbook');
  const here = [...chain, { file, ...(via && { via }), dynamic: false, guarded: false }];
  const entries = src.value;
  if (!Array.isArray(entries)) {
    throw new InputError(`a playbook must be a list of plays, but this file is ${describe(entries)}`, src.at([]));
  }
  const plays: Play[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new InputError(`a play must be a mapping, not ${describe(entry)}`, src.at([i]));
    }
    const raw = entry as Record<string, unknown>;
    const importKey = Object.keys(raw).find((k) => IMPORT_KEYS.has(k));
    if (importKey !== undefined) plays.push(...(await importPlaybook(ctx, raw, importKey, src, [i], here)));
    else plays.push(await parsePlay(ctx, raw, src, [i], here));
  }
  return plays;
}

async function importPlaybook(ctx: LoadContext, raw: Record<string, unknown>, importKey: string, src: Source, entryPath: YamlPath, chain: readonly ChainLink[]): Promise<Play[]> {
  const label = `import_playbook entry${typeof raw['name'] === 'string' ? ` "${raw['name']}"` : ''}`;
  for (const k of Object.keys(raw)) {
    if (k === importKey || IMPORT_PLAYBOOK_KEYWORDS.has(k)) continue;
    throw new InputError(`unknown keyword "${k}" in ${label}${didYouMean(closest(k, IMPORT_PLAYBOOK_KEYWORDS))}`, src.keyAt([...entryPath, k]));
  }
  const target = raw[importKey];
  const at = src.at([...entryPath, importKey]);
  if (typeof target !== 'string' || target.trim() === '') throw new InputError(`${label} needs a playbook file name`, at);
  if (isTemplate(target)) throw new InputError(`import_playbook needs a static file name, not the template "${target}"`, at);
  const file = path.isAbsolute(target) ? target : path.join(path.dirname(src.file), target.trim());
  if ((await ctx.kind(file)) !== 'file') throw new InputError(`playbook "${target}" not found (looked for ${file})`, at);
  const when = raw['when'] === undefined ? undefined : (checkKeyword('when', raw['when'], src, [...entryPath, 'when'], label) as Conditions);
  const tags = raw['tags'] === undefined ? [] : (checkKeyword('tags', raw['tags'], src, [...entryPath, 'tags'], label) as string[]);
  const vars = raw['vars'] === undefined ? {} : (checkKeyword('vars', raw['vars'], src, [...entryPath, 'vars'], label) as Vars);
  const plays = await loadPlaybookFile(ctx, file, chain, at);
  return plays.map((p) => ({
    ...p,
    keywords: {
      ...p.keywords,
      ...((p.keywords.vars || Object.keys(vars).length > 0) && { vars: { ...p.keywords.vars, ...vars } }),
      ...((p.keywords.tags || tags.length > 0) && { tags: [...new Set([...(p.keywords.tags ?? []), ...tags])] }),
    },
    ...((p.importConditions || when) && { importConditions: [...(when ?? []), ...(p.importConditions ?? [])] }),
  }));
}

function playLabel(raw: Record<string, unknown>): string {
  return typeof raw['name'] === 'string' ? `play "${raw['name']}"` : 'unnamed play';
}

async function parsePlay(ctx: LoadContext, raw: Record<string, unknown>, src: Source, playPath: YamlPath, chain: readonly ChainLink[]): Promise<Play> {
  const label = playLabel(raw);
  for (const k of Object.keys(raw)) {
    if (PLAY_KEYWORDS.has(k)) continue;
    const at = src.keyAt([...playPath, k]);
    if (k === 'vars_prompt') throw new InputError(`vars_prompt in ${label} is not supported: kolla-run never prompts; pass the value with -e instead`, at);
    if (shortName(ctx, k) !== undefined) throw new InputError(`"${k}" is not a play keyword (${label}); tasks go in a list under "tasks:"`, at);
    if (TASK_KEYWORDS.has(k)) throw new InputError(`keyword "${k}" cannot be used on a play (${label}); put it on its tasks, blocks or roles`, at);
    throw new InputError(`unknown keyword "${k}" in ${label}${didYouMean(closest(k, PLAY_KEYWORDS))}`, at);
  }
  if (raw['hosts'] === undefined || raw['hosts'] === null) throw new InputError(`${label} needs "hosts:"`, src.at(playPath));
  const scope: Scope = { src, baseDir: path.dirname(src.file), chain };
  const kw = readKeywords<PlayKeywords & { name?: string; hosts: string[] }>(raw, PLAY_KEYWORDS, scope, playPath, label, (k) => LISTS.has(k));
  const { name, hosts, ...keywords } = kw;
  const list = async (k: 'pre_tasks' | 'tasks' | 'post_tasks' | 'handlers') => {
    checkKeyword(k, raw[k], src, [...playPath, k], label);
    return parseTaskList(ctx, raw[k], [...playPath, k], scope, k === 'handlers' ? 'handler' : 'task');
  };
  const roles: RoleRef[] = [];
  const rolesRaw = checkKeyword('roles', raw['roles'], src, [...playPath, 'roles'], label) as unknown[] | null | undefined;
  for (let i = 0; i < (rolesRaw ?? []).length; i++) roles.push(await parseRoleEntry(ctx, (rolesRaw ?? [])[i], [...playPath, 'roles', i], scope));
  return {
    ...(name !== undefined && { name }),
    hosts,
    keywords,
    vars_files: await varsFiles(ctx, raw['vars_files'], scope, [...playPath, 'vars_files'], label),
    pre_tasks: await list('pre_tasks'),
    roles,
    tasks: await list('tasks'),
    post_tasks: await list('post_tasks'),
    handlers: await list('handlers'),
    location: src.at(playPath),
    baseDir: scope.baseDir,
  };
}

/**
 * Where a vars_files name is looked for, as Ansible's
 * path_dwim_relative_stack(play search path, 'vars', name): `vars/<name>`
 * then `<name>` in the folder of the playbook file the play is written in
 * (under import_playbook too: that is also Ansible's basedir for the play).
 * Ansible adds `vars/` even when the name already starts with it.
 * Absolute names and ~ are taken as they are.
 */
export function varsFileCandidates(name: string, playDir: string): string[] {
  if (path.isAbsolute(name)) return [path.normalize(name)];
  if (name === '~' || name.startsWith('~/')) return [path.join(homedir(), name.slice(1))];
  return [path.join(playDir, 'vars', name), path.join(playDir, name)];
}

/** The "not found" error of a vars_files entry: its names as written and every path tried. */
export function varsFileNotFound(names: readonly string[], tried: readonly string[], at: SourceLocation): InputError {
  return new InputError(`vars file ${names.map((n) => `"${n}"`).join(' or ')} not found (looked for ${[...new Set(tried)].join(', ')})`, at);
}

async function varsFiles(ctx: LoadContext, value: unknown, scope: Scope, listPath: YamlPath, label: string): Promise<VarsFileRef[]> {
  if (value === undefined || value === null) return [];
  const entries = checkKeyword('vars_files', value, scope.src, listPath, label) as Array<string | string[]>;
  const out: VarsFileRef[] = [];
  for (let i = 0; i < entries.length; i++) {
    const written = entries[i] ?? '';
    const location = scope.src.at(typeof value === 'string' ? listPath : [...listPath, i]);
    const names = Array.isArray(written) ? written : [written];
    const ref: VarsFileRef = { written, location };
    // An entry with a template anywhere waits for run time (src/executor/vars-files.ts), as a whole:
    // its candidates are tried in order there.
    if (!names.some(isTemplate)) {
      const candidates = names.flatMap((n) => varsFileCandidates(n, scope.baseDir));
      const found = await ctx.firstFile(candidates);
      if (!found) throw varsFileNotFound(names, candidates, location);
      ref.loaded = await loadVarsFile(ctx, found, location, 'vars file');
    }
    out.push(ref);
  }
  return out;
}
