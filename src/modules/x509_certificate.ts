/**
 * x509_certificate (community.crypto), providers selfsigned and ownca: a
 * certificate made on the host with its openssl from a request (CSR),
 * signed by the request's own key or by a CA's certificate and key there,
 * with the request's extensions, a subject key identifier and, for ownca,
 * an authority key identifier. The existing certificate is kept while it
 * has the request's subject, extensions and public key, belongs to the
 * private key given, and (ownca) was issued and signed by the CA; its
 * dates are not looked at (ignore_timestamps, the default). Passphrases
 * reach openssl on stdin. acme and entrust are refused at run time.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { quote } from '../connection/command.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { withAliases } from './support/aliases.js';
import { attrFields } from './support/file-attrs.js';
import { bool, int } from './support/params.js';
import {
  asn1Time,
  attributeFix,
  backupField,
  exactInteger,
  extensionsOf,
  fixAttributes,
  opensslError,
  MESSAGE_DIGESTS,
  passArg,
  printedParts,
  removeFile,
  runOpenssl,
  sections,
  timeAt,
  writeScript,
} from './support/openssl.js';

/** The options of the providers kolla-run does not implement (acme, entrust): accepted, refused at run time with the provider. */
const OTHER_PROVIDER_OPTIONS = [
  'acme_accountkey_path', 'acme_chain', 'acme_challenge_path', 'acme_directory', 'entrust_api_client_cert_key_path', 'entrust_api_client_cert_path', 'entrust_api_key',
  'entrust_api_specification_path', 'entrust_api_user', 'entrust_cert_type', 'entrust_not_after', 'entrust_requester_email', 'entrust_requester_name', 'entrust_requester_phone',
] as const;
const otherShape = Object.fromEntries(OTHER_PROVIDER_OPTIONS.map((k) => [k, z.unknown().optional()]));

const keyIdChoice = z.enum(['create_if_not_provided', 'always_create', 'never_create']).default('create_if_not_provided');

export const certificateParams = withAliases(
  { attr: 'attributes', selfsigned_notAfter: 'selfsigned_not_after', selfsigned_notBefore: 'selfsigned_not_before' },
  z
    .object({
      ...attrFields,
      ...otherShape,
      path: z.string().min(1),
      state: z.enum(['present', 'absent']).default('present'),
      provider: z.enum(['acme', 'entrust', 'ownca', 'selfsigned']).optional(),
      csr_path: z.string().optional(),
      csr_content: z.string().optional(),
      privatekey_path: z.string().optional(),
      privatekey_content: z.string().optional(),
      privatekey_passphrase: z.string().optional(),
      force: bool().default(false),
      backup: bool().default(false),
      return_content: bool().default(false),
      ignore_timestamps: bool().default(true),
      select_crypto_backend: z.enum(['auto', 'cryptography']).default('auto'),
      selfsigned_digest: z.string().default('sha256'),
      selfsigned_not_before: z.string().default('+0s'),
      selfsigned_not_after: z.string().default('+3650d'),
      // Default 3; only 2 changes anything (refused, as community.crypto's cryptography backend does).
      selfsigned_version: int().optional(),
      selfsigned_create_subject_key_identifier: keyIdChoice,
      ownca_path: z.string().optional(),
      ownca_content: z.string().optional(),
      ownca_privatekey_path: z.string().optional(),
      ownca_privatekey_content: z.string().optional(),
      ownca_privatekey_passphrase: z.string().optional(),
      ownca_digest: z.string().default('sha256'),
      ownca_not_before: z.string().default('+0s'),
      ownca_not_after: z.string().default('+3650d'),
      ownca_version: int().optional(),
      ownca_create_subject_key_identifier: keyIdChoice,
      ownca_create_authority_key_identifier: bool().default(true),
    })
    .strict()
    .refine((p) => p.state === 'absent' || p.provider !== undefined, { message: 'state is present but all of the following are missing: provider', path: ['provider'] })
    .refine((p) => p.provider !== 'ownca' || p.ownca_path !== undefined || p.ownca_content !== undefined, { message: 'provider is ownca but ownca_path is missing', path: ['ownca_path'] }),
);
export type CertificateParams = z.infer<typeof certificateParams>;

