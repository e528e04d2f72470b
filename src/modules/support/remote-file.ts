/**
 * Putting a whole file in place on a host, the way copy and template do:
 * one query (stat + sha1 in one command), then at most one write (atomic:
 * temp file, optional validate, rename) or one attribute fix.
 */
import { randomInt } from 'node:crypto';
import { posix } from 'node:path';
import { md5, sha1 } from './digest.js';
import { Command, sh } from '../../connection/index.js';
import { validateCommand } from './expand-path.js';
import type { FileDiff, ModuleContext, Query, ResultFields } from '../contract.js';
import { z } from 'zod';
import { chmodOctal, formatMode, isAbsoluteMode, modeParam, resolveMode } from './file-mode.js';
import type { LevelAttrs } from './make-dirs.js';

/** The parameters every module that puts a whole file shares (copy, template, merge_configs, merge_yaml). */
export const wholeFileParams = {
  dest: z.string().min(1),
  owner: z.string().optional(),
  group: z.string().optional(),
  mode: modeParam.optional(),
  backup: z.boolean().default(false),
};

export interface FileAttributes {
  mode?: string | number | undefined;
  owner?: string | undefined;
  group?: string | undefined;
}

export interface RemoteFileState {
  exists: boolean;
  /** false when not even the directory that would hold it exists. */
  parentExists?: boolean;
  /** It cannot be looked at: a folder above it may not be entered (no become). */
  denied?: boolean;
  isDir: boolean;
  mode?: string;
  owner?: string;
  group?: string;
  uid?: number;
  gid?: number;
  size?: number;
  checksum?: string;
}

export const STAT_FORMAT = '%F|%a|%U|%G|%u|%g|%s';

/** One command: the state of `path` (and, for a directory, of `path/child`). */
export function statCommand(path: string): Command {
  const parent = posix.dirname(path);
  // Not there and no parent: "denied" when the nearest existing folder above cannot be entered.
  const why = Command.raw('p=$(dirname "$p"); done; if [ -d "$p" ] && [ ! -x "$p" ]; then echo denied; else echo noparent; fi');
  return sh`if [ -e ${path} ]; then stat -L -c ${STAT_FORMAT} ${path}; if [ -f ${path} ]; then sha1sum < ${path}; fi; elif [ -d ${parent} ]; then echo absent; else p=${parent}; while [ ! -e "$p" ] && [ "$p" != / ]; do ${why}; fi`;
}

export function parseStat(output: string): RemoteFileState {
  const [line = '', sum = ''] = output.trim().split('\n');
  if (line === 'absent' || line === '') return { exists: false, isDir: false, parentExists: true };
  if (line === 'noparent') return { exists: false, isDir: false, parentExists: false };
  if (line === 'denied') return { exists: false, isDir: false, parentExists: false, denied: true };
  // sha1sum prints "<sum>  -": the sum is its first word (no cut process on the host for it).
  const checksum = sum.trim().split(' ')[0];
  return { ...parseStatLine(line), ...(checksum ? { checksum } : {}) };
}

/** One line of STAT_FORMAT. */
export function parseStatLine(line: string): RemoteFileState {
  const [type = '', mode = '', owner = '', group = '', uid = '', gid = '', size = ''] = line.split('|');
  return { exists: true, isDir: type === 'directory', mode: formatMode(parseInt(mode, 8)), owner, group, uid: Number(uid), gid: Number(gid), size: Number(size) };
}

export async function remoteState(ctx: ModuleContext, path: string): Promise<RemoteFileState> {
  const result = await ctx.run(statCommand(path));
  if (result.rc !== 0) throw new Error(`cannot stat ${path}: ${result.stderr.trim()}`);
  return parseStat(result.stdout);
}

/** Attributes that differ from what is asked. */
export function attributeChanges(state: RemoteFileState, want: FileAttributes): string[] {
  const changes: string[] = [];
  if (want.mode !== undefined && state.mode !== undefined) {
    const current = parseInt(state.mode, 8);
    if (resolveMode(want.mode, current, state.isDir, 0o022) !== current) changes.push('mode');
  }
  if (want.owner !== undefined && want.owner !== state.owner && want.owner !== String(state.uid)) changes.push('owner');
  if (want.group !== undefined && want.group !== state.group && want.group !== String(state.gid)) changes.push('group');
  return changes;
}

