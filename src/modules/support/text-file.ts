/**
 * The text-editing modules' common path (lineinfile, blockinfile, ini_file):
 * the query reads the file, its stat, its real path and the ids in one
 * round trip; the new text is computed in TypeScript; apply writes it with
 * one atomic put (mode and owner kept or set) or, when only owner/mode
 * differ, one chown/chmod. Writes go to the real path, as Ansible's
 * atomic_move(os.path.realpath(dest)) does, so a link stays a link.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, ownerNameOk, putCommand, quote, sh } from '../../connection/index.js';
import type { FileDiff, ModuleContext, ResultFields } from '../contract.js';
import { boolish } from './aliases.js';
import { andThen, attrChange, attrCommands, attrFields, attrSnippets, lookupsFound, resolveIds, type AttrChange, type AttrParams, type Ids } from './file-attrs.js';
import { isAbsoluteMode, resolveMode } from './file-mode.js';
import { contentSnippet, lineSnippet, Probe, probe, statSnippet, type RemoteStat } from './remote-probe.js';
import { firstError } from './run-script.js';
import { validateCommand } from './expand-path.js';

export const textFileFields = {
  ...attrFields,
  backup: boolish.default(false),
  validate: z.string().refine((v) => v.includes('%s'), { message: 'validate must contain %s' }).optional(),
};

export interface TextFile {
  path: string;
  realPath: string;
  /** The file's stat (links followed); undefined when it does not exist. */
  stat: RemoteStat | undefined;
  text: string | undefined;
  ids: Ids;
  umask: number;
  /**
   * uid and gid a new file gets (the connecting user's), read for an absent file when an owner or
   * group is asked for (to compare) or the caller reports the new file's owner (ReadOptions.bornOwner).
   */
  self: { uid: number; gid: number; owner: string; group: string } | undefined;
  parentExists: boolean;
}

export interface ReadOptions {
  /** The caller reports a new file's owner and group (ini_file's result): read who the connecting user is. */
  bornOwner?: boolean;
}

export async function readTextFile(ctx: ModuleContext, path: string, attrs: AttrParams, options: ReadOptions = {}): Promise<TextFile | { error: string }> {
  return parseTextFile(await probe(ctx, textFileSnippets(path, attrs, options)), path, attrs);
}

function textFileSnippets(path: string, attrs: AttrParams, options: ReadOptions): Command[] {
  const needSelf = options.bornOwner === true || attrs.owner !== undefined || attrs.group !== undefined;
  return [
    statSnippet('S', path, true),
    // Only a link has a real path other than its own (writes through a linked folder land alike).
    Command.join([sh`if [ -L ${path} ]; then`, lineSnippet('R', sh`readlink -m -- ${path}`), Command.raw('; fi')]),
    contentSnippet('B', path),
    sh`[ -d ${posix.dirname(path)} ] && echo P`,
    // Who the connecting user is matters only for a file about to be made (its born owner), when asked.
    ...(needSelf ? [Command.join([sh`if [ ! -e ${path} ]; then`, Command.raw("printf 'I\\t'; LC_ALL=C id; fi")])] : []),
    ...attrSnippets(attrs),
  ];
}

function parseTextFile(pr: Probe, path: string, attrs: AttrParams): TextFile | { error: string } {
  const ids = resolveIds(attrs, pr);
  if ('error' in ids) return ids;
  const id = pr.text('I');
  const stat = pr.stat('S');
  return {
    path,
    realPath: pr.text('R') || path,
    stat,
    text: pr.content('B')?.toString('utf8') ?? (stat?.type === 'file' ? '' : undefined),
    ids,
    umask: pr.umask(),
    self: id === undefined ? undefined : parseId(id),
    parentExists: pr.has('P'),
  };
}

/**
 * The read, and in the same command, when the file is absent (no link, its
 * folder there, the names known), `born` written as the new file with the
 * owner and octal mode asked: what an edit of an absent file with create
 * writes, known before the read. The caller still decides from the read
 * (taken before the write) and must find that it would have written `born`.
 */
export async function readOrCreateText(ctx: ModuleContext, path: string, attrs: AttrParams, born: string): Promise<{ file: TextFile | { error: string }; created: boolean }> {
  const p = quote(path);
  const mode = attrs.mode === undefined ? undefined : resolveMode(attrs.mode, 0, false, 0);
  const put = putCommand(path, { ...(mode !== undefined ? { mode } : {}), ...(attrs.owner !== undefined ? { owner: attrs.owner } : {}), ...(attrs.group !== undefined ? { group: attrs.group } : {}) });
  const guard = [`[ ! -e ${p} ]`, `[ ! -L ${p} ]`, `[ -d ${quote(posix.dirname(path))} ]`, ...lookupsFound(attrs)].join(' && ');
  const write = Command.raw(`if ${guard}; then (${put.toShell()}) && echo CREATED; fi`);
  const r = await ctx.run(Command.join([...textFileSnippets(path, attrs, {}), write], '; '), { stdin: born });
  const pr = new Probe(r.stdout, r.stderr, r.rc);
  return { file: parseTextFile(pr, path, attrs), created: pr.has('CREATED') };
}

/**
 * Whether readOrCreateText can write the file's attributes without a probe: an octal mode or none,
 * names putCommand takes (any other, e.g. "1abc", is no user's: the read fails it with Ansible's words).
 */
