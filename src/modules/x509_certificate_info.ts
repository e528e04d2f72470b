/**
 * x509_certificate_info (community.crypto): what a certificate on the host
 * (path) or given (content) says, under the module's names: subject and
 * issuer (long attribute names), validity and valid_at, serial, key and
 * its fingerprints, the usual extensions with their criticality, and every
 * extension by OID. The host's openssl reads it (text and DER); nothing
 * changes, so check mode runs it too. Integers larger than JavaScript's
 * exact range (a serial, an RSA modulus) are given as decimal text.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { quote } from '../connection/command.js';
import { repr } from '../template/values.js';
import { defineModule, type Unchanged } from './contract.js';
import { asn1Time, exactInteger, extensionsOf, fingerprints, keyKind, runOpenssl, sections, timeAt } from './support/openssl.js';

export const certificateInfoParams = z
  .object({
    path: z.string().optional(),
    content: z.string().optional(),
    valid_at: z.record(z.string(), z.string()).optional(),
    name_encoding: z.enum(['ignore', 'idna', 'unicode']).default('ignore'),
    select_crypto_backend: z.enum(['auto', 'cryptography']).default('auto'),
  })
  .strict()
  .refine((p) => (p.path === undefined) !== (p.content === undefined), { message: 'one of the following is required: path, content', path: ['path'] });
export type CertificateInfoParams = z.infer<typeof certificateInfoParams>;

/** One DER element: tag, where its contents start and end (readUInt8 throws past the end: a truncated certificate fails). */
function der(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = buf.readUInt8(at);
  let len = buf.readUInt8(at + 1);
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf.readUInt8(start + i);
    start += n;
  }
  return { tag, start, end: start + len };
}

function children(buf: Buffer, start: number, end: number): { tag: number; start: number; end: number }[] {
  const out = [];
  for (let at = start; at < end; ) {
    const el = der(buf, at);
    out.push(el);
    at = el.end;
  }
  return out;
}

function oid(bytes: Buffer): string {
  const first = bytes.readUInt8(0);
  const parts: number[] = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** The certificate's extensions by OID: {critical, value (base64 of the extension's DER value)}, from the DER. */
export function extensionsByOid(cert: Buffer): Record<string, { critical: boolean; value: string }> {
  const top = der(cert, 0);
  const tbs = children(cert, top.start, top.end)[0];
  const out: Record<string, { critical: boolean; value: string }> = {};
  if (!tbs) return out;
  const ext = children(cert, tbs.start, tbs.end).find((e) => e.tag === 0xa3);
  if (!ext) return out;
  const list = der(cert, ext.start);
  for (const e of children(cert, list.start, list.end)) {
    const parts = children(cert, e.start, e.end);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (!id || !value) continue;
    // DER leaves out a critical flag that is false: three parts are a critical extension.
    const critical = parts.length === 3;
    out[oid(cert.subarray(id.start, id.end))] = { critical, value: cert.subarray(value.start, value.end).toString('base64') };
  }
  return out;
}

