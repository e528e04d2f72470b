/**
 * openstack.cloud.catalog_service: a Keystone service found by name and
 * type, created, updated (description, enabled) or deleted. Registers
 * `service` (description, id, is_enabled, name, type) when present.
 */
import { z } from 'zod';
import { withAliases } from '../../support/aliases.js';
import { bool } from '../../support/params.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll } from './cli.js';
import { asObject, asRows, defineOpenStackModule, differing, enableFlag, option, sdkShape, type Json } from './module.js';

export const catalogServiceParams = withAliases(
  { ...OPENSTACK_ALIASES, service_type: 'type', enabled: 'is_enabled' },
  z
    .object({
      ...openstackFields,
      name: z.string(),
      type: z.string(),
      description: z.string().optional(),
      is_enabled: bool().optional(),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type CatalogServiceParams = z.infer<typeof catalogServiceParams>;

const FIELDS = ['description', 'id', 'is_enabled', 'name', 'type'];

type Plan = { action: 'create' } | { action: 'update'; service: Json; keys: string[] } | { action: 'delete'; service: Json };

/** A row of `service list --long` in the client's show names. */
const fromRow = (r: Json): Json => ({ id: r.ID, name: r.Name, type: r.Type, description: r.Description ?? null, enabled: r.Enabled });

export const catalogService = defineOpenStackModule<CatalogServiceParams, Plan>({
  name: 'catalog_service',
  schema: catalogServiceParams,
  async query(p, cli) {
    const [list] = await runAll(cli, [['service', 'list', '--long', '-f', 'json']]);
    const matches = asRows(list).map(fromRow).filter((s) => s.name === p.name && s.type === p.type);
    if (matches.length > 1) return { changed: false, reason: 'several', result: { failed: true, msg: 'Found more a single service matching the given parameters.' } };
    const found = matches[0];
    if (p.state === 'absent') return found ? { changed: true, reason: `delete service ${p.name}`, plan: { action: 'delete', service: found } } : { changed: false, reason: 'no such service' };
    if (!found) return { changed: true, reason: `create service ${p.name} (${p.type})`, plan: { action: 'create' } };
    const keys = differing(found, { description: p.description, enabled: p.is_enabled });
    if (keys.length === 0) return { changed: false, reason: 'the service is as wanted', result: { service: sdkShape(found, FIELDS) } };
    return { changed: true, reason: `update ${keys.join(', ')} of service ${p.name}`, plan: { action: 'update', service: found, keys } };
  },
  async apply(p, plan, cli) {
    if (plan.action === 'delete') {
      await runAll(cli, [['service', 'delete', String(plan.service.id)]]);
      return { changed: true };
    }
    if (plan.action === 'create') {
      const [created] = await runAll(cli, [['service', 'create', '--name', p.name, ...option('--description', p.description), ...enableFlag(p.is_enabled), '-f', 'json', p.type]]);
      return { changed: true, service: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.service.id);
    await runAll(cli, [['service', 'set', ...option('--description', p.description), ...enableFlag(p.is_enabled), id]]);
    return { changed: true, service: sdkShape({ ...plan.service, ...(p.description !== undefined ? { description: p.description } : {}), ...(p.is_enabled !== undefined ? { enabled: p.is_enabled } : {}) }, FIELDS) };
  },
});
