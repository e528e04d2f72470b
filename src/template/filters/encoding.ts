/** Encoding, hashing, paths, URLs and seeded randomness (Python-compatible). */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { dictKeys, keyProp } from '../pydict.js';
import { isDict, isInt, iterate, str, TemplateError, toNum, truthy, tuple } from '../values.js';
import { arg, argStr, needString, type Registry } from './util.js';
import type { KwArgs } from '../values.js';
import { PyRandom } from './pyrandom.js';
import { passwordHash } from './crypt.js';

/** uuid5 as Python's uuid.uuid5. */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest().subarray(0, 16);
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x50, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = h.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s) && /^[\x00-\x7f]*$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function pyDirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

function urlsplit(url: string): Record<string, unknown> {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(url);
  const netloc = m?.[2] ?? '';
  const userinfo = netloc.includes('@') ? netloc.slice(0, netloc.lastIndexOf('@')) : null;
  const hostport = netloc.includes('@') ? netloc.slice(netloc.lastIndexOf('@') + 1) : netloc;
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  const host = hp?.[1] ?? '';
  return {
    fragment: m?.[5] ?? '',
    hostname: host ? host.replace(/^\[|\]$/g, '').toLowerCase() : null,
    netloc,
    password: userinfo && userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : null,
    path: m?.[3] ?? '',
    port: hp?.[2] ? Number(hp[2]) : null,
    query: m?.[4] ?? '',
    scheme: (m?.[1] ?? '').toLowerCase(),
    username: userinfo === null ? null : userinfo.split(':')[0] ?? '',
  };
}

/** The Python codecs b64encode and b64decode take (encoding=, UTF-8 by default) that Node has too. */
const CODECS: ReadonlyMap<string, BufferEncoding> = new Map([
  ['utf_8', 'utf8'],
  ['utf8', 'utf8'],
  ['utf_16_le', 'utf16le'],
  ['utf_16le', 'utf16le'],
  ['latin_1', 'latin1'],
  ['latin1', 'latin1'],
  ['iso_8859_1', 'latin1'],
]);

function codec(a: unknown[], k: KwArgs): BufferEncoding {
  const name = argStr(a, k, 0, 'encoding', 'utf-8');
  // Python's codec lookup: case and the choice of '-', '_' or ' ' do not matter.
  const found = CODECS.get(name.toLowerCase().replace(/[-\s]/g, '_'));
  if (found === undefined) throw new TemplateError(`unsupported encoding: ${name}`);
  return found;
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Python's base64.b64decode (binascii.a2b_base64, not strict): bytes outside
 * the alphabet are skipped, what follows the padding of a group is ignored,
 * and a last group of one character, or of two or three without padding, fails.
 */
function pyB64decode(text: string): Buffer {
  const out: number[] = [];
  let quad = 0;
  let bits = 0;
  let pads = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x3d) {
      pads++;
      if (quad >= 2 && quad + pads >= 4) return Buffer.from(out);
      continue;
    }
    const sextet = B64_ALPHABET.indexOf(String.fromCharCode(byte));
    if (sextet < 0) continue;
    pads = 0;
    // Six bits more: a byte is complete after the second, third and fourth character of a group.
    bits = (bits << 6) | sextet;
    if (quad > 0) out.push((bits >> (6 - 2 * quad)) & 0xff);
    quad = (quad + 1) % 4;
  }
  if (quad === 1) throw new TemplateError(`Invalid base64-encoded string: number of data characters (${(out.length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`);
  if (quad !== 0) throw new TemplateError('Incorrect padding');
  return Buffer.from(out);
}

/** Python's hashlib names (what Ansible's hash filter hands to hashlib.new) and Node's for them. */
const HASHES: ReadonlyMap<string, string> = new Map([
  ...['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'].map((name) => [name, name] as const),
  ['sha3_224', 'sha3-224'],
  ['sha3_256', 'sha3-256'],
  ['sha3_384', 'sha3-384'],
  ['sha3_512', 'sha3-512'],
  ['sha512_224', 'sha512-224'],
  ['sha512_256', 'sha512-256'],
  ['blake2b', 'blake2b512'],
  ['blake2s', 'blake2s256'],
]);