/** openssl's sep_multiline name lines ("    countryName=US") as ordered pairs. */
function nameLines(text: string): [string, string][] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l.includes('='))
    .map((l): [string, string] => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

/** The script's exit codes for a path it cannot read (openssl itself exits 1). */
const UNREADABLE = { missing: 3, denied: 4 } as const;

/** Prints the DER (base64), the subject and issuer (one attribute a line) after @@tags, for the certificate in "$c". */
const READ = [
  'echo @@der; openssl x509 -in "$c" -outform DER | base64 -w0; echo',
  'echo @@subject; openssl x509 -in "$c" -noout -subject -nameopt sep_multiline,lname,utf8,esc_ctrl',
  'echo @@issuer; openssl x509 -in "$c" -noout -issuer -nameopt sep_multiline,lname,utf8,esc_ctrl',
  'echo @@text; openssl x509 -in "$c" -noout -text -certopt no_pubkey,no_sigdump',
].join(' && ');

/** The extension's value lines, and whether openssl marked it critical. */
function extension(all: Map<string, string>, name: string): { value: string | undefined; critical: boolean } {
  for (const [key, value] of all) {
    if (key.replace(/: critical$/, '').replace(/:$/, '') === `X509v3 ${name}` || key.replace(/: critical$/, '').replace(/:$/, '') === name) return { value: value.trim(), critical: key.endsWith('critical') };
  }
  return { value: undefined, critical: false };
}

const list = (v: string | undefined): string[] | null => (v === undefined ? null : v.split(/,\s*/).map((s) => s.trim()).filter((s) => s !== ''));
const hexId = (v: string | undefined): string | null => (v === undefined ? null : (v.split('\n').find((l) => /^(keyid:)?[0-9A-F]{2}(:[0-9A-F]{2})*$/.test(l)) ?? '').replace(/^keyid:/, '').toLowerCase() || null);

export function describeCertificate(s: Map<string, string>, validAt: Record<string, string> | undefined, now = Date.now()): Record<string, unknown> {
  const cert = Buffer.from((s.get('der') ?? '').trim(), 'base64');
  const x509 = new X509Certificate(cert);
  const spki = x509.publicKey.export({ format: 'der', type: 'spki' });
  const kind = keyKind(spki);
  const text = s.get('text') ?? '';
  const exts = extensionsOf(text);
  const san = extension(exts, 'Subject Alternative Name');
  const ku = extension(exts, 'Key Usage');
  const eku = extension(exts, 'Extended Key Usage');
  const bc = extension(exts, 'Basic Constraints');
  const tls = extension(exts, 'TLS Feature');
  const aia = extension(exts, 'Authority Information Access');
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  const subject = nameLines(s.get('subject') ?? '');
  const issuer = nameLines(s.get('issuer') ?? '');
  const jwk = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  const big = (b64: string | undefined) => exactInteger(BigInt(`0x${Buffer.from(b64 ?? '', 'base64url').toString('hex') || '0'}`));
  const publicKeyData: Record<string, unknown> =
    kind.type === 'RSA' ? { size: kind.size, modulus: big(jwk.n), exponent: big(jwk.e) } : kind.type === 'ECC' ? { curve: kind.curve, x: big(jwk.x), y: big(jwk.y) } : {};
  return {
    subject: Object.fromEntries(subject),
    subject_ordered: subject,
    issuer: Object.fromEntries(issuer),
    issuer_ordered: issuer,
    not_before: asn1Time(notBefore),
    not_after: asn1Time(notAfter),
    expired: notAfter.getTime() < now,
    valid_at: Object.fromEntries(Object.entries(validAt ?? {}).map(([k, spec]) => [k, ((t) => notBefore <= t && t <= notAfter)(timeAt(spec, now))])),
    serial_number: exactInteger(BigInt(`0x${x509.serialNumber}`)),
    version: Number(/Version: (\d+)/.exec(text)?.[1]),
    signature_algorithm: /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? null,
    public_key: x509.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    public_key_type: kind.type,
    public_key_data: publicKeyData,
    public_key_fingerprints: fingerprints(spki),
    fingerprints: fingerprints(cert),
    subject_alt_name: san.value === undefined ? null : (list(san.value) ?? []).map((n) => n.replace(/^IP Address:/, 'IP:')),
    subject_alt_name_critical: san.critical,
    key_usage: ku.value === undefined ? null : (list(ku.value) ?? []).sort(),
    key_usage_critical: ku.critical,
    extended_key_usage: eku.value === undefined ? null : (list(eku.value) ?? []).sort(),
    extended_key_usage_critical: eku.critical,
    basic_constraints: bc.value === undefined ? null : (list(bc.value) ?? []).sort(),
    basic_constraints_critical: bc.critical,
    ocsp_must_staple: tls.value === undefined ? null : /status_request/.test(tls.value),
    ocsp_must_staple_critical: tls.critical,
    subject_key_identifier: hexId(extension(exts, 'Subject Key Identifier').value),
    authority_key_identifier: hexId(extension(exts, 'Authority Key Identifier').value),
    authority_cert_issuer: null,
    authority_cert_serial_number: null,
    ocsp_uri: /OCSP - URI:(\S+)/.exec(aia.value ?? '')?.[1] ?? null,
    issuer_uri: /CA Issuers - URI:(\S+)/.exec(aia.value ?? '')?.[1] ?? null,
    extensions_by_oid: extensionsByOid(cert),
  };
}

export const x509CertificateInfoModule = defineModule<CertificateInfoParams, never>({
  name: 'x509_certificate_info',
  schema: certificateInfoParams,
  check: 'full',
  async query(p, ctx): Promise<Unchanged> {
    const source =
      p.path !== undefined
        ? `c=${quote(p.path)}; [ -e "$c" ] || exit ${UNREADABLE.missing}; [ -r "$c" ] || exit ${UNREADABLE.denied}`
        : `c=$(mktemp) && trap 'rm -f "$c"' EXIT && printf '%s\\n' ${quote(p.content ?? '')} > "$c"`;
    const r = await runOpenssl(ctx, `${source}; ${READ}`, []);
    if (r.rc !== 0) {
      // The path is named here, never in the script: a shell would expand what it holds.
      const unread = r.rc === UNREADABLE.missing ? '[Errno 2] No such file or directory' : r.rc === UNREADABLE.denied ? '[Errno 13] Permission denied' : undefined;
      const msg = unread !== undefined ? `Error while reading certificate file from disk: ${unread}: ${repr(p.path)}` : `Error while decoding certificate: ${r.stderr.trim().split('\n')[0] ?? ''}`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    try {
      return { changed: false, reason: 'certificate read', result: describeCertificate(sections(r.stdout), p.valid_at) };
    } catch (err) {
      const msg = (err as Error).message;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
  },
  async apply() {
    return {};
  },
});
