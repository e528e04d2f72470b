/**
 * find: files under some folders, filtered as Ansible's modules/find.py
 * does (patterns as fnmatch globs or Python regexps on the base name,
 * file_type, age, size, hidden, depth, contains). GNU find lists every
 * entry with its stat in one round trip; the filters run here, so their
 * rules are Ansible's and not find's. `contains` reads the candidate
 * files in a second round trip and matches them line by line, like Python.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { int } from './support/params.js';
import { fnmatchToRegExp } from '../inventory/patterns.js';
import { pyRegExp } from '../template/pyregex.js';
import { splitLines } from './support/lines.js';
import { runScript } from './support/run-script.js';
import { nulRecords, recordsSnippet } from './support/remote-probe.js';

const list = z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : v));

export const findParams = withAliases(
  { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
  z
    .object({
      paths: list,
      patterns: list.default([]),
      excludes: list.optional(),
      contains: z.string().optional(),
      read_whole_file: boolish.default(false),
      file_type: z.enum(['any', 'directory', 'file', 'link']).default('file'),
      age: z.union([z.string(), z.number()]).transform(String).refine((v) => /^-?\d+[smhdw]?$/i.test(v), { message: 'failed to process age' }).optional(),
      age_stamp: z.enum(['atime', 'ctime', 'mtime']).default('mtime'),
      size: z.union([z.string(), z.number()]).transform(String).refine((v) => /^-?\d+[bkmgt]?$/i.test(v), { message: 'failed to process size' }).optional(),
      recurse: boolish.default(false),
      hidden: boolish.default(false),
      follow: boolish.default(false),
      get_checksum: boolish.default(false),
      use_regex: boolish.default(false),
      // Ansible tests `if depth:`: 0 means no limit, a negative depth matches nothing.
      depth: int().optional(),
    })
    .strict(),
);
export type FindParams = z.infer<typeof findParams>;

const AGE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
/** The schema has checked the text; no unit means seconds or bytes. */
function amount(text: string, units: Record<string, number>): number {
  const m = /^(-?\d+)([a-z])?$/i.exec(text) ?? [];
  return Number(m[1]) * (units[(m[2] ?? '').toLowerCase()] ?? 1);
}

/** fnmatch.fnmatch on POSIX: case-sensitive, the whole name (the inventory's port of fnmatch.translate). */
export const fnmatch = (name: string, pattern: string): boolean => fnmatchToRegExp(pattern).test(name);

function nameFilter(name: string, p: FindParams): boolean {
  const patterns = p.patterns.length > 0 ? p.patterns : [p.use_regex ? '.*' : '*'];
  const test = (pattern: string) => (p.use_regex ? pyRegExp(`^(?:${pattern})`).test(name) : fnmatch(name, pattern));
  return patterns.some(test) && !(p.excludes ?? []).some(test);
}

// Each entry ends with a NUL (a name may hold a newline, which would forge an entry of its own
// making: a later task deleting what find found would delete it), the list as base64 on one E line.
const FORMAT = '%y\\t%m\\t%U\\t%G\\t%s\\t%i\\t%D\\t%n\\t%A@\\t%T@\\t%C@\\t%u\\t%g\\t%d\\t%p\\0';
const TYPES: Record<string, string> = { f: 'isreg', d: 'isdir', l: 'islnk', p: 'isfifo', s: 'issock', c: 'ischr', b: 'isblk' };

interface Entry {
  type: string;
  depth: number;
  path: string;
  info: ResultFields;
  size: number;
  times: Record<FindParams['age_stamp'], number>;
}

function parseEntry(fields: string[]): Entry {
  const [y = 'f', m = '0', uid, gid, size, inode, dev, nlink, atime, mtime, ctime, user, group, depth, ...rest] = fields;
  const mode = parseInt(m, 8);
  const bit = (b: number) => (mode & b) !== 0;
  const info: ResultFields = { mode: mode.toString(8).padStart(4, '0') };
  for (const [t, key] of Object.entries(TYPES)) info[key] = y === t;
  Object.assign(info, {
    uid: Number(uid), gid: Number(gid), size: Number(size), inode: Number(inode), dev: Number(dev), nlink: Number(nlink),
    atime: Number(atime), mtime: Number(mtime), ctime: Number(ctime),
    // find prints the id itself when the host has no name for it; Ansible gives "" then.
    gr_name: group === gid ? '' : group, pw_name: user === uid ? '' : user,
    wusr: bit(0o200), rusr: bit(0o400), xusr: bit(0o100), wgrp: bit(0o20), rgrp: bit(0o40), xgrp: bit(0o10),
    woth: bit(0o2), roth: bit(0o4), xoth: bit(0o1), isuid: bit(0o4000), isgid: bit(0o2000),
  });
  return { type: y, depth: Number(depth), path: rest.join('\t'), info, size: Number(size), times: { atime: Number(atime), mtime: Number(mtime), ctime: Number(ctime) } };
}

