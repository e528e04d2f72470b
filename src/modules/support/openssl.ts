/**
 * What the community.crypto modules share, done with the host's openssl:
 * scripts that take their passphrases on stdin (one line each, read into
 * exported variables that openssl reads with `env:`), so no secret is ever
 * on a command line or in a result; a private key's public half (DER) and
 * what it is; fingerprints as community.crypto computes them (every
 * hashlib algorithm over the public key's DER); writing a file the
 * generator made next to its destination, with mode and owner, atomically.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { posix } from 'node:path';
import { Command, quote } from '../../connection/command.js';
import type { ModuleContext, ResultFields, RunResult } from '../contract.js';
import { attributeChanges, attributeCommand, backupSuffix, remoteState, type FileAttributes } from './remote-file.js';

/**
 * No trust store: nothing here checks a certificate against the host's CAs
 * (x509_certificate verifies against the CA it is given), yet OpenSSL 3's
 * `openssl x509` loads the default store on every call, whatever it is
 * asked: about 30 ms of its 35 ms with Debian's ca-certificates, and a
 * certificate's check runs it several times.
 */
const NO_TRUST_STORE = 'export SSL_CERT_FILE=/dev/null SSL_CERT_DIR=/dev/null';

/**
 * Runs a script of openssl commands: the passphrase variables it may use are
 * KR_PASS1, KR_PASS2... in the order given.
 */
export async function runOpenssl(ctx: ModuleContext, script: string, secrets: readonly (string | undefined)[]): Promise<RunResult> {
  const reads = secrets.map((_, i) => `IFS= read -r KR_PASS${i + 1} || true; export KR_PASS${i + 1}; `).join('');
  const stdin = secrets.map((s) => `${s ?? ''}\n`).join('');
  return ctx.run(Command.raw(`${NO_TRUST_STORE}; ${reads}${script}`), { stdin });
}

/** openssl's -passin/-passout for the Nth secret, or nothing when it is not given. */
export function passArg(flag: '-passin' | '-passout', n: number, secret: string | undefined): string {
  return secret === undefined ? '' : ` ${flag} env:KR_PASS${n}`;
}

export type KeyFormat = 'pkcs1' | 'pkcs8' | 'raw';

export interface KeyState {
  exists: boolean;
  format?: KeyFormat;
  encrypted?: boolean;
  /** The public key (SubjectPublicKeyInfo DER) when the key could be read with the passphrase given. */
  publicDer?: Buffer;
}

/** Prints `absent`, or F <format>, E <0|1> and P <base64 DER of the public key> for the key at $1 (passphrase KR_PASS1). */
const KEY_PROBE = [
  'p=$1; if [ ! -e "$p" ]; then echo absent; exit 0; fi',
  "if grep -q -- '-----BEGIN \\(RSA \\|EC \\|DSA \\)PRIVATE KEY-----' \"$p\"; then echo 'F pkcs1'; elif grep -q -- '-----BEGIN \\(ENCRYPTED \\)\\{0,1\\}PRIVATE KEY-----' \"$p\"; then echo 'F pkcs8'; else echo 'F raw'; fi",
  'if grep -q ENCRYPTED "$p"; then echo "E 1"; else echo "E 0"; fi',
  'printf "P "; openssl pkey -in "$p" -passin env:KR_PASS1 -pubout -outform DER 2>/dev/null | base64 -w0; echo',
].join('\n');

/** The key at `path` on the host as far as the passphrase opens it (nothing of the private key leaves the host). */
export async function readKey(ctx: ModuleContext, path: string, passphrase: string | undefined): Promise<KeyState> {
  const r = await runOpenssl(ctx, `set -- ${quote(path)}\n${KEY_PROBE}`, [passphrase ?? '']);
  if (r.stdout.startsWith('absent')) return { exists: false };
  const line = (tag: string): string => r.stdout.split('\n').find((l) => l.startsWith(`${tag} `))?.slice(2).trim() ?? '';
  const der = Buffer.from(line('P'), 'base64');
  return { exists: true, format: line('F') as KeyFormat, encrypted: line('E') === '1', ...(der.length > 0 ? { publicDer: der } : {}) };
}

