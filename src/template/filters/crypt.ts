/**
 * password_hash's crypt schemes as passlib computes them for Ansible:
 * sha512_crypt ($6$), sha256_crypt ($5$) and md5_crypt ($1$).
 */
import { createHash } from 'node:crypto';
import { TemplateError } from '../values.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function digest(alg: string, ...parts: Buffer[]): Buffer {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function repeatTo(b: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = b[i % b.length] ?? 0;
  return out;
}

/** crypt's base-64 of the digest bytes taken three at a time in `order`, then the `tail` bytes. */
function encode(c: Buffer, order: ReadonlyArray<readonly [number, number, number]>, tail: readonly number[]): string {
  let out = '';
  const enc = (w: number, n: number): void => {
    for (let i = 0; i < n; i++) {
      out += ITOA64[w & 0x3f];
      w >>>= 6;
    }
  };
  for (const [x, y, z] of order) enc(((c[x] ?? 0) << 16) | ((c[y] ?? 0) << 8) | (c[z] ?? 0), 4);
  if (tail.length === 1) enc(c[tail[0] ?? 0] ?? 0, 2);
  else enc(((c[tail[0] ?? 0] ?? 0) << 8) | (c[tail[1] ?? 0] ?? 0), 3);
  return out;
}

const SHA512_ORDER: ReadonlyArray<readonly [number, number, number]> = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
  [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];
const SHA256_ORDER: ReadonlyArray<readonly [number, number, number]> = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29],
];

/** SHA-crypt (glibc's $5$ and $6$): `rounds` 5000 is written implicitly, as passlib does. */
function shaCrypt(alg: 'sha256' | 'sha512', password: string, salt: string, rounds: number): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt, 'utf8');
  const B = digest(alg, P, S, P);
  const a = createHash(alg);
  a.update(P);
  a.update(S);
  a.update(repeatTo(B, P.length));
  for (let i = P.length; i > 0; i >>= 1) a.update(i & 1 ? B : P);
  const A = a.digest();
  const Pseq = repeatTo(digest(alg, ...Array.from({ length: P.length }, () => P)), P.length);
  const Sseq = repeatTo(digest(alg, ...Array.from({ length: 16 + (A[0] ?? 0) }, () => S)), S.length);
  let C = A;
  for (let r = 0; r < rounds; r++) {
    const h = createHash(alg);
    h.update(r & 1 ? Pseq : C);
    if (r % 3) h.update(Sseq);
    if (r % 7) h.update(Pseq);
    h.update(r & 1 ? C : Pseq);
    C = h.digest();
  }
  const out = alg === 'sha512' ? encode(C, SHA512_ORDER, [63]) : encode(C, SHA256_ORDER, [31, 30]);
  return `$${alg === 'sha512' ? 6 : 5}$${rounds === 5000 ? '' : `rounds=${rounds}$`}${S.toString('utf8')}$${out}`;
}

/** md5_crypt ($1$, 1000 rounds, salt of at most 8 characters). */
function md5Crypt(password: string, salt: string): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt, 'utf8');
  const alt = digest('md5', P, S, P);
  const ctx = createHash('md5');
  ctx.update(P);
  ctx.update('$1$');
  ctx.update(S);
  for (let i = P.length; i > 0; i -= 16) ctx.update(alt.subarray(0, Math.min(16, i)));
  for (let i = P.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : P.subarray(0, 1));
  let f = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = createHash('md5');
    c.update(i & 1 ? P : f);
    if (i % 3) c.update(S);
    if (i % 7) c.update(P);
    c.update(i & 1 ? f : P);
    f = c.digest();
  }
  return `$1$${S.toString('utf8')}$${encode(f, [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]], [11])}`;
}

const DEFAULT_ROUNDS = { sha256: 535000, sha512: 656000 } as const;
const SALT_SIZE = { md5: 8, sha256: 16, sha512: 16 } as const;
/** passlib's bounds for sha256_crypt and sha512_crypt: it refuses rounds outside them rather than hash for ages. */
const MIN_ROUNDS = 1000;
const MAX_ROUNDS = 999_999_999;

/** Rounds as asked (none: the scheme's default), refused where passlib refuses them. */
function checkRounds(scheme: string, rounds: number | undefined): void {
  if (rounds === undefined) return;
  if (scheme === 'md5') throw new TemplateError('password_hash: md5_crypt takes no rounds');
  if (rounds < MIN_ROUNDS) throw new TemplateError(`${scheme}_crypt: min_desired_rounds (${rounds}) is too low, must be at least ${MIN_ROUNDS}`);
  if (rounds > MAX_ROUNDS) throw new TemplateError(`${scheme}_crypt: min_desired_rounds (${rounds}) is too large, cannot be more than ${MAX_ROUNDS}`);
}

/** Ansible's password_hash(hashtype, salt, rounds=...) for the schemes above. */
export function passwordHash(type: string, password: string, salt: string, rounds?: number): string {
  const scheme = type.replace(/_crypt$/, '');
  const maxSalt = SALT_SIZE[scheme as keyof typeof SALT_SIZE];
  // passlib refuses a salt it would have to cut or could not write into the hash.
  if (maxSalt !== undefined && salt.length > maxSalt) throw new TemplateError(`salt too large (${scheme}_crypt requires <= ${maxSalt} chars)`);
  if (/[^./0-9A-Za-z]/.test(salt)) throw new TemplateError(`invalid characters in ${scheme}_crypt salt`);
  if (scheme !== 'md5' && scheme !== 'sha256' && scheme !== 'sha512') throw new TemplateError(`password_hash: ${type} is not supported (md5, sha256 or sha512)`);
  checkRounds(scheme, rounds);
  return scheme === 'md5' ? md5Crypt(password, salt) : shaCrypt(scheme, password, salt, rounds ?? DEFAULT_ROUNDS[scheme]);
}