export function attributeCommand(path: string, want: FileAttributes): Command {
  const parts: Command[] = [];
  if (want.owner !== undefined || want.group !== undefined) {
    parts.push(sh`chown ${`${want.owner ?? ''}${want.group !== undefined ? `:${want.group}` : ''}`} ${path}`);
  }
  if (want.mode !== undefined) parts.push(sh`chmod ${typeof want.mode === 'number' ? chmodOctal(want.mode) : want.mode} ${path}`);
  return Command.join(parts, ' && ');
}

export interface FilePlan {
  dest: string;
  content?: Buffer;
  attributes: FileAttributes;
  validate?: string | undefined;
  backup: boolean;
  /** Why the write must fail (dest's directory is missing). */
  missingParent?: string;
}

/** Ansible's MAX_FILE_SIZE_FOR_DIFF: a larger file (new or old) is left out of the diff. */
const MAX_DIFF = 104448;
/** How much of the file on the host Ansible's diff peek reads for a NUL (the new content is read whole). */
const PEEK = 8192;

function isText(b: Buffer): boolean {
  return !b.includes(0);
}

/** `dest` names a directory and the caller gave no name to put the file under in it. */
export class DestinationIsDirectory extends Error {}

/** The file a whole-file module wants on the host. */
export interface DesiredFile {
  dest: string;
  content: Buffer;
  attributes: FileAttributes;
  /** false: an existing file is left as it is (copy's force: no). */
  force: boolean;
  validate?: string | undefined;
  backup: boolean;
  /** When dest is a directory, the file goes in it under this name. */
  into?: string | undefined;
  /** dest's directory is made before writing (copy with dest ending in /), each new level with these attributes. */
  createParent?: LevelAttrs | undefined;
}

/**
 * A symbolic mode as the number Ansible's set_mode_if_different makes of it: from the file's mode
 * now (a replaced file keeps it through the atomic move), or a new file's 0666 less the umask;
 * chmod then gets digits, not GNU chmod's own reading of the symbols.
 */
function numericMode(mode: FileAttributes['mode'], state: RemoteFileState): FileAttributes['mode'] {
  if (mode === undefined || isAbsoluteMode(mode)) return mode;
  // A stat gives the mode only for a file that exists; a new one is 0666 less the usual umask 022.
  const current = state.mode !== undefined ? parseInt(state.mode, 8) : 0o644;
  return resolveMode(mode, current, false, 0o022);
}

/** What copy/template would do to `dest`: nothing (with the reason), the content, or only attributes. */
export async function planFile(ctx: ModuleContext, want: DesiredFile): Promise<Query<FilePlan>> {
  const { dest, content, attributes } = want;
  const state = await remoteState(ctx, dest);
  const checksum = sha1(content);
  if (state.isDir) {
    if (want.into === undefined) throw new DestinationIsDirectory(`destination ${dest} is a directory`);
    return planFile(ctx, { ...want, dest: posix.join(dest, want.into), into: undefined });
  }
  if (state.denied) return { changed: false, reason: 'permission denied', result: { failed: true, msg: `Failed to get information on remote file (${dest}): Permission denied` } };
  // No directory to write in: check mode reports the change (as Ansible's does), the write fails.
  const missingParent = state.parentExists === false && !want.createParent;
  const contentChanged = !state.exists || (state.checksum !== checksum && want.force);
  const attrs = state.exists ? attributeChanges(state, attributes) : [];
  if (state.exists && !want.force) return { changed: false, reason: 'exists and force is off', result: { dest } };
  if (!contentChanged && attrs.length === 0) {
    return { changed: false, reason: 'content and attributes match', result: { dest, path: dest, checksum, ...describe(state) } };
  }
  let diff: FileDiff | undefined;
  if (contentChanged && content.length <= MAX_DIFF && isText(content)) {
    const before = state.exists && (state.size ?? 0) <= MAX_DIFF ? ((await ctx.get(dest)) ?? Buffer.alloc(0)) : Buffer.alloc(0);
    diff = { path: dest, before: isText(before.subarray(0, PEEK)) ? before.toString('utf8') : '', after: content.toString('utf8') };
  }
  const plan: FilePlan = {
    dest,
    attributes: { ...attributes, mode: numericMode(attributes.mode, state) },
    validate: want.validate,
    backup: want.backup && state.exists && contentChanged,
    ...(contentChanged ? { content } : {}),
    ...(missingParent ? { missingParent: `Destination directory ${posix.dirname(dest)} does not exist` } : {}),
  };
  return {
    changed: true,
    reason: contentChanged ? (state.exists ? `${dest} content differs` : `${dest} does not exist`) : `${dest} ${attrs.join(', ')} differ`,
    plan,
    before: state.exists ? describe(state) : { state: 'absent' },
    after: { ...attributes, checksum },
    ...(diff ? { diff } : {}),
    // Registered in check mode: nothing more for new content (Ansible's action stops there), the file as it is for an attribute fix.
    result: contentChanged ? {} : { dest, path: dest, checksum, ...describe(state) },
  };
}