/** Ansible's names for a key's type and size (bits, or the curve), from its public half. */
export function keyKind(publicDer: Buffer): { type: string; size?: number; curve?: string } {
  const key = createPublicKey({ key: publicDer, format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { type: 'RSA', ...(details.modulusLength !== undefined ? { size: details.modulusLength } : {}) };
    case 'dsa':
      return { type: 'DSA', ...(details.modulusLength !== undefined ? { size: details.modulusLength } : {}) };
    case 'ec':
      return { type: 'ECC', ...(details.namedCurve !== undefined ? { curve: fromOpensslCurve(details.namedCurve) } : {}) };
    case 'ed25519':
      return { type: 'Ed25519' };
    case 'ed448':
      return { type: 'Ed448' };
    case 'x25519':
      return { type: 'X25519' };
    case 'x448':
      return { type: 'X448' };
    default:
      return { type: String(key.asymmetricKeyType) };
  }
}

/** Curves OpenSSL names otherwise than Ansible (SEC names). */
const OPENSSL_CURVES: Readonly<Record<string, string>> = { secp256r1: 'prime256v1', secp192r1: 'prime192v1' };

export function toOpensslCurve(curve: string): string {
  return OPENSSL_CURVES[curve] ?? curve;
}

function fromOpensslCurve(name: string): string {
  return Object.entries(OPENSSL_CURVES).find(([, v]) => v === name)?.[0] ?? name;
}

/** hashlib.algorithms_available as community.crypto iterates them, with Node's names; shake digests are 32 bytes. */
const FINGERPRINTS: ReadonlyArray<[string, string, number?]> = [
  ['blake2b', 'blake2b512'],
  ['blake2s', 'blake2s256'],
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha224', 'sha224'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha3_224', 'sha3-224'],
  ['sha3_256', 'sha3-256'],
  ['sha3_384', 'sha3-384'],
  ['sha3_512', 'sha3-512'],
  ['sha512', 'sha512'],
  ['shake_128', 'shake128', 32],
  ['shake_256', 'shake256', 32],
];

/** community.crypto's get_fingerprint_of_bytes: colon-separated hex digests by hashlib name. */
export function fingerprints(bytes: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, node, length] of FINGERPRINTS) {
    const hex = createHash(node, length !== undefined ? { outputLength: length } : {}).update(bytes).digest('hex');
    out[name] = hex.match(/../g)?.join(':') ?? '';
  }
  return out;
}

/**
 * A script that writes `path` from what `produce` prints into "$t" (a
 * temporary file beside it, made under `umask`), then gives it its mode
 * and owner and moves it in place; `backup` copies the old file first and
 * prints `B <name>`.
 */
export function writeScript(path: string, produce: string, attrs: FileAttributes, backup: boolean, umask = '077'): string {
  const p = quote(path);
  const dir = quote(posix.dirname(path));
  const mode = attrs.mode === undefined ? undefined : typeof attrs.mode === 'number' ? attrs.mode.toString(8) : attrs.mode;
  const owner = attrs.owner !== undefined || attrs.group !== undefined ? `${attrs.owner ?? ''}${attrs.group !== undefined ? `:${attrs.group}` : ''}` : undefined;
  return [
    `umask ${umask}`,
    `t=$(mktemp ${dir}/.kolla-run-XXXXXX) || exit 1`,
    `trap 'rm -f "$t" "$t.param"' EXIT`,
    `{ ${produce}; } || exit 1`,
    // mktemp made it 0600 whatever the umask: a new file gets the umask's mode, as Ansible's writes do.
    `chmod ${quote(mode ?? (0o666 & ~parseInt(umask, 8)).toString(8))} "$t" || exit 1`,
    ...(owner !== undefined ? [`chown ${quote(owner)} "$t" || exit 1`] : []),
    ...(backup ? [`if [ -e ${p} ]; then b=${p}${backupSuffix()}; cp -p ${p} "$b" && echo "B $b"; fi`] : []),
    `mv -f "$t" ${p}`,
  ].join('\n');
}

/** The backup's name a writeScript printed, as Ansible registers it. */
export function backupField(stdout: string): ResultFields {
  const line = stdout.split('\n').find((l) => l.startsWith('B '));
  return line ? { backup_file: line.slice(2) } : {};
}

/** Owner, group or mode of an existing file that differ from what is asked; and the command that fixes them. */
export async function attributeFix(ctx: ModuleContext, path: string, attrs: FileAttributes): Promise<Command | undefined> {
  const state = await remoteState(ctx, path);
  if (!state.exists) return undefined;
  return attributeChanges(state, attrs).length > 0 ? attributeCommand(path, attrs) : undefined;
}

