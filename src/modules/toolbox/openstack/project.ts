/**
 * openstack.cloud.project: a project found by name or id (in `domain` when
 * given), created, updated (description, enabled, extra properties) or
 * deleted. Registers `project` when present.
 */
import { z } from 'zod';
import type { Query } from '../../contract.js';
import { withAliases } from '../../support/aliases.js';
import { bool } from '../../support/params.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll, type OpenStackCli } from './cli.js';
import { asObject, defineOpenStackModule, differing, enableFlag, lookup, option, sdkShape, type Json } from './module.js';

export const projectParams = withAliases(
  { ...OPENSTACK_ALIASES, domain_id: 'domain', properties: 'extra_specs', enabled: 'is_enabled' },
  z
    .object({
      ...openstackFields,
      name: z.string(),
      description: z.string().optional(),
      domain: z.string().optional(),
      extra_specs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      is_enabled: bool().optional(),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type ProjectParams = z.infer<typeof projectParams>;

const FIELDS = ['description', 'domain_id', 'id', 'is_domain', 'is_enabled', 'name', 'options', 'parent_id', 'tags'];

interface Update {
  description?: string;
  enabled?: boolean;
  properties: Record<string, string>;
}
type Plan = { action: 'create' } | { action: 'update'; project: Json; update: Update } | { action: 'delete'; project: Json };

/** What differs from the wanted project (openstack.cloud's _build_update). */
export function projectUpdate(p: ProjectParams, current: Json): Update | undefined {
  const keys = differing(current, { description: p.description, enabled: p.is_enabled });
  const properties = Object.fromEntries(Object.entries(p.extra_specs ?? {}).filter(([k, v]) => current[k] === undefined || String(current[k]) !== String(v)).map(([k, v]) => [k, String(v)]));
  if (keys.length === 0 && Object.keys(properties).length === 0) return undefined;
  return { ...(keys.includes('description') ? { description: p.description } : {}), ...(keys.includes('enabled') ? { enabled: p.is_enabled } : {}), properties };
}

const propertyArgs = (properties: Readonly<Record<string, string>>) => Object.entries(properties).flatMap(([k, v]) => ['--property', `${k}=${v}`]);

async function decide(p: ProjectParams, cli: OpenStackCli): Promise<Query<Plan>> {
  const commands = [...(p.domain !== undefined ? [['domain', 'show', '-f', 'json', p.domain]] : []), ['project', 'show', ...option('--domain', p.domain), '-f', 'json', p.name]];
  const { found } = await lookup(cli, commands);
  if (p.state === 'absent') return found ? { changed: true, reason: `delete project ${p.name}`, plan: { action: 'delete', project: found } } : { changed: false, reason: 'no such project' };
  if (!found) return { changed: true, reason: `create project ${p.name}`, plan: { action: 'create' } };
  const update = projectUpdate(p, found);
  if (!update) return { changed: false, reason: 'the project is as wanted', result: { project: sdkShape(found, FIELDS) } };
  return { changed: true, reason: `update project ${p.name}`, plan: { action: 'update', project: found, update } };
}

export const project = defineOpenStackModule<ProjectParams, Plan>({
  name: 'project',
  schema: projectParams,
  query: decide,
  async apply(p, plan, cli) {
    if (plan.action === 'create') {
      const props = Object.fromEntries(Object.entries(p.extra_specs ?? {}).map(([k, v]) => [k, String(v)]));
      const [created] = await runAll(cli, [['project', 'create', ...option('--domain', p.domain), ...option('--description', p.description), ...enableFlag(p.is_enabled), ...propertyArgs(props), '-f', 'json', p.name]]);
      return { changed: true, project: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.project.id);
    if (plan.action === 'delete') {
      await runAll(cli, [['project', 'delete', id]]);
      return { changed: true };
    }
    const u = plan.update;
    const [, shown] = await runAll(cli, [['project', 'set', ...option('--description', u.description), ...enableFlag(u.enabled), ...propertyArgs(u.properties), id], ['project', 'show', '-f', 'json', id]]);
    return { changed: true, project: sdkShape(asObject(shown), FIELDS) };
  },
});
