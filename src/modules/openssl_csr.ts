/**
 * openssl_csr (community.crypto): a certificate signing request made on
 * the host with its openssl from the private key there, for a subject and
 * the usual extensions (subjectAltName, keyUsage, extendedKeyUsage,
 * basicConstraints, OCSP must-staple, name constraints, subject key
 * identifier). The existing request is kept when it is valid and says the
 * same as one made now would (same subject, extensions and public key:
 * openssl's own reading of both is compared, the signature aside), as the
 * module's checks decide. The key's passphrase reaches openssl on stdin.
 */
import { z } from 'zod';
import { quote } from '../connection/command.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { withAliases } from './support/aliases.js';
import { attrFields } from './support/file-attrs.js';
import { bool, strList } from './support/params.js';
import { attributeFix, backupField, fixAttributes, MESSAGE_DIGESTS, opensslError, passArg, removeFile, runOpenssl, writeScript } from './support/openssl.js';

const UNSUPPORTED = ['privatekey_content', 'authority_key_identifier', 'authority_cert_issuer', 'authority_cert_serial_number', 'crl_distribution_points', 'subject_key_identifier'] as const;

export const csrParams = withAliases(
  {
    attr: 'attributes',
    CN: 'common_name',
    commonName: 'common_name',
    C: 'country_name',
    countryName: 'country_name',
    E: 'email_address',
    emailAddress: 'email_address',
    L: 'locality_name',
    localityName: 'locality_name',
    O: 'organization_name',
    organizationName: 'organization_name',
    OU: 'organizational_unit_name',
    organizationalUnitName: 'organizational_unit_name',
    ST: 'state_or_province_name',
    stateOrProvinceName: 'state_or_province_name',
    subjectAltName: 'subject_alt_name',
    subjectAltName_critical: 'subject_alt_name_critical',
    keyUsage: 'key_usage',
    keyUsage_critical: 'key_usage_critical',
    extKeyUsage: 'extended_key_usage',
    extendedKeyUsage: 'extended_key_usage',
    extKeyUsage_critical: 'extended_key_usage_critical',
    extendedKeyUsage_critical: 'extended_key_usage_critical',
    basicConstraints: 'basic_constraints',
    basicConstraints_critical: 'basic_constraints_critical',
    ocspMustStaple: 'ocsp_must_staple',
    ocspMustStaple_critical: 'ocsp_must_staple_critical',
    useCommonNameForSAN: 'use_common_name_for_san',
  },
  z
    .object({
      ...attrFields,
      path: z.string().min(1),
      state: z.enum(['present', 'absent']).default('present'),
      privatekey_path: z.string().optional(),
      privatekey_content: z.string().optional(),
      privatekey_passphrase: z.string().optional(),
      digest: z.string().default('sha256'),
      // Only version 1 exists; nothing else reads it.
      version: z.union([z.literal(1), z.literal('1')]).optional(),
      force: bool().default(false),
      backup: bool().default(false),
      return_content: bool().default(false),
      select_crypto_backend: z.enum(['auto', 'cryptography']).default('auto'),
      subject: z.record(z.string(), z.unknown()).optional(),
      subject_ordered: z.array(z.record(z.string(), z.unknown())).optional(),
      country_name: z.string().optional(),
      state_or_province_name: z.string().optional(),
      locality_name: z.string().optional(),
      organization_name: z.string().optional(),
      organizational_unit_name: z.string().optional(),
      common_name: z.string().optional(),
      email_address: z.string().optional(),
      subject_alt_name: strList().optional(),
      subject_alt_name_critical: bool().default(false),
      use_common_name_for_san: bool().default(true),
      key_usage: strList().optional(),
      key_usage_critical: bool().default(false),
      extended_key_usage: strList().optional(),
      extended_key_usage_critical: bool().default(false),
      basic_constraints: strList().optional(),
      basic_constraints_critical: bool().default(false),
      ocsp_must_staple: bool().default(false),
      ocsp_must_staple_critical: bool().default(false),
      name_constraints_permitted: strList().optional(),
      name_constraints_excluded: strList().optional(),
      name_constraints_critical: bool().default(false),
      create_subject_key_identifier: bool().default(false),
      subject_key_identifier: z.string().optional(),
      authority_key_identifier: z.string().optional(),
      authority_cert_issuer: strList().optional(),
      authority_cert_serial_number: z.number().optional(),
      crl_distribution_points: z.array(z.unknown()).optional(),
    })
    .strict()
    .refine((p) => p.state === 'absent' || p.privatekey_path !== undefined || p.privatekey_content !== undefined, {
      message: 'state is present but any of the following are missing: privatekey_path, privatekey_content',
      path: ['privatekey_path'],
    })
    .refine((p) => UNSUPPORTED.every((k) => p[k] === undefined), { message: `not supported by kolla-run: ${UNSUPPORTED.join(', ')}`, path: ['privatekey_content'] }),
);
export type CsrParams = z.infer<typeof csrParams>;