/** The extensions in openssl's text of a certificate or request: "Name[: critical]" -> value lines. */
export function extensionsOf(text: string): Map<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*(X509v3 extensions|Requested Extensions):\s*$/.test(l));
  const out = new Map<string, string>();
  if (start < 0) return out;
  const indent = (l: string) => l.length - l.trimStart().length;
  const base = indent(lines[start] ?? '');
  let name: string | undefined;
  let nameIndent = -1;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (indent(line) <= base) break;
    if (name === undefined || indent(line) <= nameIndent) {
      name = line.trim();
      nameIndent = indent(line);
      out.set(name, '');
    } else out.set(name, `${out.get(name) ?? ''}${line.trim()}\n`);
  }
  return out;
}

/** state absent: the file removed (the caller knew it was there). */
export async function removeFile(ctx: ModuleContext, path: string): Promise<ResultFields> {
  const r = await ctx.run(`rm -f -- ${quote(path)}`);
  return r.rc === 0 ? { changed: true, filename: path } : { failed: true, changed: false, msg: r.stderr.trim() };
}

/** Runs an attributeFix command: undefined when done, else the failure to register. */
export async function fixAttributes(ctx: ModuleContext, command: string): Promise<ResultFields | undefined> {
  const r = await ctx.run(command);
  return r.rc === 0 ? undefined : { failed: true, changed: false, msg: r.stderr.trim() };
}

/** Output split at `@@tag` lines: each tag's text (the scripts here print what they read so). */
export function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let tag: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('@@')) out.set((tag = line.slice(2)), '');
    else if (tag !== undefined) out.set(tag, `${out.get(tag) ?? ''}${line}\n`);
  }
  return out;
}

/**
 * What one `openssl x509` or `openssl req` printed with several options at
 * once (-subject, -issuer, -serial, -startdate, -pubkey, -text, ...), told
 * apart by form rather than by order (OpenSSL versions order them
 * differently): each `name=value` line under its name, the PEM public key as
 * `pub`, and the text from its unindented heading on as `text`. Each part as
 * that option alone prints it with the same -nameopt and -dateopt (which
 * shape the text's names and dates too); an unread file gives none.
 */
export function printedParts(stdout: string): Map<string, string> {
  const parts = new Map<string, string>();
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const field = /^(\w+)=/.exec(line)?.[1];
    if (field !== undefined) parts.set(field, `${line}\n`);
    else if (line === '-----BEGIN PUBLIC KEY-----') {
      const end = lines.indexOf('-----END PUBLIC KEY-----', i);
      if (end < 0) break;
      parts.set('pub', `${lines.slice(i, end + 1).join('\n')}\n`);
      i = end;
    } else if (/^Certificate( Request)?:$/.test(line)) {
      let end = i + 1;
      while (end < lines.length && /^\s/.test(lines[end] ?? '')) end++;
      parts.set('text', `${lines.slice(i, end).join('\n')}\n`);
      i = end - 1;
    }
  }
  return parts;
}

/**
 * The digests community.crypto signs with (select_message_digest): any other is refused, and
 * none reaches a shell (the name is written into openssl's command line as -NAME).
 */
export const MESSAGE_DIGESTS: ReadonlySet<string> = new Set(['sha256', 'sha384', 'sha512', 'sha1', 'md5']);

/** A point in time as community.crypto takes it: +/-NwNdNhNmNs from now, ASN.1 YYYYMMDDHHMMSSZ, or now. */
export function timeAt(spec: string, now = Date.now()): Date {
  const relative = /^([+-])((?:\d+[wdhms])+)$/.exec(spec.trim());
  if (relative) {
    const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
    let seconds = 0;
    for (const [, n, u] of (relative[2] ?? '').matchAll(/(\d+)([wdhms])/g)) seconds += Number(n) * (unit[u ?? 's'] ?? 1);
    return new Date(now + (relative[1] === '-' ? -seconds : seconds) * 1000);
  }
  const abs = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(spec.trim());
  if (abs) {
    const [, y, mo, d, h, mi, s] = abs.map(Number) as number[];
    return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
  }
  if (spec === 'now' || spec === '') return new Date(now);
  throw new Error(`The time spec "${spec}" is invalid`);
}

/** ASN.1 GeneralizedTime as community.crypto prints it: YYYYMMDDHHMMSSZ. */
export const asn1Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

/** An integer as exactly as JSON from JavaScript can carry it: larger ones (a serial, a modulus) as decimal text. */
export const exactInteger = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());

/** openssl's first error line, for a failure message. */
export function opensslError(r: RunResult): string {
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /error|unable|cannot|bad|invalid/i.test(l)) ?? lines[0] ?? `openssl exited ${r.rc}`;
}
