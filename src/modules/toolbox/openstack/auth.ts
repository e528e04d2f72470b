/**
 * The options every openstack.cloud module takes (its
 * openstack_full_argument_spec), as zod fields, and the `openstack`
 * client's environment they give: the auth dict as OS_* variables (so no
 * credential is on a command line), the region, the interface and the TLS
 * files. `cloud` names a clouds.yaml entry in the container (OS_CLOUD).
 */
import { z } from 'zod';
import { bool, int } from '../../support/params.js';
import type { CliAuth } from './cli.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const openstackFields = {
  cloud: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  auth_type: z.string().optional(),
  auth: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'auth keys are names like auth_url'), scalar.nullable()).optional(),
  region_name: z.string().optional(),
  validate_certs: bool().optional(),
  ca_cert: z.string().optional(),
  client_cert: z.string().optional(),
  client_key: z.string().optional(),
  // Accepted as openstack.cloud takes them (ints without a range), and used by
  // none: each client command returns when Keystone has answered.
  wait: bool().optional(),
  timeout: int().optional(),
  api_timeout: int().optional(),
  interface: z.enum(['public', 'internal', 'admin']).default('public'),
  sdk_log_path: z.string().optional(),
  sdk_log_level: z.enum(['INFO', 'DEBUG']).default('INFO'),
};

/** openstack.cloud's aliases for the common options. */
export const OPENSTACK_ALIASES: Readonly<Record<string, string>> = { verify: 'validate_certs', cacert: 'ca_cert', cert: 'client_cert', key: 'client_key', endpoint_type: 'interface' };

const openstackSchema = z.object(openstackFields);
export type OpenStackCommon = z.infer<typeof openstackSchema>;

/** Auth keys whose values are credentials. */
const SECRET_KEY = /password|secret|token|passcode|key/i;

/** The values no result or message may show: every credential in auth, and the client key's path is no secret. */
export function authSecrets(p: OpenStackCommon): string[] {
  return Object.entries(p.auth ?? {}).filter(([k, v]) => SECRET_KEY.test(k) && v !== null && String(v) !== '').map(([, v]) => String(v));
}

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

/** The client's environment and global options for these parameters. */
export function cliAuth(p: OpenStackCommon): CliAuth {
  if (p.cloud !== undefined && typeof p.cloud !== 'string') throw new Error('cloud given as a dict is not supported by kolla-run: name a clouds.yaml entry or give auth');
  const env: Record<string, string> = {};
  if (set(p.cloud)) env.OS_CLOUD = p.cloud;
  if (set(p.auth_type)) env.OS_AUTH_TYPE = p.auth_type;
  for (const [k, v] of Object.entries(p.auth ?? {})) if (v !== null && String(v) !== '') env[`OS_${k.toUpperCase()}`] = String(v);
  if (set(p.region_name)) env.OS_REGION_NAME = p.region_name;
  env.OS_INTERFACE = p.interface;
  if (set(p.ca_cert)) env.OS_CACERT = p.ca_cert;
  if (set(p.client_cert)) env.OS_CERT = p.client_cert;
  if (set(p.client_key)) env.OS_KEY = p.client_key;
  const globalArgs = p.validate_certs === false ? ['--insecure'] : [];
  return { env, globalArgs };
}

