/**
 * community.docker's modules talk to the host's engine the way
 * kolla_container does: its API over the unix socket, reached through the
 * task's SSH connection. Their connection options are accepted as
 * Ansible's; only a unix socket (the default) can be reached this way.
 */
import { z } from 'zod';
import { engineMessage, engineRequest } from '../../containers/http.js';
import type { ModuleContext } from '../contract.js';
import { withAliases } from './aliases.js';
import { bool, int } from './params.js';

/** The options every community.docker module shares (docker_host, tls...), with their aliases. */
export const dockerConnectionFields = {
  docker_host: z.string().default('unix:///var/run/docker.sock'),
  api_version: z.string().optional(),
  timeout: int(1).default(60),
  tls: bool().optional(),
  validate_certs: bool().optional(),
  ca_cert: z.string().optional(),
  client_cert: z.string().optional(),
  client_key: z.string().optional(),
  ssl_version: z.string().optional(),
  tls_hostname: z.string().optional(),
  use_ssh_client: bool().optional(),
  debug: bool().optional(),
};

export const DOCKER_ALIASES: Readonly<Record<string, string>> = {
  docker_url: 'docker_host',
  docker_api_version: 'api_version',
  tls_verify: 'validate_certs',
  tls_ca_cert: 'ca_cert',
  cacert_path: 'ca_cert',
  tls_client_cert: 'client_cert',
  cert_path: 'client_cert',
  tls_client_key: 'client_key',
  key_path: 'client_key',
};

export function dockerParams<T extends z.ZodRawShape>(fields: T) {
  return withAliases(DOCKER_ALIASES, z.object({ ...dockerConnectionFields, ...fields }).strict());
}

export class DockerApiError extends Error {}

/** A request to the host's engine; the JSON answer, undefined for a 404 when `missingOk`. */
export async function dockerJson<T>(
  ctx: ModuleContext,
  p: { docker_host: string; timeout: number },
  method: 'GET' | 'POST',
  path: string,
  missingOk = false,
): Promise<T | undefined> {
  if (!p.docker_host.startsWith('unix://')) throw new DockerApiError(`docker_host ${p.docker_host}: kolla-run reaches the engine through its unix socket only (unix://PATH)`);
  const socket = p.docker_host.slice('unix://'.length);
  const res = await engineRequest(() => ctx.openUnixSocket(socket), method, path, { timeoutMs: p.timeout * 1000 });
  if (res.status === 404 && missingOk) return undefined;
  if (res.status >= 400) throw new DockerApiError(`An unexpected Docker error occurred: ${res.status} ${engineMessage(res.body)}`);
  return JSON.parse(res.body.toString('utf8')) as T;
}