export function creatableAttrs(attrs: AttrParams): boolean {
  const plain = (name: string | undefined) => name === undefined || ownerNameOk(name);
  return (attrs.mode === undefined || isAbsoluteMode(attrs.mode)) && plain(attrs.owner) && plain(attrs.group);
}

/** `id`'s "uid=0(root) gid=0(root) groups=..." (a name is missing when the id has none). */
export function parseId(text: string): { uid: number; gid: number; owner: string; group: string } {
  const m = /uid=(\d+)(?:\(([^)]*)\))? gid=(\d+)(?:\(([^)]*)\))?/.exec(text);
  const uid = Number(m?.[1] ?? 0);
  const gid = Number(m?.[3] ?? 0);
  return { uid, gid, owner: m?.[2] ?? String(uid), group: m?.[4] ?? String(gid) };
}

export interface TextPlan {
  realPath: string;
  /** The new text, when the content changes. */
  text?: string;
  attrs?: AttrChange;
  mkdir: boolean;
  exists: boolean;
  mode?: number;
  owner?: { uid: number; gid: number };
}

const ATTR_MSG = 'ownership, perms or SE linux context changed';

/**
 * What writing `after` (undefined: content unchanged) means: the plan, the
 * message Ansible gives ("line added and ownership, perms ... changed") and
 * the diff. A new file is compared with what it would be born as.
 */
export function textChange(file: TextFile, after: string | undefined, attrs: AttrParams, contentMsg: string): { plan?: TextPlan; msg: string; checkMsg: string; diff?: FileDiff } {
  const exists = file.stat !== undefined;
  // Without self no owner or group was asked for, so the born ids are never compared.
  const born: RemoteStat = { type: 'file', mode: 0o666 & ~file.umask, uid: file.self?.uid ?? -1, gid: file.self?.gid ?? -1, owner: '', group: '', size: 0, inode: 0, dev: 0, nlink: 1, atime: 0, mtime: 0, ctime: 0, blockSize: 0, blocks: 0, rdev: 0 };
  const current = file.stat ?? born;
  const willExist = exists || after !== undefined;
  const attr = willExist ? attrChange(file.realPath, current, file.ids, attrs.mode, file.umask) : undefined;
  const contentChanged = after !== undefined && after !== file.text;
  const msg = [contentChanged ? contentMsg : '', attr ? ATTR_MSG : ''].filter((m) => m !== '').join(' and ');
  // Ansible's check mode stops before the attributes of a file that does not exist yet.
  const checkMsg = exists ? msg : contentChanged ? contentMsg : '';
  if (!contentChanged && !attr) return { msg: contentMsg, checkMsg: contentMsg };
  const plan: TextPlan = { realPath: file.realPath, mkdir: !file.parentExists, exists };
  if (contentChanged) plan.text = after;
  if (attr) plan.attrs = attr;
  const mode = attr?.mode ?? file.stat?.mode;
  if (mode !== undefined) plan.mode = mode;
  if (file.stat) plan.owner = { uid: file.stat.uid, gid: file.stat.gid };
  const diff = contentChanged ? { path: file.path, before: file.text ?? '', after } : undefined;
  return { plan, msg, checkMsg, ...(diff ? { diff } : {}) };
}

/** Writes the plan: one round trip (two with a missing folder, a backup or validate). */
export async function writeText(ctx: ModuleContext, plan: TextPlan, options: { backup: boolean; validate?: string | undefined }): Promise<ResultFields> {
  let backupPath = '';
  const pre = [];
  if (plan.mkdir) pre.push(sh`mkdir -p -- ${posix.dirname(plan.realPath)}`);
  if (options.backup && plan.exists) {
    backupPath = `${plan.realPath}.${process.pid}.${backupStamp(new Date())}~`;
    pre.push(sh`cp -p -- ${plan.realPath} ${backupPath}`);
  }
  if (pre.length > 0) {
    const r = await ctx.run(andThen(pre));
    if (r.rc !== 0) return { failed: true, msg: firstError(r.stderr, 'cannot prepare the file') };
  }
  if (plan.text === undefined) {
    const r = await ctx.run(andThen(plan.attrs ? attrCommands(plan.attrs) : []));
    if (r.rc !== 0) return { failed: true, msg: firstError(r.stderr, 'cannot set file attributes') };
    return { backup: backupPath };
  }
  // A replaced file keeps its owner: put is told it, since giving a mode skips put's own copying.
  const uid = plan.attrs?.uid ?? plan.owner?.uid;
  const gid = plan.attrs?.gid ?? plan.owner?.gid;
  const put = { ...(plan.mode !== undefined ? { mode: plan.mode } : {}), ...(uid !== undefined ? { owner: String(uid) } : {}), ...(gid !== undefined ? { group: String(gid) } : {}) };
  if (options.validate) {
    // Written beside the file, checked, then renamed over it: the file is never invalid.
    const tmp = posix.join(posix.dirname(plan.realPath), `.${posix.basename(plan.realPath)}.kr${process.pid}.validate`);
    await ctx.put(plan.text, tmp, put);
    const r = await ctx.run(sh`{ ${validateCommand(options.validate, tmp)}; } && mv -f -- ${tmp} ${plan.realPath} || { rc=$?; rm -f -- ${tmp}; exit $rc; }`);
    if (r.rc !== 0) return { failed: true, msg: `failed to validate: rc:${r.rc} error:${r.stderr}` };
  } else await ctx.put(plan.text, plan.realPath, put);
  return { backup: backupPath };
}

/** Ansible's backup suffix time: YYYY-MM-DD@HH:MM:SS. */
function backupStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
