/**
 * openstack.cloud.endpoint: the one endpoint of a service for an interface
 * (and region), created, updated (url, enabled) or deleted. Registers
 * `endpoint` (id, interface, is_enabled, region_id, service_id, url).
 */
import { z } from 'zod';
import { withAliases } from '../../support/aliases.js';
import { bool } from '../../support/params.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { cliError, isNotFound, runAll, type OpenStackCli } from './cli.js';
import type { Query } from '../../contract.js';
import { asObject, asRows, defineOpenStackModule, enableFlag, failure, option, sdkShape, type Json } from './module.js';

export const endpointParams = withAliases(
  OPENSTACK_ALIASES,
  z
    .object({
      ...openstackFields,
      service: z.string(),
      endpoint_interface: z.enum(['admin', 'public', 'internal']),
      url: z.string(),
      region: z.string().optional(),
      enabled: bool().default(true),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type EndpointParams = z.infer<typeof endpointParams>;

const FIELDS = ['id', 'interface', 'is_enabled', 'region_id', 'service_id', 'url'];

type Plan = { action: 'create'; serviceId: string } | { action: 'update' | 'delete'; endpoint: Json };

/** A row of `endpoint list` in the client's show names. */
const fromRow = (r: Json, serviceId: string): Json => ({ id: r.ID, interface: r.Interface, enabled: r.Enabled, region_id: r.Region ?? null, service_id: serviceId, url: r.URL });

async function decide(p: EndpointParams, cli: OpenStackCli): Promise<Query<Plan>> {
  const lookup = await cli.run([
    ['service', 'show', '-f', 'json', p.service],
    ['endpoint', 'list', '--service', p.service, '--interface', p.endpoint_interface, ...option('--region', p.region), '-f', 'json'],
  ]);
  const [service, list] = lookup;
  if (service && isNotFound(service)) {
    return p.state === 'absent' ? { changed: false, reason: 'no such service' } : { changed: false, reason: 'no service', result: { failed: true, msg: `Service ${p.service} does not exist` } };
  }
  const failed = lookup.find((r) => r.rc !== 0);
  if (failed || !service || !list) return { changed: false, reason: 'failed', result: failure(failed ? cliError(failed) : 'the openstack client stopped early') };
  const serviceId = String(asObject(JSON.parse(service.stdout)).id);
  const found = asRows(JSON.parse(list.stdout)).map((r) => fromRow(r, serviceId));
  if (found.length > 1) return { changed: false, reason: 'several', result: { failed: true, msg: `Service ${p.service}, interface ${p.endpoint_interface} and region ${p.region ?? 'None'} are not unique` } };
  const current = found[0];
  if (p.state === 'absent') return current ? { changed: true, reason: `delete the ${p.endpoint_interface} endpoint of ${p.service}`, plan: { action: 'delete', endpoint: current } } : { changed: false, reason: 'no such endpoint' };
  if (!current) return { changed: true, reason: `create the ${p.endpoint_interface} endpoint of ${p.service}: ${p.url}`, plan: { action: 'create', serviceId } };
  if (current.url === p.url && current.enabled === p.enabled) return { changed: false, reason: 'the endpoint is as wanted', result: { endpoint: sdkShape(current, FIELDS) } };
  return { changed: true, reason: `update the ${p.endpoint_interface} endpoint of ${p.service}: ${p.url}`, plan: { action: 'update', endpoint: current } };
}

export const endpoint = defineOpenStackModule<EndpointParams, Plan>({
  name: 'endpoint',
  schema: endpointParams,
  query: decide,
  async apply(p, plan, cli) {
    if (plan.action === 'create') {
      const [created] = await runAll(cli, [['endpoint', 'create', ...option('--region', p.region), ...enableFlag(p.enabled), '-f', 'json', plan.serviceId, p.endpoint_interface, p.url]]);
      return { changed: true, endpoint: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.endpoint.id);
    if (plan.action === 'delete') {
      await runAll(cli, [['endpoint', 'delete', id]]);
      return { changed: true };
    }
    await runAll(cli, [['endpoint', 'set', '--url', p.url, ...enableFlag(p.enabled), id]]);
    return { changed: true, endpoint: sdkShape({ ...plan.endpoint, url: p.url, enabled: p.enabled }, FIELDS) };
  },
});