/** The module's subject: the named fields in its order, then `subject`'s (or `subject_ordered` alone). */
export function subjectOf(p: CsrParams): [string, string][] {
  if (p.subject_ordered !== undefined) return p.subject_ordered.flatMap((entry) => Object.entries(entry).map(([k, v]): [string, string] => [k, String(v)]));
  const named: [string, string | undefined][] = [
    ['C', p.country_name],
    ['ST', p.state_or_province_name],
    ['L', p.locality_name],
    ['O', p.organization_name],
    ['OU', p.organizational_unit_name],
    ['CN', p.common_name],
    ['emailAddress', p.email_address],
  ];
  const out = named.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  for (const [k, v] of Object.entries(p.subject ?? {})) for (const one of Array.isArray(v) ? v : [v]) out.push([k, String(one)]);
  return out;
}

/** The subjectAltName the module puts in: given, or DNS:<CN> (use_common_name_for_san). */
export function sanOf(p: CsrParams): string[] | undefined {
  if (p.subject_alt_name !== undefined && p.subject_alt_name.length > 0) return p.subject_alt_name;
  const cn = subjectOf(p).find(([k]) => k === 'CN' || k === 'commonName');
  return p.use_common_name_for_san && cn ? [`DNS:${cn[1]}`] : undefined;
}

/** Ansible's key usage spellings (camelCase or OpenSSL's long names) in OpenSSL's config words. */
const KEY_USAGES: Readonly<Record<string, string>> = {
  digitalsignature: 'digitalSignature',
  nonrepudiation: 'nonRepudiation',
  contentcommitment: 'nonRepudiation',
  keyencipherment: 'keyEncipherment',
  dataencipherment: 'dataEncipherment',
  keyagreement: 'keyAgreement',
  keycertsign: 'keyCertSign',
  certificatesign: 'keyCertSign',
  crlsign: 'cRLSign',
  encipheronly: 'encipherOnly',
  decipheronly: 'decipherOnly',
};

export function keyUsageWord(usage: string): string {
  const word = KEY_USAGES[usage.replace(/[\s_-]/g, '').toLowerCase()];
  if (word === undefined) throw new Error(`Unknown keyUsage "${usage}"`);
  return word;
}

