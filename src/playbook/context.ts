/**
 * Shared state of one load: options, caches (files, task files, roles) and
 * the warnings collected on the way. Caches make a 100-role tree cheap:
 * every file is read and checked once.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import type { Block, IncludeTarget, ModuleCatalog, Node, Role, RoleContext, Task, TaskKeywords, Vars } from './model.js';
import { readSource, type Source } from './source.js';

/** One step of the import/include chain, for cycle reports. */
export interface ChainLink {
  file: string;
  /** Where the import/include that led here is written. */
  via?: SourceLocation;
  /** Reached through a dynamic include (include_tasks/include_role). */
  dynamic: boolean;
  /** That include has a `when` or a loop, so recursion may end at run time. */
  guarded: boolean;
}

/** Where a list of tasks is being read. */
export interface Scope {
  src: Source;
  /** The directory relative paths start from when nothing closer matches (the playbook's). */
  baseDir: string;
  role?: RoleContext;
  chain: readonly ChainLink[];
}

export interface LoaderOptions {
  catalog: ModuleCatalog;
  /** Extra role directories, searched after roles/ beside the playbook: the CLI gives --roles-path, then ansible.cfg's roles_path or ANSIBLE_ROLES_PATH (src/config, the one reader of both). */
  rolesPath?: readonly string[];
}

/**
 * import_role and include_role (roles.ts). Task lists hold role imports and
 * roles hold task lists: the loader hands these to the task parser so that
 * the two files need not import each other.
 */
export interface RoleImports {
  importRole(ctx: LoadContext, args: Vars, keywords: TaskKeywords, name: string | undefined, scope: Scope, argPath: YamlPath, location: SourceLocation, label: string): Promise<Block>;
  includeRoleTarget(ctx: LoadContext, task: Task, scope: Scope, argPath: YamlPath, label: string): Promise<IncludeTarget>;
}

export class LoadContext {
  readonly catalog: ModuleCatalog;
  readonly rolesPath: readonly string[];
  readonly warnings: string[] = [];
  private readonly warned = new Set<string>();
  private readonly sources = new Map<string, Source>();
  private readonly exists = new Map<string, 'file' | 'dir' | undefined>();
  readonly taskFiles = new Map<string, Node[]>();
  readonly roles = new Map<string, Role>();
  /** Every file read, in reading order, with what it was read as ("playbook", "task file", "vars file"...). */
  readonly loaded: Array<{ src: Source; what: string }> = [];
  moduleNames: readonly string[] | undefined;

  constructor(
    opts: LoaderOptions,
    readonly roleImports: RoleImports,
  ) {
    this.catalog = opts.catalog;
    this.rolesPath = (opts.rolesPath ?? []).map((p) => path.normalize(p));
  }

  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnings.push(message);
  }

  /** Reads a YAML file once per load; its warnings are collected the first time. */
  async source(file: string, from?: SourceLocation, what?: string): Promise<Source> {
    let src = this.sources.get(file);
    if (!src) {
      src = readSource(file, from, what);
      this.sources.set(file, src);
      this.loaded.push({ src, what: what ?? 'file' });
      for (const w of src.warnings) this.warn(w);
    }
    return src;
  }

  async kind(file: string): Promise<'file' | 'dir' | undefined> {
    if (this.exists.has(file)) return this.exists.get(file);
    const st = statSync(file, { throwIfNoEntry: false });
    const kind = st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : undefined;
    this.exists.set(file, kind);
    return kind;
  }

  /** The first candidate that is a file. */
  async firstFile(candidates: readonly string[]): Promise<string | undefined> {
    for (const c of candidates) if ((await this.kind(c)) === 'file') return c;
    return undefined;
  }
}

export const YAML_EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export function isTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

/**
 * Whether reaching `file` again through `chain` (it is in it) is a recursion
 * that may end at run time: reached by a dynamic include, and that include or
 * one inside the cycle has a when or a loop. Nothing more is loaded then; any
 * other return to a file is a cycle, an error.
 */
export function endsAtRunTime(chain: readonly ChainLink[], file: string, how: Pick<ChainLink, 'dynamic' | 'guarded'>): boolean {
  const at = chain.findIndex((c) => c.file === file);
  // The cycle's first link is how it was entered from outside: its guard does not stop the cycle.
  return at !== -1 && how.dynamic && (how.guarded || chain.slice(at + 1).some((c) => c.dynamic && c.guarded));
}

export function chainText(chain: readonly ChainLink[], last: string): string {
  return [...chain.map((c) => c.file), last].join(' -> ');
}
