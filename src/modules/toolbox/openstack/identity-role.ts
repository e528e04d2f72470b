/**
 * openstack.cloud.identity_role: a role found by name or id (in domain_id
 * when given), created, its description updated, or deleted. Registers
 * `role` when present.
 */
import { z } from 'zod';
import { withAliases } from '../../support/aliases.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll } from './cli.js';
import { asObject, defineOpenStackModule, differing, lookup, option, sdkShape, type Json } from './module.js';

export const identityRoleParams = withAliases(
  OPENSTACK_ALIASES,
  z
    .object({
      ...openstackFields,
      name: z.string(),
      description: z.string().optional(),
      domain_id: z.string().optional(),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type IdentityRoleParams = z.infer<typeof identityRoleParams>;

const FIELDS = ['description', 'domain_id', 'id', 'name', 'options'];

type Plan = { action: 'create' } | { action: 'update' | 'delete'; role: Json };

export const identityRole = defineOpenStackModule<IdentityRoleParams, Plan>({
  name: 'identity_role',
  schema: identityRoleParams,
  async query(p, cli) {
    const { found } = await lookup(cli, [['role', 'show', ...option('--domain', p.domain_id), '-f', 'json', p.name]]);
    if (p.state === 'absent') return found ? { changed: true, reason: `delete role ${p.name}`, plan: { action: 'delete', role: found } } : { changed: false, reason: 'no such role' };
    if (!found) return { changed: true, reason: `create role ${p.name}`, plan: { action: 'create' } };
    if (differing(found, { description: p.description }).length === 0) return { changed: false, reason: 'the role is as wanted', result: { role: sdkShape(found, FIELDS) } };
    return { changed: true, reason: `update the description of role ${p.name}`, plan: { action: 'update', role: found } };
  },
  async apply(p, plan, cli) {
    if (plan.action === 'create') {
      const [created] = await runAll(cli, [['role', 'create', ...option('--domain', p.domain_id), ...option('--description', p.description), '-f', 'json', p.name]]);
      return { changed: true, role: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.role.id);
    if (plan.action === 'delete') {
      await runAll(cli, [['role', 'delete', id]]);
      return { changed: true };
    }
    await runAll(cli, [['role', 'set', ...option('--description', p.description), id]]);
    return { changed: true, role: sdkShape({ ...plan.role, description: p.description }, FIELDS) };
  },
});