/** A value in OpenSSL's config syntax: $, # and backslashes escaped. */
const confValue = (v: string): string => v.replace(/[\\$#]/g, (c) => `\\${c}`);

/** The `openssl req` config that makes the request. */
export function requestConfig(p: CsrParams): string {
  const crit = (c: boolean) => (c ? 'critical,' : '');
  const ext: string[] = [];
  const san = sanOf(p);
  if (san) ext.push(`subjectAltName = ${crit(p.subject_alt_name_critical)}${san.map(confValue).join(',')}`);
  if (p.key_usage?.length) ext.push(`keyUsage = ${crit(p.key_usage_critical)}${p.key_usage.map(keyUsageWord).join(',')}`);
  if (p.extended_key_usage?.length) ext.push(`extendedKeyUsage = ${crit(p.extended_key_usage_critical)}${p.extended_key_usage.map(confValue).join(',')}`);
  if (p.basic_constraints?.length) ext.push(`basicConstraints = ${crit(p.basic_constraints_critical)}${p.basic_constraints.map(confValue).join(',')}`);
  if (p.ocsp_must_staple) ext.push(`tlsfeature = ${crit(p.ocsp_must_staple_critical)}status_request`);
  if (p.create_subject_key_identifier) ext.push('subjectKeyIdentifier = hash');
  const nc = [...(p.name_constraints_permitted ?? []).map((n) => `permitted;${confValue(n)}`), ...(p.name_constraints_excluded ?? []).map((n) => `excluded;${confValue(n)}`)];
  if (nc.length > 0) ext.push(`nameConstraints = ${crit(p.name_constraints_critical)}${nc.join(',')}`);
  const subject = subjectOf(p);
  // OpenSSL refuses an empty [dn] section: an empty subject is asked for with a name that is dropped (-subj /).
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    'utf8 = yes',
    'string_mask = utf8only',
    ...(ext.length > 0 ? ['req_extensions = ext'] : []),
    '[dn]',
    ...subject.map(([k, v], i) => `${i}.${k} = ${confValue(v)}`),
    // Unreferenced when empty (no req_extensions), which OpenSSL accepts.
    '[ext]',
    ...ext,
  ].join('\n');
}

/** The pipeline that prints a new request into "$t" (config written beside it first). */
function makeRequest(p: CsrParams, out = '"$t"'): string {
  const empty = subjectOf(p).length === 0 ? ' -subj /' : '';
  return `printf '%s\\n' ${quote(requestConfig(p))} > "$t.cnf" && openssl req -new -key ${quote(p.privatekey_path ?? '')}${passArg('-passin', 1, p.privatekey_passphrase)} -config "$t.cnf"${empty} -${p.digest} -out ${out}`;
}

/** Whether the request at path is valid and reads as one made now would (printed SAME), in one script. */
async function sameRequest(p: CsrParams, ctx: ModuleContext): Promise<{ exists: boolean; same: boolean } | { error: string }> {
  const path = quote(p.path);
  const script = [
    `if [ ! -e ${path} ]; then echo ABSENT; exit 0; fi`,
    "t=$(mktemp) || exit 1; trap 'rm -f \"$t\" \"$t.cnf\" \"$t.new\"' EXIT",
    `${makeRequest(p, '"$t.new"')} 2>"$t" || { cat "$t" >&2; exit 2; }`,
    `openssl req -in ${path} -noout -verify >/dev/null 2>&1 || exit 0`,
    `a=$(openssl req -in ${path} -noout -text -reqopt no_sigdump 2>/dev/null) && b=$(openssl req -in "$t.new" -noout -text -reqopt no_sigdump) && [ "$a" = "$b" ] && echo SAME`,
    'exit 0',
  ].join('\n');
  const r = await runOpenssl(ctx, script, [p.privatekey_passphrase]);
  if (r.rc !== 0) return { error: opensslError(r) };
  return { exists: !r.stdout.includes('ABSENT'), same: r.stdout.includes('SAME') };
}

function fields(p: CsrParams): ResultFields {
  return {
    filename: p.path,
    privatekey: p.privatekey_path ?? null,
    subject: subjectOf(p),
    subjectAltName: sanOf(p) ?? null,
    keyUsage: p.key_usage ?? null,
    extendedKeyUsage: p.extended_key_usage ?? null,
    basicConstraints: p.basic_constraints ?? null,
    ocspMustStaple: p.ocsp_must_staple,
    name_constraints_permitted: p.name_constraints_permitted ?? [],
    name_constraints_excluded: p.name_constraints_excluded ?? [],
  };
}

async function withContent(p: CsrParams, ctx: ModuleContext, result: ResultFields): Promise<ResultFields> {
  if (!p.return_content) return result;
  return { ...result, csr: (await ctx.get(p.path))?.toString('utf8') ?? null };
}

type Plan = 'make' | 'remove' | { attributes: string };

const attrs = (p: CsrParams) => ({ mode: p.mode, owner: p.owner, group: p.group });

export const openSslCsrModule = defineModule<CsrParams, Plan>({
  name: 'openssl_csr',
  schema: csrParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    if (p.state === 'absent') {
      const there = (await ctx.run(`test -e ${quote(p.path)}`)).rc === 0;
      if (!there) return { changed: false, reason: `${p.path} is absent`, result: { filename: p.path } };
      return { changed: true, reason: `${p.path} would be removed`, plan: 'remove', result: { filename: p.path } };
    }
    if (!MESSAGE_DIGESTS.has(p.digest)) {
      const msg = `Unsupported digest "${p.digest}"`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    try {
      requestConfig(p);
    } catch (err) {
      return { changed: false, reason: 'bad key usage', result: { failed: true, msg: (err as Error).message } };
    }
    const state = await sameRequest(p, ctx);
    if ('error' in state) return { changed: false, reason: state.error, result: { failed: true, msg: state.error } };
    if (p.force || !state.same) {
      return { changed: true, reason: `${p.path}: ${state.exists ? 'differs' : 'does not exist'}`, plan: 'make', result: fields(p), before: { csr: state.exists ? 'present' : 'absent' }, after: { csr: 'made', subject: subjectOf(p), subjectAltName: sanOf(p) ?? null } };
    }
    const fix = await attributeFix(ctx, p.path, attrs(p));
    if (fix === undefined) return { changed: false, reason: `${p.path} matches`, result: await withContent(p, ctx, fields(p)) };
    return { changed: true, reason: `${p.path}: owner, group or mode differ`, plan: { attributes: fix.toShell() }, result: fields(p) };
  },
  async apply(p, plan, ctx) {
    if (plan === 'remove') return removeFile(ctx, p.path);
    if (plan !== 'make') return (await fixAttributes(ctx, plan.attributes)) ?? withContent(p, ctx, { changed: true, ...fields(p) });
    const produce = `${makeRequest(p)}; rc=$?; rm -f "$t.cnf"; [ $rc = 0 ]`;
    const r = await runOpenssl(ctx, writeScript(p.path, produce, attrs(p), p.backup, '022'), [p.privatekey_passphrase]);
    if (r.rc !== 0) return { failed: true, changed: false, msg: `Error while generating the request: ${opensslError(r)}` };
    return withContent(p, ctx, { changed: true, ...backupField(r.stdout), ...fields(p) });
  },
});
