/**
 * Lookup plugins for lookup()/query(), as ansible-core 2.14 runs them on the
 * controller: env, vars, file, first_found. Each gets the terms, its
 * options (keyword arguments) and the variables of the render in progress;
 * where to look for files comes from those variables too
 * (`ansible_search_path`, `role_path`, `playbook_dir`), as in Ansible.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { VarScope } from './scope.js';
import type { LookupFn } from './lookup-call.js';
import { isDict, isUndefinedError, TemplateError, UndefinedError } from './values.js';

type Plugin = (terms: unknown[], options: Record<string, unknown>, vars: VarScope, env: NodeJS.ProcessEnv) => unknown[];

function fail(plugin: string, message: string): never {
  throw new TemplateError(`lookup plugin '${plugin}' failed: ${message}`);
}

function text(plugin: string, term: unknown): string {
  if (typeof term !== 'string') fail(plugin, `terms must be strings, got ${JSON.stringify(term)}`);
  return term;
}

/** env: each term's first word names a variable; unset gives `default` ('' unless given). */
const env: Plugin = (terms, options, _vars, environ) => {
  const dflt = options.default === undefined ? '' : options.default;
  return terms.map((t) => {
    const name = text('env', t).trim().split(/\s+/)[0] ?? '';
    return environ[name] ?? dflt;
  });
};

/**
 * vars: each term is a variable's name; its value is templated (the lazy
 * scope renders on read). An undefined variable, or one whose template
 * meets an undefined one, gives `default` when one is given (not None),
 * and is an undefined error otherwise.
 */
const vars: Plugin = (terms, options, scope) => {
  const dflt = options.default;
  return terms.map((t) => {
    if (typeof t !== 'string') fail('vars', `Invalid setting identifier, "${JSON.stringify(t)}" is not a string`);
    try {
      if (!scope.has(t)) throw new UndefinedError(`No variable found with this name: ${t}`);
      return scope.get(t);
    } catch (err) {
      if (dflt === undefined || dflt === null || !isUndefinedError(err)) throw err;
      return dflt;
    }
  });
};

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Where a relative file name is looked for: Ansible's
 * find_file_in_search_path + path_dwim_relative_stack. For each folder of
 * the task's search path (its role, the folder of its file, the playbook's
 * folder), `<folder>/<subdir>/<name>` then `<folder>/<name>`; then the same
 * in the playbook's folder again (Ansible's loader basedir, always last).
 * Ansible adds `<subdir>/` even when the name already starts with it.
 * Absolute names (and ~) are taken as they are.
 */
export function searchCandidates(vars: VarScope, subdir: string, name: string): string[] {
  if (name.startsWith('~') || path.isAbsolute(name)) return [path.normalize(expandHome(name))];
  const read = (n: string): unknown => (vars.has(n) ? vars.get(n) : undefined);
  const basedir = typeof read('playbook_dir') === 'string' ? (read('playbook_dir') as string) : process.cwd();
  let dirs = stringList(read('ansible_search_path'));
  if (dirs.length === 0) dirs = [typeof read('role_path') === 'string' ? (read('role_path') as string) : basedir];
  const out: string[] = [];
  for (const d of [...dirs, basedir]) out.push(path.join(d, subdir, name), path.join(d, name));
  return out;
}

/** The first candidate that exists (a folder counts, as os.path.exists does in Ansible). */
function findFile(vars: VarScope, subdir: string, name: string): { found?: string; tried: string[] } {
  const tried = searchCandidates(vars, subdir, name);
  const found = tried.find((c) => existsSync(c));
  return found === undefined ? { tried } : { found, tried };
}

const on = (v: unknown, dflt: boolean): boolean => (v === undefined ? dflt : v === true || (typeof v === 'string' && /^(yes|true|on|1)$/i.test(v)));

/** file: a controller file's text, found as above; rstrip on by default, lstrip off. */
const file: Plugin = (terms, options, scope) =>
  terms.map((t) => {
    const name = text('file', t);
    const { found, tried } = findFile(scope, 'files', name);
    if (found === undefined) fail('file', `could not locate file in lookup: ${name} (looked for ${[...new Set(tried)].join(', ')})`);
    let content: string;
    try {
      content = readFileSync(found, 'utf8');
    } catch (err) {
      fail('file', `could not read ${found}: ${(err as Error).message}`);
    }
    // Python's str.strip family: any whitespace, not only newlines.
    if (on(options.lstrip, false)) content = content.trimStart();
    if (on(options.rstrip, true)) content = content.trimEnd();
    return content;
  });

/** Ansible's _split_on: a string cut at any of `chars`; lists are cut item by item. */
function splitOn(v: unknown, chars: string): string[] {
  if (typeof v === 'string') return v.split(new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]`));
  return Array.isArray(v) ? v.flatMap((x) => splitOn(x, chars)) : [];
}

/**
 * first_found: the names to try come from the terms: a string is a name; a
 * mapping gives `files` (split at , and ;) and `paths` (split at , : and ;)
 * to combine; a list is read the same way, item by item. The keyword
 * options files/paths apply to string terms. Returns the first that
 * exists (searched like file), [] with skip, an error otherwise.
 */
const firstFound: Plugin = (terms, options, scope) => {
  let search: string[] = [];
  let skip = false;
  const walk = (list: readonly unknown[]): void => {
    for (const term of list) {
      let opts: Record<string, unknown>;
      if (isDict(term)) opts = term;
      else if (typeof term === 'string') opts = options;
      else if (Array.isArray(term)) {
        walk(term);
        continue;
      } else fail('first_found', `Invalid term supplied, can handle string, mapping or list of strings but got: ${JSON.stringify(term)}`);
      const files = splitOn(opts.files ?? [], ',;');
      const paths = splitOn(opts.paths ?? [], ',:;');
      skip = on(opts.skip, false);
      if (paths.length > 0) for (const p of paths) for (const f of files) search.push(path.join(p, f));
      // As Ansible does (its own note says it looks wrong): a files option replaces what was gathered so far.
      else if (files.length > 0) search = files;
      else search.push(String(term));
    }
  };
  walk(terms);
  for (const name of search) {
    const { found } = findFile(scope, 'files', name);
    if (found !== undefined) return [found];
  }
  if (skip) return [];
  return fail('first_found', 'No file was found when using first_found.');
};

const PLUGINS: Record<string, Plugin> = { env, vars, file, first_found: firstFound };

/** The names lookup() knows, for error messages and docs. */
export const LOOKUP_NAMES = Object.keys(PLUGINS).sort();

/** The lookup callback for a Templar; `environ` is what env reads (the process's own by default). */
export function standardLookups(environ: NodeJS.ProcessEnv = process.env): LookupFn {
  return (name, terms, options, scope) => {
    const short = name.replace(/^ansible\.(builtin|legacy)\./, '');
    const plugin = Object.prototype.hasOwnProperty.call(PLUGINS, short) ? PLUGINS[short] : undefined;
    if (!plugin) throw new TemplateError(`lookup plugin '${name}' not found (kolla-run has: ${LOOKUP_NAMES.join(', ')})`);
    return plugin(terms, options, scope, environ);
  };
}
