/**
 * openstack.cloud.identity_domain: a domain found by name or id, created,
 * updated (description, enabled) or deleted (disabled first, as Keystone
 * requires). Registers `domain` when present.
 */
import { z } from 'zod';
import { withAliases } from '../../support/aliases.js';
import { bool } from '../../support/params.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll } from './cli.js';
import { asObject, defineOpenStackModule, differing, enableFlag, lookup, option, sdkShape, type Json } from './module.js';

export const identityDomainParams = withAliases(
  { ...OPENSTACK_ALIASES, enabled: 'is_enabled' },
  z
    .object({
      ...openstackFields,
      name: z.string(),
      description: z.string().optional(),
      is_enabled: bool().optional(),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type IdentityDomainParams = z.infer<typeof identityDomainParams>;

const FIELDS = ['description', 'id', 'is_enabled', 'name', 'options', 'tags'];

type Plan = { action: 'create' } | { action: 'update' | 'delete'; domain: Json };

export const identityDomain = defineOpenStackModule<IdentityDomainParams, Plan>({
  name: 'identity_domain',
  schema: identityDomainParams,
  async query(p, cli) {
    const { found } = await lookup(cli, [['domain', 'show', '-f', 'json', p.name]]);
    if (p.state === 'absent') return found ? { changed: true, reason: `delete domain ${p.name}`, plan: { action: 'delete', domain: found } } : { changed: false, reason: 'no such domain' };
    if (!found) return { changed: true, reason: `create domain ${p.name}`, plan: { action: 'create' } };
    const keys = differing(found, { description: p.description, enabled: p.is_enabled });
    if (keys.length === 0) return { changed: false, reason: 'the domain is as wanted', result: { domain: sdkShape(found, FIELDS) } };
    return { changed: true, reason: `update ${keys.join(', ')} of domain ${p.name}`, plan: { action: 'update', domain: found } };
  },
  async apply(p, plan, cli) {
    if (plan.action === 'create') {
      const [created] = await runAll(cli, [['domain', 'create', ...option('--description', p.description), ...enableFlag(p.is_enabled), '-f', 'json', p.name]]);
      return { changed: true, domain: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.domain.id);
    if (plan.action === 'delete') {
      await runAll(cli, [['domain', 'set', '--disable', id], ['domain', 'delete', id]]);
      return { changed: true };
    }
    const [, shown] = await runAll(cli, [['domain', 'set', ...option('--description', p.description), ...enableFlag(p.is_enabled), id], ['domain', 'show', '-f', 'json', id]]);
    return { changed: true, domain: sdkShape(asObject(shown), FIELDS) };
  },
});
