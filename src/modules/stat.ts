/**
 * stat: what a path is, with Ansible's field names (stat.exists, stat.mode
 * as '0644', stat.checksum ...). One round trip: GNU stat, the checksum
 * tool and lsattr print tagged lines that are parsed here. Never changes.
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { formatMode4 } from './support/file-mode.js';
import { CHECKSUM_ALGORITHMS, checksumSnippet, lineSnippet, probe, statSnippet, type RemoteStat } from './support/remote-probe.js';


export const statParams = withAliases(
  { dest: 'path', name: 'path', mime: 'get_mime', mime_type: 'get_mime', 'mime-type': 'get_mime', attr: 'get_attributes', attributes: 'get_attributes', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm' },
  z
    .object({
      // An empty path is allowed, as in Ansible: it does not exist.
      path: z.string(),
      follow: boolish.default(false),
      get_md5: boolish.default(false),
      get_checksum: boolish.default(true),
      get_mime: boolish.default(true),
      get_attributes: boolish.default(true),
      checksum_algorithm: z.enum(CHECKSUM_ALGORITHMS).default('sha1'),
    })
    .strict(),
);
export type StatParams = z.infer<typeof statParams>;

// lsattr's one-letter flags, as module_utils/basic.py FILE_ATTRIBUTES names them.
const ATTRIBUTE_NAMES: Record<string, string> = {
  A: 'noatime', a: 'append', C: 'nocow', c: 'compressed', D: 'dirsync', d: 'nodump', E: 'encrypted', e: 'extents', F: 'casefold', h: 'blocksize',
  I: 'indexed', i: 'immutable', j: 'journalled', m: 'dontcompress', N: 'inlinedata', P: 'projectinherit', S: 'synchronous', s: 'secure_deletion',
  T: 'notail', t: 'notail', u: 'undelete', V: 'verity', X: 'compressedraw', x: 'dax', Z: 'compresseddirty',
};

/** Ansible's stat dictionary from a parsed stat and the extra facts the probe printed. */
export function statFields(path: string, st: RemoteStat, extra: { readable: boolean; writeable: boolean; executable: boolean }): ResultFields {
  const m = st.mode;
  const bit = (b: number) => (m & b) !== 0;
  return {
    exists: true, path, mode: formatMode4(m),
    isdir: st.type === 'directory', ischr: st.type === 'char', isblk: st.type === 'block', isreg: st.type === 'file',
    isfifo: st.type === 'fifo', islnk: st.type === 'link', issock: st.type === 'socket',
    uid: st.uid, gid: st.gid, size: st.size, inode: st.inode, dev: st.dev, nlink: st.nlink,
    atime: st.atime, mtime: st.mtime, ctime: st.ctime,
    wusr: bit(0o200), rusr: bit(0o400), xusr: bit(0o100), wgrp: bit(0o20), rgrp: bit(0o40), xgrp: bit(0o10),
    woth: bit(0o2), roth: bit(0o4), xoth: bit(0o1), isuid: bit(0o4000), isgid: bit(0o2000),
    blocks: st.blocks, block_size: st.blockSize, device_type: st.rdev,
    ...extra,
  };
}

export const statModule = defineModule<StatParams, never>({
  name: 'stat',
  paths: ['path'],
  schema: statParams,
  check: 'full',
  readOnlyQuery: true,
  async query(p, ctx) {
    const path = p.path;
    const snippets = [
      statSnippet('S', path, p.follow),
      sh`[ -r ${path} ] && echo R; [ -w ${path} ] && echo W; [ -x ${path} ] && echo X`,
      Command.join([sh`if [ -L ${path} ]; then`, lineSnippet('L', sh`readlink -- ${path}`), Command.raw(';'), lineSnippet('T', sh`readlink -f -- ${path}`), Command.raw('; fi')]),
    ];
    // The checksum follows links like Ansible's (it reads the file), but only a regular file gets one.
    if (p.get_checksum) snippets.push(checksumSnippet('C', path, p.checksum_algorithm));
    if (p.get_md5) snippets.push(checksumSnippet('5', path, 'md5'));
    if (p.get_mime) snippets.push(Command.join([Command.raw('if command -v file >/dev/null 2>&1; then'), lineSnippet('F', sh`file -b --mime-type --mime-encoding -- ${path}`), Command.raw('; fi')]));
    if (p.get_attributes) snippets.push(lineSnippet('A', sh`lsattr -vd -- ${path}`));
    const probed = await probe(ctx, snippets);
    const st = probed.stat('S');
    if (!st) return { changed: false, reason: `${path} does not exist`, result: { stat: { exists: false } } };
    const out = statFields(path, st, { readable: probed.has('R'), writeable: probed.has('W'), executable: probed.has('X') });
    if (st.type === 'link') {
      out.lnk_source = probed.text('T') ?? '';
      out.lnk_target = probed.text('L') ?? '';
    }
    // Names only when the host knows them (Ansible leaves pw_name out for an unknown uid).
    if (st.owner !== String(st.uid)) out.pw_name = st.owner;
    if (st.group !== String(st.gid)) out.gr_name = st.group;
    if (st.type === 'file' && out.readable === true) {
      if (p.get_md5) out.md5 = probed.text('5') ?? null;
      if (p.get_checksum) out.checksum = probed.text('C') ?? '';
    }
    if (p.get_mime) {
      out.mimetype = out.charset = 'unknown';
      const mime = /^([^;]+);\s*charset=(\S+)/.exec(probed.text('F') ?? '');
      if (mime?.[1] && mime[2]) [out.mimetype, out.charset] = [mime[1].trim(), mime[2].trim()];
    }
    if (p.get_attributes) {
      Object.assign(out, { version: null, attributes: [], attr_flags: '' });
      const words = (probed.text('A') ?? '').trim().split(/\s+/);
      if (words.length >= 3 && /^\d+$/.test(words[0] ?? '')) {
        const flags = (words[1] ?? '').replace(/-/g, '');
        Object.assign(out, { version: words[0], attr_flags: flags, attributes: [...flags].map((f) => ATTRIBUTE_NAMES[f] ?? f) });
      }
    }
    return { changed: false, reason: `${path} is a ${st.type}`, result: { stat: out } };
  },
  async apply() {
    return {};
  },
});