/** A file's attributes under Ansible's names (what the file module registers). */
export function describe(state: RemoteFileState): ResultFields {
  return state.exists
    ? { mode: state.mode, owner: state.owner, group: state.group, uid: state.uid, gid: state.gid, size: state.size, state: state.isDir ? 'directory' : 'file' }
    : { state: 'absent' };
}

/**
 * A backup's name after its file's, as Ansible names it (FILE.PID.YYYY-MM-DD@HH:MM:SS~, on the
 * host's clock), shell text to append to the quoted path. The number is drawn here, not the
 * shell's $$: commands that share the connection's open shell share its $$, and two backups
 * of one file in the same second would take the same name.
 */
export function backupSuffix(): string {
  return `.${randomInt(1000, 4_194_304)}.$(date +%Y-%m-%d@%H:%M:%S)~`;
}

/** Writes the plan: content atomically (validated first when asked), then attributes; returns Ansible's fields. */
export async function applyFile(ctx: ModuleContext, plan: FilePlan): Promise<ResultFields> {
  if (plan.missingParent !== undefined) return { failed: true, changed: false, checksum: plan.content ? sha1(plan.content) : undefined, msg: plan.missingParent };
  const fields: ResultFields = { changed: true, dest: plan.dest };
  if (plan.backup) {
    const r = await ctx.run(Command.join([Command.join([sh`b=${plan.dest}`, Command.raw(`${backupSuffix()};`)], ''), sh`cp --preserve=mode,timestamps ${plan.dest} "$b" &&`, Command.raw('printf %s "$b"')]));
    if (r.rc !== 0) return { failed: true, changed: false, msg: `backup failed: ${r.stderr.trim()}` };
    fields.backup_file = r.stdout;
  }
  if (plan.content) {
    if (plan.validate) {
      const temp = posix.join(posix.dirname(plan.dest), `.${posix.basename(plan.dest)}.kolla-run-validate`);
      await ctx.put(plan.content, temp, { mode: 0o600 });
      const check = validateCommand(plan.validate, temp);
      const r = await ctx.run(Command.join([check, Command.raw(';'), Command.raw('rc=$?;'), sh`rm -f ${temp}`, Command.raw('; exit $rc')]));
      if (r.rc !== 0) return { failed: true, changed: false, msg: 'failed to validate', exit_status: r.rc, checksum: sha1(plan.content), ...outputFields(r.stdout, r.stderr) };
    }
    await ctx.put(plan.content, plan.dest, plan.attributes);
  }
  // What the file now is, as Ansible reports it (after an attribute fix, in the same round trip).
  let state: RemoteFileState;
  if (plan.content) state = await remoteState(ctx, plan.dest);
  else {
    const r = await ctx.run(Command.join([attributeCommand(plan.dest, plan.attributes), Command.raw('&&'), statCommand(plan.dest)]));
    if (r.rc !== 0) return { failed: true, changed: false, msg: r.stderr.trim() };
    state = parseStat(r.stdout);
  }
  // New content adds md5sum, an attribute fix adds path.
  return {
    ...fields,
    checksum: state.checksum,
    ...(plan.content ? { md5sum: md5(plan.content) } : { path: plan.dest }),
    ...describe(state),
  };
}

/** stdout/stderr and their lines, as Ansible registers a command's output. */
function outputFields(stdout: string, stderr: string): ResultFields {
  const lines = (s: string) => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/));
  return { stdout, stderr, stdout_lines: lines(stdout), stderr_lines: lines(stderr) };
}
