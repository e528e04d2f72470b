/**
 * openssl_privatekey (community.crypto): a private key generated on the
 * host with its openssl, kept when the existing one has the type and size
 * (or curve) asked for, opens with the passphrase given (and is encrypted
 * only then), and has the format asked for; else regenerated, as the
 * module's regenerate=full_idempotence decides. Mode 0600 unless told
 * otherwise. The passphrase reaches openssl on stdin, never on a command
 * line; the key itself is only read back when return_content asks for it.
 */
import { z } from 'zod';
import { quote } from '../connection/command.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { withAliases } from './support/aliases.js';
import { attrFields } from './support/file-attrs.js';
import { bool, int } from './support/params.js';
import { attributeFix, backupField, fingerprints, fixAttributes, keyKind, opensslError, readKey, removeFile, runOpenssl, toOpensslCurve, writeScript, type KeyState } from './support/openssl.js';

const TYPES = ['DSA', 'ECC', 'Ed25519', 'Ed448', 'RSA', 'X25519', 'X448'] as const;

export const privateKeyParams = withAliases(
  { attr: 'attributes' },
  z
    .object({
      ...attrFields,
      path: z.string().min(1),
      state: z.enum(['present', 'absent']).default('present'),
      type: z.enum(TYPES).default('RSA'),
      size: int(1).default(4096),
      curve: z.string().optional(),
      passphrase: z.string().optional(),
      cipher: z.string().optional(),
      format: z.enum(['pkcs1', 'pkcs8', 'raw', 'auto', 'auto_ignore']).default('auto_ignore'),
      format_mismatch: z.enum(['regenerate', 'convert']).default('regenerate'),
      regenerate: z.enum(['never', 'fail', 'partial_idempotence', 'full_idempotence', 'always']).default('full_idempotence'),
      force: bool().default(false),
      backup: bool().default(false),
      return_content: bool().default(false),
      select_crypto_backend: z.enum(['auto', 'cryptography']).default('auto'),
    })
    .strict()
    .refine((p) => (p.passphrase === undefined) === (p.cipher === undefined), { message: 'parameters are required together: cipher, passphrase', path: ['cipher'] })
    .refine((p) => p.cipher === undefined || p.cipher === 'auto', { message: 'cipher must be "auto" (the only value the cryptography backend takes)', path: ['cipher'] })
    .refine((p) => p.type !== 'ECC' || p.curve !== undefined, { message: 'type is ECC but all of the following are missing: curve', path: ['curve'] })
    .refine((p) => p.format !== 'raw', { message: 'format raw is not supported by kolla-run', path: ['format'] }),
);
export type PrivateKeyParams = z.infer<typeof privateKeyParams>;

/** The module's _get_wanted_format. */
function wantedFormat(p: PrivateKeyParams): 'pkcs1' | 'pkcs8' {
  if (p.format === 'pkcs1' || p.format === 'pkcs8') return p.format;
  return ['X25519', 'X448', 'Ed25519', 'Ed448'].includes(p.type) ? 'pkcs8' : 'pkcs1';
}

/** Why the existing key must be made again, or undefined when it is kept; `fail` for the regenerate modes that refuse. */
export function regenerateReason(p: PrivateKeyParams, key: KeyState): { why?: string; fail?: string } {
  if (p.force || p.regenerate === 'always') return { why: 'regeneration forced' };
  if (!key.exists) return { why: 'no key' };
  const opens = key.publicDer !== undefined && key.encrypted === (p.passphrase !== undefined);
  if (!opens) {
    if (p.regenerate === 'full_idempotence') return { why: 'the passphrase does not open the key' };
    if (p.regenerate !== 'never') return { fail: 'Unable to read the key. The key is protected with a another passphrase / no passphrase or broken. Will not proceed. To force regeneration, call the module with `generate` set to `full_idempotence` or `always`, or with `force=true`.' };
    return {};
  }
  if (p.regenerate === 'never') return {};
  const kind = keyKind(key.publicDer as Buffer);
  const matches = kind.type === p.type && (p.type === 'RSA' || p.type === 'DSA' ? kind.size === p.size : p.type === 'ECC' ? kind.curve === p.curve : true);
  if (!matches) {
    if (p.regenerate === 'fail') return { fail: 'Key has wrong type and/or size. Will not proceed. To force regeneration, call the module with `generate` set to `partial_idempotence`, `full_idempotence` or `always`, or with `force=true`.' };
    return { why: `the key is ${kind.type} ${kind.size ?? kind.curve ?? ''}`.trim() };
  }
  if (p.format_mismatch === 'regenerate' && p.format !== 'auto_ignore' && key.format !== wantedFormat(p)) {
    if (p.regenerate === 'fail') return { fail: 'Key has wrong format. Will not proceed. To force regeneration, call the module with `generate` set to `partial_idempotence`, `full_idempotence` or `always`, or with `force=true`. To convert the key, set `format_mismatch` to `convert`.' };
    return { why: `the key is in ${key.format ?? 'another'} format` };
  }
  return {};
}

