/**
 * What the file module needs beyond one path: the entries under a directory
 * for `recurse` (one `find -printf` line each, and the targets of links
 * when following them), and timestamps (modification_time, access_time).
 */
import { Command, sh } from '../../connection/index.js';
import { attrChange, type AttrChange, type AttrStat, type Ids } from './file-attrs.js';
import type { ModeParam } from './file-mode.js';
import { lineSnippet, nulRecords, recordsSnippet, type FileType, type Probe, type RemoteStat } from './remote-probe.js';

const FIND_TYPES: Record<string, FileType> = { f: 'file', d: 'directory', l: 'link', p: 'fifo', s: 'socket', c: 'char', b: 'block' };

/**
 * E: every entry under `dir`; K: the target of every link under it (for follow). Each record ends
 * with a NUL, since a name may hold a newline (a file named "x\nE\t..." would otherwise add an entry
 * of its own making, to be chowned): each list travels as base64 on its one tagged line (recordsSnippet).
 */
export function treeSnippets(dir: string, follow: boolean): Command[] {
  const out = [recordsSnippet('E', sh`find ${dir} -mindepth 1 -printf ${'%y\\t%m\\t%U\\t%G\\t%p\\0'}`)];
  if (follow) out.push(recordsSnippet('K', sh`find ${dir} -mindepth 1 -type l -exec stat -L --printf ${'%f\\t%u\\t%g\\t%n\\0'} {} +`));
  return out;
}

/** What attrChange reads of an entry: find prints no more. */
function entryStat(type: FileType, mode: number, uid: number, gid: number): AttrStat {
  return { type, mode, uid, gid };
}

/**
 * The changes recursion makes, as Ansible's recursive_set_attributes: every
 * entry (a link itself: owner only), then, when following, the link's target.
 * Linked directories are not descended into.
 */
export function treeChanges(probe: Probe, ids: Ids, mode: ModeParam | undefined, umask: number): AttrChange[] {
  const changes: AttrChange[] = [];
  for (const [t, m, u, g, ...rest] of nulRecords(probe.text('E'))) {
    const st = entryStat(FIND_TYPES[t ?? 'f'] ?? 'file', parseInt(m ?? '0', 8), Number(u), Number(g));
    const change = attrChange(rest.join('\t'), st, ids, mode, umask);
    if (change) changes.push(change);
  }
  for (const [f, u, g, ...rest] of nulRecords(probe.text('K'))) {
    const raw = parseInt(f ?? '0', 16);
    const st = entryStat((raw & 0o170000) === 0o040000 ? 'directory' : 'file', raw & 0o7777, Number(u), Number(g));
    // Through the link: chown and chmod follow it when not given -h.
    const change = attrChange(rest.join('\t'), st, ids, mode, umask);
    if (change) changes.push({ ...change, link: false });
  }
  return changes;
}

/** A timestamp parameter: now, preserve, or a time in the default format (%Y%m%d%H%M.%S). */
export type TimeParam = 'now' | 'preserve' | string;

export const TIME_FORMAT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{2})$/;

/** Explicit times become epoch seconds in the host's time zone (TM, TA lines), as time.mktime does. */
export function timeSnippets(mtime: TimeParam | undefined, atime: TimeParam | undefined): Command[] {
  const out: Command[] = [];
  for (const [tag, value] of [['TM', mtime], ['TA', atime]] as const) {
    const m = value === undefined ? null : TIME_FORMAT.exec(value);
    if (m) out.push(lineSnippet(tag, sh`date -d ${`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`} +%s`));
  }
  return out;
}

export interface TimeChange {
  commands: Command[];
  before: Record<string, number>;
  after: Record<string, number>;
}

/** The touch that sets the times, or undefined when they are already right (Ansible's update_timestamp_for_file). */
export function timeChange(path: string, st: RemoteStat, mtime: TimeParam, atime: TimeParam, probe: Probe): TimeChange | undefined {
  const now = Date.now() / 1000;
  const target = (value: TimeParam, tag: 'TM' | 'TA', current: number): number =>
    value === 'preserve' ? current : value === 'now' ? now : Number(probe.text(tag) ?? 'NaN');
  if (mtime === 'preserve' && atime === 'preserve') return undefined;
  const m = target(mtime, 'TM', st.mtime);
  const a = target(atime, 'TA', st.atime);
  if (mtime !== 'now' && atime !== 'now' && m === st.mtime && a === st.atime) return undefined;
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  if (m !== st.mtime) [before.mtime, after.mtime] = [st.mtime, m];
  if (a !== st.atime) [before.atime, after.atime] = [st.atime, a];
  const commands: Command[] = [];
  if (mtime === 'now' && atime === 'now') commands.push(sh`touch -c -- ${path}`);
  else {
    if (mtime !== 'preserve') commands.push(mtime === 'now' ? sh`touch -c -m -- ${path}` : sh`touch -c -m -d ${`@${m}`} -- ${path}`);
    if (atime !== 'preserve') commands.push(atime === 'now' ? sh`touch -c -a -- ${path}` : sh`touch -c -a -d ${`@${a}`} -- ${path}`);
  }
  return { commands, before, after };
}
