/**
 * copy: puts a file on the host from `content` or from `src` on the
 * controller (the role's files/), or copies one already on the host
 * (remote_src). Unchanged files are never rewritten (sha1 compare). A
 * folder as src is copied with everything in it (support/copy-tree.ts).
 */
import { posix, basename } from 'node:path';
import { z } from 'zod';
import { Command } from '../connection/index.js';
import { defineModule, type LocalTree, type ModuleContext, type Query } from './contract.js';
import { applyTree, planTree, type TreeParams, type TreePlan } from './support/copy-tree.js';
import { isAbsoluteMode, modeParam as mode, preservableMode, resolveMode, type ModeParam } from './support/file-mode.js';
import { makeLevels, type LevelAttrs } from './support/make-dirs.js';
import { md5, sha1 } from './support/digest.js';
import { applyFile, describe, DestinationIsDirectory, planFile, remoteState, wholeFileParams, type DesiredFile, type FilePlan } from './support/remote-file.js';
import { convergeFile } from './support/whole-file.js';

/** Ansible's words when content meets a directory. */
const CONTENT_INTO_DIR = 'can not use content with a dir as dest';


export const copyParams = z
  .object({
    ...wholeFileParams,
    mode: preservableMode.optional(),
    src: z.string().optional(),
    content: z.unknown().optional(),
    force: z.boolean().default(true),
    validate: z.string().optional(),
    remote_src: z.boolean().default(false),
    directory_mode: mode.optional(),
    follow: z.boolean().optional(),
    local_follow: z.boolean().optional(),
    unsafe_writes: z.boolean().optional(),
    decrypt: z.boolean().optional(),
    checksum: z.string().optional(),
  })
  .strict()
  // content: null is no content, as in Ansible's copy action (it tests `content is None`).
  .refine((p) => p.src !== undefined || (p.content !== undefined && p.content !== null), { message: 'src (or content) is required' })
  .refine((p) => p.src === undefined || p.content === undefined || p.content === null, { message: 'src and content are mutually exclusive' });
export type CopyParams = z.infer<typeof copyParams>;

/** content as Ansible writes it: strings as they are, lists and dicts as Python's json.dumps, other values as Python's str(). */
function contentBytes(content: unknown): Buffer {
  if (typeof content === 'string') return Buffer.from(content);
  if (typeof content === 'boolean') return Buffer.from(content ? 'True' : 'False');
  if (typeof content === 'number') return Buffer.from(String(content));
  return Buffer.from(pythonJson(content));
}

/** json.dumps defaults: ", " and ": " separators, non-ASCII escaped. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(value) ?? 'null';
}

/** directory_mode as a new folder gets it: an octal mode as its number, a symbolic one as written (for chmod). */
function directoryMode(m: ModeParam | undefined): number | string | undefined {
  if (m === undefined) return undefined;
  return isAbsoluteMode(m) ? resolveMode(m, 0, true, 0) : m;
}

interface CopyPlan extends FilePlan {
  /** dest ended in /: its directory is made first when missing, as Ansible does. */
  mkdir?: { dir: string; attrs: LevelAttrs };
  /** remote_src: the md5 of the source, which Ansible registers. */
  md5?: string;
}

/** remote_src registers what the copy module itself returns: src, and md5sum whatever happened, but no path. */
function remoteFields(params: CopyParams, result: Record<string, unknown> | undefined, md5: string): Record<string, unknown> | undefined {
  if (!params.remote_src || !result || result.failed === true) return result;
  const { path: _path, ...rest } = result;
  return { ...rest, src: params.src, ...(rest.checksum !== undefined ? { md5sum: md5 } : {}) };
}

/**
 * `mode: preserve` as Ansible's copy reads it: the mode of the source on the controller, of the
 * source on the host with remote_src, and 0600 for content (the temporary file it is written to).
 */
async function preservedMode(params: CopyParams, ctx: ModuleContext): Promise<number> {
  if (params.src === undefined) return 0o600;
  if (!params.remote_src) return ctx.local.mode(params.src, 'files');
  const r = await ctx.run(Command.argv(['stat', '-L', '-c', '%a', '--', params.src]));
  if (r.rc !== 0) throw new Error(`Source ${params.src} not found`);
  return parseInt(r.stdout.trim(), 8);
}