/** The openssl pipeline that prints the new key into "$t". */
function generate(p: PrivateKeyParams): string {
  const gen = (() => {
    switch (p.type) {
      case 'RSA':
        return `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${p.size}`;
      case 'DSA':
        return `openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:${p.size} -out "$t.param" 2>/dev/null && openssl genpkey -paramfile "$t.param"`;
      case 'ECC':
        return `openssl genpkey -algorithm EC -pkeyopt ${quote(`ec_paramgen_curve:${toOpensslCurve(p.curve ?? '')}`)} -pkeyopt ec_param_enc:named_curve`;
      default:
        return `openssl genpkey -algorithm ${p.type.toUpperCase()}`;
    }
  })();
  const format = wantedFormat(p) === 'pkcs1' ? ' -traditional' : '';
  const encrypt = p.passphrase !== undefined ? ' -aes256 -passout env:KR_PASS1' : '';
  return `${gen} | openssl pkey${format}${encrypt} -out "$t"`;
}

/** The module's result: what the key is (from its public half) and, when asked, its text. */
async function describe(p: PrivateKeyParams, ctx: ModuleContext, key: KeyState | undefined): Promise<ResultFields> {
  const fields: ResultFields = { filename: p.path, size: p.size, type: p.type, ...(p.type === 'ECC' ? { curve: p.curve } : {}) };
  fields.fingerprint = key?.publicDer ? fingerprints(key.publicDer) : null;
  if (p.return_content) fields.privatekey = key?.exists ? ((await ctx.get(p.path))?.toString('utf8') ?? null) : null;
  return fields;
}

/** A new key, the key removed, or only its owner, group or mode fixed. */
type Plan = 'generate' | 'remove' | { attributes: string };

const attrs = (p: PrivateKeyParams) => ({ mode: p.mode ?? '0600', owner: p.owner, group: p.group });

export const openSslPrivateKeyModule = defineModule<PrivateKeyParams, Plan>({
  name: 'openssl_privatekey',
  schema: privateKeyParams,
  check: 'full',
  async query(p, ctx): Promise<Query<Plan>> {
    const key = await readKey(ctx, p.path, p.passphrase);
    if (p.state === 'absent') {
      if (!key.exists) return { changed: false, reason: `${p.path} is absent`, result: { filename: p.path } };
      return { changed: true, reason: `${p.path} would be removed`, plan: 'remove', result: { filename: p.path }, before: { state: 'present' }, after: { state: 'absent' } };
    }
    const decision = regenerateReason(p, key);
    if (decision.fail !== undefined) return { changed: false, reason: decision.fail, result: { failed: true, msg: decision.fail } };
    if (decision.why !== undefined) {
      // Check mode: the key Ansible describes is the one there (a new one does not exist yet).
      return { changed: true, reason: `${p.path}: ${decision.why}`, plan: 'generate', result: await describe(p, ctx, key), before: { key: key.exists ? 'present' : 'absent' }, after: { key: 'generated', type: p.type } };
    }
    const fix = await attributeFix(ctx, p.path, attrs(p));
    if (fix === undefined) return { changed: false, reason: `${p.path} matches`, result: await describe(p, ctx, key) };
    return { changed: true, reason: `${p.path}: owner, group or mode differ`, plan: { attributes: fix.toShell() }, result: await describe(p, ctx, key) };
  },
  async apply(p, plan, ctx) {
    if (plan === 'remove') return removeFile(ctx, p.path);
    let extra: ResultFields = {};
    if (plan === 'generate') {
      const r = await runOpenssl(ctx, writeScript(p.path, generate(p), attrs(p), p.backup), [p.passphrase]);
      if (r.rc !== 0) return { failed: true, changed: false, msg: `Error while generating private key: ${opensslError(r)}` };
      extra = backupField(r.stdout);
    } else {
      const failure = await fixAttributes(ctx, plan.attributes);
      if (failure !== undefined) return failure;
    }
    return { changed: true, ...extra, ...(await describe(p, ctx, await readKey(ctx, p.path, p.passphrase))) };
  },
});