/** Days from now to a time as the module takes it; openssl x509 -req counts in days (at least one). */
export function daysUntil(spec: string, now = Date.now()): number {
  return Math.max(1, Math.ceil((timeAt(spec, now).getTime() - now) / 86_400_000));
}

/** Files the openssl commands read: the given paths, or "$t.*" files the script writes from given contents. */
function sources(p: CertificateParams): { csr: string; ca: string; write: string[] } {
  const write: string[] = [];
  let csr = p.csr_path !== undefined ? quote(p.csr_path) : '';
  if (p.csr_content !== undefined) {
    csr = '"$t.csr"';
    write.push(`printf '%s\\n' ${quote(p.csr_content)} > "$t.csr"`);
  }
  let ca = p.ownca_path !== undefined ? quote(p.ownca_path) : '';
  if (p.ownca_content !== undefined) {
    ca = '"$t.ca"';
    write.push(`printf '%s\\n' ${quote(p.ownca_content)} > "$t.ca"`);
  }
  return { csr, ca, write };
}

/** What the checks and the result fields read of a certificate, in one openssl print (support/openssl.ts printedParts). */
const PRINTED = '-subject -issuer -nameopt RFC2253 -serial -startdate -enddate -dateopt iso_8601 -pubkey -text';

/** What the checks read, each after an @@tag line (KR_PASS1: the key's passphrase). */
function probeScript(p: CertificateParams): string {
  const path = quote(p.path);
  const { csr, ca, write } = sources(p);
  const name = (what: string, cmd: string) => `echo @@${what}; ${cmd} 2>/dev/null`;
  return [
    `if [ ! -e ${path} ]; then echo ABSENT; exit 0; fi`,
    "t=$(mktemp) || exit 1; trap 'rm -f \"$t\" \"$t.csr\" \"$t.ca\"' EXIT",
    ...write,
    name('cert', `openssl x509 -in ${path} -noout ${PRINTED}`),
    ...(p.privatekey_path !== undefined ? [name('keypub', `openssl pkey -in ${quote(p.privatekey_path)} -passin env:KR_PASS1 -pubout`)] : []),
    ...(csr !== '' ? [name('csr', `openssl req -in ${csr} -noout -subject -nameopt RFC2253 -pubkey -text`)] : []),
    ...(p.provider === 'ownca' ? [name('casubject', `openssl x509 -in ${ca} -noout -subject -nameopt RFC2253`), name('verify', `openssl verify -no_check_time -partial_chain -CAfile ${ca} ${path} >/dev/null && echo ok`)] : []),
    'exit 0',
  ].join('\n');
}

/** Why the certificate there must be made again, or undefined when it is kept. */
export function staleReason(p: CertificateParams, read: Map<string, string>): string | undefined {
  const s = new Map<string, string>();
  for (const [tag, prefix] of [['cert', ''], ['csr', 'csr']] as const) {
    const printed = read.get(tag);
    if (printed === undefined) continue;
    // the tag was printed, so each part is there: '' when openssl could not read the file
    const parts = printedParts(printed);
    for (const part of ['subject', 'issuer', 'pub', 'text']) s.set(`${prefix}${part}`, parts.get(part) ?? '');
  }
  for (const tag of ['keypub', 'casubject', 'verify']) {
    const value = read.get(tag);
    if (value !== undefined) s.set(tag, value);
  }
  if ((s.get('pub') ?? '').trim() === '') return 'it cannot be read';
  if (s.has('keypub') && s.get('keypub') !== s.get('pub')) return 'it is not for the private key';
  if (s.has('csrpub')) {
    if (s.get('csrpub') !== s.get('pub')) return "it is not for the request's key";
    if (s.get('csrsubject')?.replace(/^subject=/, '') !== s.get('subject')?.replace(/^subject=/, '')) return "its subject is not the request's";
    const want = extensionsOf(s.get('csrtext') ?? '');
    const have = extensionsOf(s.get('text') ?? '');
    for (const [name, value] of want) if (have.get(name) !== value) return `its ${name.replace(/^X509v3 /, '')} is not the request's`;
  }
  if (p.provider === 'selfsigned' && s.get('issuer')?.replace(/^issuer=/, '') !== s.get('subject')?.replace(/^subject=/, '')) return 'it is not self-signed';
  if (p.provider === 'ownca') {
    if (s.get('issuer')?.replace(/^issuer=/, '') !== s.get('casubject')?.replace(/^subject=/, '')) return 'the CA did not issue it';
    if ((s.get('verify') ?? '').trim() !== 'ok') return "the CA's signature does not verify";
  }
  return undefined;
}

