/**
 * openstack.cloud.identity_user: a user found by name or id (in `domain`
 * when given), created, updated (description, email, enabled, default
 * project; the password only with update_password: always, which always
 * counts as a change since Keystone never shows it) or deleted. Registers
 * `user` when present, never its password. The password reaches the client
 * inside its stdin (cli.ts), never a command line.
 */
import { z } from 'zod';
import type { Query } from '../../contract.js';
import { withAliases } from '../../support/aliases.js';
import { bool } from '../../support/params.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll, type OpenStackCli } from './cli.js';
import { asObject, defineOpenStackModule, differing, enableFlag, lookup, option, sdkShape, type Json } from './module.js';

export const identityUserParams = withAliases(
  { ...OPENSTACK_ALIASES, enabled: 'is_enabled' },
  z
    .object({
      ...openstackFields,
      name: z.string(),
      password: z.string().optional(),
      update_password: z.enum(['always', 'on_create']).default('on_create'),
      email: z.string().optional(),
      description: z.string().optional(),
      default_project: z.string().optional(),
      domain: z.string().optional(),
      is_enabled: bool().default(true),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict(),
);
export type IdentityUserParams = z.infer<typeof identityUserParams>;

const FIELDS = ['default_project_id', 'description', 'domain_id', 'email', 'id', 'is_enabled', 'name', 'password_expires_at'];

type Plan = { action: 'create'; projectId?: string } | { action: 'update'; user: Json; keys: string[]; projectId?: string } | { action: 'delete'; user: Json };

/** The user's attributes that differ from the wanted ones; `password` with update_password always. */
export function userChanges(p: IdentityUserParams, current: Json, projectId: string | undefined): string[] {
  const keys = differing(current, { description: p.description, email: p.email, enabled: p.is_enabled, default_project_id: projectId });
  return p.update_password === 'always' ? [...keys, 'password'] : keys;
}

async function decide(p: IdentityUserParams, cli: OpenStackCli): Promise<Query<Plan>> {
  const lookups = [
    ...(p.domain !== undefined ? [['domain', 'show', '-f', 'json', p.domain]] : []),
    ...(p.default_project !== undefined ? [['project', 'show', ...option('--domain', p.domain), '-f', 'json', p.default_project]] : []),
    ['user', 'show', ...option('--domain', p.domain), '-f', 'json', p.name],
  ];
  const { before, found } = await lookup(cli, lookups);
  const projectId = p.default_project !== undefined ? String(before[before.length - 1]?.id) : undefined;
  if (p.state === 'absent') return found ? { changed: true, reason: `delete user ${p.name}`, plan: { action: 'delete', user: found } } : { changed: false, reason: 'no such user' };
  if (!found) return { changed: true, reason: `create user ${p.name}`, plan: { action: 'create', ...(projectId ? { projectId } : {}) } };
  if (p.update_password === 'always' && p.password === undefined) return { changed: false, reason: 'no password', result: { failed: true, msg: "update_password is 'always' but password is missing" } };
  const keys = userChanges(p, found, projectId);
  if (keys.length === 0) return { changed: false, reason: 'the user is as wanted', result: { user: sdkShape(found, FIELDS) } };
  return { changed: true, reason: `update ${keys.join(', ')} of user ${p.name}`, plan: { action: 'update', user: found, keys, ...(projectId ? { projectId } : {}) } };
}

export const identityUser = defineOpenStackModule<IdentityUserParams, Plan>({
  name: 'identity_user',
  schema: identityUserParams,
  secrets: (p) => [p.password],
  query: decide,
  async apply(p, plan, cli) {
    if (plan.action === 'delete') {
      await runAll(cli, [['user', 'delete', String(plan.user.id)]]);
      return { changed: true };
    }
    const details = [...option('--email', p.email), ...option('--description', p.description), ...option('--project', plan.projectId), ...enableFlag(p.is_enabled)];
    if (plan.action === 'create') {
      const [created] = await runAll(cli, [['user', 'create', ...option('--domain', p.domain), ...option('--password', p.password), ...details, '-f', 'json', p.name]]);
      return { changed: true, user: sdkShape(asObject(created), FIELDS) };
    }
    const id = String(plan.user.id);
    const password = plan.keys.includes('password') ? option('--password', p.password) : [];
    const [, shown] = await runAll(cli, [['user', 'set', ...password, ...details, id], ['user', 'show', '-f', 'json', id]]);
    return { changed: true, user: sdkShape(asObject(shown), FIELDS) };
  },
});