export const encodingFilters: Registry = {
  b64encode: (v, a, k) => Buffer.from(str(v), codec(a, k)).toString('base64'),
  b64decode: (v, a, k) => pyB64decode(str(v)).toString(codec(a, k)),
  hash: (v, a, k) => {
    const type = argStr(a, k, 0, 'hashtype', 'sha1');
    const algorithm = HASHES.get(type);
    if (algorithm === undefined) throw new TemplateError(`unsupported hash type ${type}`);
    return createHash(algorithm).update(str(v), 'utf8').digest('hex');
  },
  checksum: (v) => createHash('sha1').update(str(v), 'utf8').digest('hex'),
  sha1: (v) => createHash('sha1').update(str(v), 'utf8').digest('hex'),
  md5: (v) => createHash('md5').update(str(v), 'utf8').digest('hex'),
  password_hash: (v, a, k) => {
    const type = argStr(a, k, 0, 'hashtype', 'sha512');
    const salt = arg(a, k, 1, 'salt', null);
    const rounds = arg(a, k, 3, 'rounds', null);
    if (typeof salt !== 'string') throw new TemplateError('password_hash needs an explicit salt here, so that the result is reproducible');
    // Ansible passes rounds only when they are true in Python's sense: 0 asks for the default.
    return passwordHash(type, str(v), salt, truthy(rounds) ? toNum(rounds) : undefined);
  },
  to_uuid: (v, a, k) => uuid5(argStr(a, k, 0, 'namespace', '361E6D51-FAEC-444A-9079-341386DA8E2E'), str(v)),
  quote: (v) => shellQuote(v === null ? '' : str(v)),
  basename: (v) => {
    const s = needString(v, 'basename');
    return s.slice(s.lastIndexOf('/') + 1);
  },
  dirname: (v) => pyDirname(needString(v, 'dirname')),
  win_splitdrive: (v) => tuple(ntSplitdrive(needString(v, 'win_splitdrive'))),
  win_basename: (v) => ntSplit(needString(v, 'win_basename'))[1],
  win_dirname: (v) => ntSplit(needString(v, 'win_dirname'))[0],
  expanduser: (v) => needString(v, 'expanduser').replace(/^~(?=\/|$)/, homedir()),
  realpath: (v) => {
    const p = path.resolve(needString(v, 'realpath'));
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  },
  // Python's os.path.relpath: the same path is '.'.
  relpath: (v, a, k) => path.relative(argStr(a, k, 0, 'start', '.'), str(v)) || '.',
  splitext: (v) => {
    const s = needString(v, 'splitext');
    // The last dot of the file name, if something other than dots comes before it in the name.
    const ext = /(?<=[^/.][^/]*)\.[^./]*$/.exec(s)?.[0] ?? '';
    return tuple([s.slice(0, s.length - ext.length), ext]);
  },
  path_join: (v) => {
    const parts = typeof v === 'string' ? [v] : iterate(v).map(str);
    let out = '';
    for (const p of parts) out = p.startsWith('/') || out === '' ? p : out.endsWith('/') ? out + p : `${out}/${p}`;
    return out;
  },
  urlsplit: (v, a) => {
    const parts = urlsplit(str(v));
    if (a[0] === undefined) return parts;
    const key = str(a[0]);
    if (!(key in parts)) throw new TemplateError(`urlsplit: unknown URL component: ${key}`);
    return parts[key];
  },
  // Ansible's rand(end, start=None, step=None, seed=None).
  random: (v, a, k) => {
    const start = arg(a, k, 0, 'start', null);
    const step = arg(a, k, 1, 'step', null);
    const seed = arg(a, k, 2, 'seed', null);
    if (seed === null) throw new TemplateError('random needs seed= here, so that the result is reproducible');
    const r = new PyRandom(seed);
    // A false start or step (none, 0) is the default.
    if (isInt(v)) return r.randrange(truthy(start) ? toNum(start) : 0, v, truthy(step) ? toNum(step) : 1);
    if (truthy(start) || truthy(step)) throw new TemplateError('start and step can only be used with integer values');
    if (isDict(v)) {
      // Python's random.choice indexes a dict by position: a KeyError unless it has that int key.
      const i = r.choiceIndex(dictKeys(v).length);
      const prop = keyProp(v, i);
      if (prop === undefined) throw new TemplateError(`KeyError: ${i}`);
      return v[prop];
    }
    const items = iterate(v);
    return items[r.choiceIndex(items.length)];
  },
  shuffle: (v, a, k) => {
    const seed = arg(a, k, 0, 'seed', null);
    if (seed === null) throw new TemplateError('shuffle needs seed= here, so that the result is reproducible');
    const items = [...iterate(v)];
    new PyRandom(seed).shuffle(items);
    return items;
  },
};

/** Python's ntpath.splitdrive: a drive letter or a UNC server-and-share prefix. */
function ntSplitdrive(p: string): [string, string] {
  const n = p.replace(/\//g, '\\');
  if (n.startsWith('\\\\')) {
    // \\server\share and \\?\UNC\server\share (\\.\device and \\?\device alike): up to the
    // separator after the share; without one, all of it is the drive (Python 3.11).
    const start = n.slice(0, 8).toUpperCase() === '\\\\?\\UNC\\' ? 8 : 2;
    const share = /^[^\\]*\\[^\\]*(?=\\)/.exec(n.slice(start));
    return share ? cutAt(p, start + share[0].length) : [p, ''];
  }
  return n.charAt(1) === ':' ? cutAt(p, 2) : ['', p];
}

function cutAt(p: string, i: number): [string, string] {
  return [p.slice(0, i), p.slice(i)];
}

/** Python's ntpath.split: (head, tail), the head's trailing separators dropped unless it is all separators. */
function ntSplit(p: string): [string, string] {
  const [drive, rest] = ntSplitdrive(p);
  const [head, tail] = cutAt(rest, Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/')) + 1);
  return [drive + (head.replace(/[\\/]+$/, '') || head), tail];
}