/** The openssl x509 -req that prints the new certificate into "$t". */
function makeCertificate(p: CertificateParams, serial: string): string {
  const { csr, ca, write } = sources(p);
  const own = p.provider === 'ownca';
  const days = daysUntil(own ? p.ownca_not_after : p.selfsigned_not_after);
  const digest = own ? p.ownca_digest : p.selfsigned_digest;
  const ski = (own ? p.ownca_create_subject_key_identifier : p.selfsigned_create_subject_key_identifier) !== 'never_create';
  // OpenSSL 3 adds both key identifiers to a v3 certificate unless told `none`.
  const ext = [`subjectKeyIdentifier = ${ski ? 'hash' : 'none'}`, ...(own ? [`authorityKeyIdentifier = ${p.ownca_create_authority_key_identifier ? 'keyid' : 'none'}`] : [])];
  const signer = own
    ? `-CA ${ca} -CAkey ${quote(p.ownca_privatekey_path ?? '')}${passArg('-passin', 2, p.ownca_privatekey_passphrase)}`
    : `-signkey ${quote(p.privatekey_path ?? '')}${passArg('-passin', 1, p.privatekey_passphrase)}`;
  return [
    ...write,
    `printf '%s\\n' ${quote(['[ext]', ...ext].join('\n'))} > "$t.ext"`,
    `openssl x509 -req -in ${csr} ${signer} -days ${days} -${digest} -set_serial ${serial} -copy_extensions copy -extfile "$t.ext" -extensions ext -out "$t"`,
  ].join(' && ');
}

async function withContent(p: CertificateParams, ctx: ModuleContext, result: ResultFields): Promise<ResultFields> {
  return p.return_content ? { ...result, certificate: (await ctx.get(p.path))?.toString('utf8') ?? null } : result;
}

/** The module's fields: its inputs, and the certificate's validity and serial (read from it, or those a new one would get). */
async function fields(p: CertificateParams, ctx: ModuleContext, planned?: { serial: string }, probe?: Map<string, string>): Promise<ResultFields> {
  const out: ResultFields = {
    filename: p.path,
    privatekey: p.privatekey_path ?? null,
    csr: p.csr_path ?? null,
    ...(p.provider === 'ownca' ? { ca_cert: p.ownca_path ?? null, ca_privatekey: p.ownca_privatekey_path ?? null } : {}),
  };
  if (planned !== undefined) {
    const days = daysUntil(p.provider === 'ownca' ? p.ownca_not_after : p.selfsigned_not_after);
    return { ...out, notBefore: asn1Time(new Date()), notAfter: asn1Time(new Date(Date.now() + days * 86_400_000)), serial_number: exactInteger(BigInt(planned.serial)) };
  }
  const printed = probe?.get('cert') ?? (await runOpenssl(ctx, `openssl x509 -in ${quote(p.path)} -noout ${PRINTED}`, [])).stdout;
  const parts = printedParts(printed);
  const get = (k: string) => parts.get(k)?.slice(k.length + 1).trim();
  const time = (v: string | undefined) => (v === undefined ? null : v.replace(/[-: ]/g, ''));
  const serial = get('serial');
  return { ...out, notBefore: time(get('notBefore')), notAfter: time(get('notAfter')), serial_number: serial === undefined ? null : exactInteger(BigInt(`0x${serial}`)) };
}

type Plan = { serial: string } | 'remove' | { attributes: string };

/** A random positive serial of 159 bits (cryptography's random_serial_number, as community.crypto uses it), as hex for openssl. */
const newSerial = (): string => `0x${(BigInt(`0x${randomBytes(20).toString('hex')}`) >> 1n).toString(16)}`;

