/**
 * Per-task checks that need no variables: a `loop` over a literal that is
 * not a list, with_dict over a literal that is not a mapping, and the files
 * a task names with a literal path: template and copy sources (a template
 * is parsed, its errors named at their line), include_vars files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import type { Play, Task } from '../playbook/index.js';
import { hasMarkup, templateSyntaxError } from '../template/index.js';

const at = (task: Task, p: ReadonlyArray<string | number>): SourceLocation => task.locateKeyword?.(p) ?? task.location;
const isDict = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

export function checkLoop(task: Task): void {
  const loop = task.loop;
  if (!loop) return;
  if (loop.kind === 'loop' && typeof loop.items === 'string' && !hasMarkup(loop.items)) {
    throw new InputError(`Invalid data passed to 'loop', it requires a list, got this instead: ${loop.items}`, at(task, ['loop']));
  }
  if (loop.kind === 'with' && loop.lookup === 'dict' && loop.terms !== null && typeof loop.terms === 'object' && !isDict(loop.terms)) {
    throw new InputError(`with_dict expects a dict, got a list`, at(task, ['with_dict']));
  }
}

export type Kind = 'templates' | 'files' | 'vars';

/** Where Ansible may find a relative path a task names: its role, beside its file, the play's folder. */
function candidates(task: Task, play: Play, file: string, kind: Kind): string[] {
  const dirs: string[] = [];
  if (task.role) dirs.push(path.join(task.role.path, kind), task.role.path);
  const here = path.dirname(task.location.file);
  dirs.push(path.join(here, kind), here, path.join(play.baseDir, kind), play.baseDir);
  return [...new Set(dirs.map((d) => path.join(d, file)))];
}

/** A literal path, or one built only on role_path/playbook_dir (known before the run); undefined otherwise. */
function staticPath(value: unknown, task: Task, play: Play): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const known: Record<string, string | undefined> = { role_path: task.role?.path, playbook_dir: play.baseDir };
  let unknown = false;
  const out = value.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => known[name] ?? ((unknown = true), m));
  return unknown || hasMarkup(out) ? undefined : out;
}

function findFile(task: Task, play: Play, file: string, kind: Kind, what: string, where: SourceLocation): string | undefined {
  // An absolute path may be written by an earlier task on the controller: only relative ones are known missing.
  if (path.isAbsolute(file)) return existsSync(file) ? file : undefined;
  const tried = candidates(task, play, file, kind);
  const found = tried.find((c) => existsSync(c));
  if (!found) throw new InputError(`${what} "${file}" not found (looked for ${tried.join(', ')})`, where);
  return found;
}

/** The file a task names by a static path (see staticPath), where it is found; undefined when templated or missing. */
export function staticTaskFile(task: Task, play: Play, value: unknown, kind: Kind): string | undefined {
  const file = staticPath(value, task, play);
  if (file === undefined) return undefined;
  if (path.isAbsolute(file)) return existsSync(file) ? file : undefined;
  return candidates(task, play, file, kind).find((c) => existsSync(c) && statSync(c).isFile());
}

export function checkTaskFiles(task: Task, play: Play): void {
  const args = task.args;
  if (task.action === 'template') {
    const file = staticPath(args['src'], task, play);
    if (file === undefined) return;
    const found = findFile(task, play, file, 'templates', 'template', task.locateArg(['src']));
    if (found === undefined || !statSync(found).isFile()) return;
    const p = templateSyntaxError(readFileSync(found, 'utf8'), 'file');
    if (p) throw new InputError(`Jinja2 syntax error in template: ${p.message}`, { file: found, line: p.line, ...(p.col !== undefined && { col: p.col }) });
  } else if (task.action === 'copy') {
    if (args['content'] !== undefined || (args['remote_src'] !== undefined && args['remote_src'] !== false && args['remote_src'] !== 'no')) return;
    const file = staticPath(args['src'], task, play);
    if (file !== undefined) findFile(task, play, file, 'files', 'copy source', task.locateArg(['src']));
  } else if (task.action === 'include_vars') {
    if (args['dir'] !== undefined) return;
    const key = args['file'] !== undefined ? 'file' : '_raw_params';
    const file = staticPath(args[key], task, play);
    if (file !== undefined) findFile(task, play, file, 'vars', 'vars file', task.locateArg([key]));
  }
}