/** What copy wants on the host, from its parameters (reading the source). */
async function wanted(params: CopyParams, ctx: ModuleContext): Promise<{ want: DesiredFile; md5: string }> {
  let dest = params.dest;
  let content: Buffer;
  if (params.src === undefined) content = contentBytes(params.content);
  else if (params.remote_src) {
    const remote = await ctx.get(params.src as string);
    if (remote === undefined) throw new Error(`Source ${params.src ?? ''} not found`);
    content = remote;
  } else content = await ctx.local.read(params.src as string, 'files');
  if (params.src === undefined && dest.endsWith('/')) throw new Error(CONTENT_INTO_DIR);
  // A dest ending in / (made when missing) or an existing directory receives the file under its own name.
  const slash = params.src !== undefined && dest.endsWith('/');
  if (slash) dest = posix.join(dest, basename(params.src as string));
  const want: DesiredFile = {
    dest,
    content,
    attributes: { mode: params.mode === 'preserve' ? await preservedMode(params, ctx) : params.mode, owner: params.owner, group: params.group },
    force: params.force,
    validate: params.validate,
    backup: params.backup,
    into: params.src === undefined ? undefined : basename(params.src),
    // The folders a dest ending in / makes get directory_mode and the owner (copy's adjust_recursive_directory_permissions).
    createParent: slash ? { mode: directoryMode(params.directory_mode), owner: params.owner, group: params.group } : undefined,
  };
  return { want, md5: md5(content) };
}

function contentIntoDir(err: unknown): unknown {
  return err instanceof DestinationIsDirectory ? new Error(CONTENT_INTO_DIR) : err;
}

/** remote_src, force off and dest there: Ansible's copy module says so, with the file's attributes. */
async function alreadyThere(params: CopyParams, ctx: ModuleContext, result: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
  if (!params.remote_src || !result || result.checksum !== undefined || result.failed === true) return result;
  return { ...result, msg: 'file already exists', ...describe(await remoteState(ctx, String(result.dest))) };
}

/** A folder on the controller as src (copied with its files), or undefined for a file. */
async function localTree(params: CopyParams, ctx: ModuleContext): Promise<LocalTree | undefined> {
  return params.src === undefined || params.remote_src ? undefined : ctx.local.tree(params.src, 'files');
}

function treeParams(params: CopyParams): TreeParams {
  return { src: params.src ?? '', dest: params.dest, mode: params.mode, directory_mode: params.directory_mode, owner: params.owner, group: params.group, force: params.force };
}

export const copyModule = defineModule<CopyParams, CopyPlan | TreePlan>({
  name: 'copy',
  paths: ['dest'],
  schema: copyParams,
  check: 'full',
  readOnlyQuery: true,
  async query(params, ctx): Promise<Query<CopyPlan | TreePlan>> {
    const tree = await localTree(params, ctx);
    if (tree) return planTree(ctx, tree, treeParams(params));
    const { want, md5 } = await wanted(params, ctx);
    const query = await planFile(ctx, want).catch((err: unknown) => {
      throw contentIntoDir(err);
    });
    let result = remoteFields(params, query.result, md5);
    if (!query.changed) {
      result = await alreadyThere(params, ctx, result);
      return { ...query, ...(result ? { result } : {}) };
    }
    // Check mode with remote_src: the copy module itself answers, with the source's sums.
    if (params.remote_src && query.plan.content) result = { dest: query.plan.dest, src: params.src, checksum: sha1(want.content), md5sum: md5 };
    return { ...query, plan: { ...query.plan, md5, ...(want.createParent ? { mkdir: { dir: posix.dirname(query.plan.dest), attrs: want.createParent } } : {}) }, ...(result ? { result } : {}) };
  },
  async apply(params, plan, ctx) {
    if ('kind' in plan) return applyTree(ctx, plan);
    if (plan.mkdir !== undefined) {
      const made = await ctx.run(makeLevels(plan.mkdir.dir, plan.mkdir.attrs));
      if (made.rc !== 0) return { failed: true, changed: false, msg: made.stderr.trim() };
    }
    const applied = await applyFile(ctx, plan);
    return remoteFields(params, applied, plan.md5 ?? '') ?? applied;
  },
  async converge(params, ctx) {
    const tree = await localTree(params, ctx);
    if (tree) {
      const query = await planTree(ctx, tree, treeParams(params));
      return query.changed ? applyTree(ctx, query.plan) : { changed: false, ...query.result };
    }
    const { want, md5 } = await wanted(params, ctx);
    const result = await convergeFile(ctx, want).catch((err: unknown) => {
      throw contentIntoDir(err);
    });
    const fields = remoteFields(params, result, md5) ?? result;
    return result.changed === true ? fields : ((await alreadyThere(params, ctx, fields)) ?? fields);
  },
});