const attrs = (p: CertificateParams) => ({ mode: p.mode, owner: p.owner, group: p.group });
const secrets = (p: CertificateParams) => [p.privatekey_passphrase, p.ownca_privatekey_passphrase];

/** What the provider cannot be given here, or undefined. */
function refusal(p: CertificateParams): string | undefined {
  if (p.provider === 'acme' || p.provider === 'entrust') return `provider ${p.provider} is not supported by kolla-run (selfsigned and ownca are)`;
  if ((p.provider === 'ownca' ? p.ownca_version : p.selfsigned_version) === 2) return 'The cryptography backend does not support v2 certificates';
  if (p.csr_path === undefined && p.csr_content === undefined) return 'kolla-run makes certificates from a request: give csr_path or csr_content';
  if (p.privatekey_content !== undefined || p.ownca_privatekey_content !== undefined) return 'privatekey_content and ownca_privatekey_content are not supported by kolla-run: give the key files on the host';
  if (p.provider === 'selfsigned' && p.privatekey_path === undefined) return 'provider is selfsigned but privatekey_path is missing';
  if (p.provider === 'ownca' && p.ownca_privatekey_path === undefined) return 'provider is ownca but ownca_privatekey_path is missing';
  if (!p.ignore_timestamps) return 'ignore_timestamps: false is not supported by kolla-run';
  const digest = p.provider === 'ownca' ? p.ownca_digest : p.selfsigned_digest;
  if (!MESSAGE_DIGESTS.has(digest)) return `The digest ${digest} is not supported with the cryptography backend`;
  try {
    daysUntil(p.provider === 'ownca' ? p.ownca_not_after : p.selfsigned_not_after);
  } catch (err) {
    return `${(err as Error).message} (not_after)`;
  }
  return undefined;
}

export const x509CertificateModule = defineModule<CertificateParams, Plan>({
  name: 'x509_certificate',
  schema: certificateParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    if (p.state === 'absent') {
      const named = { filename: p.path };
      if ((await ctx.run(`test -e ${quote(p.path)}`)).rc !== 0) return { changed: false, reason: `${p.path} is absent`, result: named };
      return { changed: true, reason: `${p.path} would be removed`, plan: 'remove', result: named };
    }
    const refused = refusal(p);
    if (refused !== undefined) return { changed: false, reason: refused, result: { failed: true, msg: refused } };
    const r = await runOpenssl(ctx, probeScript(p), [p.privatekey_passphrase]);
    const exists = !r.stdout.startsWith('ABSENT');
    const read = sections(r.stdout);
    const why = p.force ? 'force' : exists ? staleReason(p, read) : 'it does not exist';
    if (why !== undefined) {
      const serial = newSerial();
      return { changed: true, reason: `${p.path}: ${why}`, plan: { serial }, result: await fields(p, ctx, { serial }), before: { certificate: exists ? 'present' : 'absent' }, after: { certificate: `issued (${p.provider})` } };
    }
    const fix = await attributeFix(ctx, p.path, attrs(p));
    if (fix === undefined) return { changed: false, reason: `${p.path} matches`, result: await withContent(p, ctx, await fields(p, ctx, undefined, read)) };
    return { changed: true, reason: `${p.path}: owner, group or mode differ`, plan: { attributes: fix.toShell() }, result: await fields(p, ctx, undefined, read) };
  },
  async apply(p, plan, ctx) {
    if (plan === 'remove') return removeFile(ctx, p.path);
    if ('attributes' in plan) return (await fixAttributes(ctx, plan.attributes)) ?? withContent(p, ctx, { changed: true, ...(await fields(p, ctx)) });
    const produce = `${makeCertificate(p, plan.serial)}; rc=$?; rm -f "$t.ext" "$t.csr" "$t.ca"; [ $rc = 0 ]`;
    const r = await runOpenssl(ctx, writeScript(p.path, produce, attrs(p), p.backup, '022'), secrets(p));
    if (r.rc !== 0) return { failed: true, changed: false, msg: `Error while creating the certificate: ${opensslError(r)}` };
    return withContent(p, ctx, { changed: true, ...backupField(r.stdout), ...(await fields(p, ctx)) });
  },
});