export const findModule = defineModule<FindParams, never>({
  name: 'find',
  paths: ['paths'],
  schema: findParams,
  check: 'full',
  async query(p, ctx) {
    // Ansible's walk counts (examined) the entries one level below the depth asked, and stops there.
    const maxDepth = !p.recurse ? 1 : p.depth ? Math.max(p.depth, 0) + 1 : undefined;
    const depthArgs = maxDepth !== undefined ? ['-maxdepth', String(maxDepth)] : [];
    const scripts = p.paths.map((path, i) => {
      const dir = posix.normalize(path);
      const listing = recordsSnippet('E', sh`${Command.raw(p.follow ? 'find -L' : 'find')} ${dir} -mindepth 1 ${depthArgs} -printf ${FORMAT}`);
      const sums = p.get_checksum ? sh`; find ${dir} -mindepth 1 ${depthArgs} -type f -exec sha1sum -- {} + 2>/dev/null | sed 's/^/C\t/'` : Command.raw('');
      return sh`if [ -d ${dir} ]; then echo ${`P\t${i}`}; ${listing}${sums}; else echo ${`N\t${i}`}; fi`;
    });
    const r = scripts.length > 0 ? await ctx.run(Command.join(scripts, '; ')) : { stdout: '' };
    const skipped: Record<string, string> = {};
    const entries: Entry[] = [];
    const sums = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const fields = line.split('\t');
      const tag = fields.shift();
      if (tag === 'N') {
        const path = p.paths[Number(fields[0])] ?? '';
        skipped[path] = `'${path}' is not a directory`;
      } else if (tag === 'E') {
        for (const record of nulRecords(fields.join('\t'))) entries.push(parseEntry(record));
      }
      else if (tag === 'C') {
        // sha1sum marks a name it had to escape (a backslash in it) with a leading backslash.
        const m = /^(\\?)([0-9a-f]{40}) {2}(.*)$/.exec(fields.join('\t'));
        if (m?.[2] && m[3] !== undefined) sums.set(m[1] ? m[3].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : m[3], m[2]);
      }
    }
    const now = Date.now() / 1000;
    const age = p.age !== undefined ? amount(p.age, AGE_UNITS) : undefined;
    const size = p.size !== undefined ? amount(p.size, SIZE_UNITS) : undefined;
    const ageOk = (e: Entry) => age === undefined || (age >= 0 ? now - e.times[p.age_stamp] >= Math.abs(age) : now - e.times[p.age_stamp] <= Math.abs(age));
    const sizeOk = (e: Entry) => size === undefined || (size >= 0 ? e.size >= Math.abs(size) : e.size <= Math.abs(size));
    const examined = entries.length;
    const candidates = entries.filter((e) => {
      const base = posix.basename(e.path);
      if (p.depth && e.depth > p.depth) return false;
      if (base.startsWith('.') && !p.hidden) return false;
      if (!nameFilter(base, p) || !ageOk(e)) return false;
      if (p.file_type === 'any') return e.type !== 'f' || sizeOk(e);
      if (p.file_type === 'directory') return e.type === 'd';
      if (p.file_type === 'link') return e.type === 'l';
      return e.type === 'f' && sizeOk(e);
    });
    let files = candidates;
    if (p.contains !== undefined && p.file_type === 'file') files = await withContent(ctx, candidates, p.contains, p.read_whole_file);
    const list = files.map((e) => ({ path: e.path, ...e.info, ...(p.get_checksum && e.type === 'f' ? { checksum: sums.get(e.path) ?? '' } : {}) }));
    const msg = Object.keys(skipped).length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined';
    return { changed: false, reason: `${list.length} matched`, result: { files: list, msg, matched: list.length, examined, skipped_paths: skipped } };
  },
  async apply() {
    return {};
  },
});

/** The candidates whose content matches: Python's re.match per line, or re.search over the whole file. */
async function withContent(ctx: ModuleContext, candidates: Entry[], pattern: string, whole: boolean): Promise<Entry[]> {
  if (candidates.length === 0) return [];
  const script = Command.join(candidates.map((e, i) => sh`printf ${`B\t${i}\t`}; base64 -w0 < ${e.path} 2>/dev/null; echo`), '; ');
  const r = await runScript(ctx, script);
  const re = pyRegExp(whole ? pattern : `^(?:${pattern})`);
  const keep = new Set<number>();
  for (const line of r.stdout.split('\n')) {
    const [tag, index, data] = line.split('\t');
    if (tag !== 'B' || data === undefined) continue;
    const text = Buffer.from(data, 'base64').toString('utf8');
    if (whole ? re.test(text) : splitLines(text).some((l) => re.test(l))) keep.add(Number(index));
  }
  return candidates.filter((_, i) => keep.has(i));
}
