/**
 * openstack.cloud.role_assignment: a role granted to (or revoked from) a
 * user or group on a project, a domain or the system. As openstack.cloud
 * scopes it: a project wins over a domain, a domain over the system, and
 * `domain` is also where the user, group and project are looked up unless
 * their own *_domain says otherwise. Registers only `changed`.
 */
import { z } from 'zod';
import { withAliases } from '../../support/aliases.js';
import { OPENSTACK_ALIASES, openstackFields } from './auth.js';
import { runAll } from './cli.js';
import { asRows, defineOpenStackModule, option } from './module.js';

export const roleAssignmentParams = withAliases(
  OPENSTACK_ALIASES,
  z
    .object({
      ...openstackFields,
      role: z.string(),
      role_domain: z.string().optional(),
      user: z.string().optional(),
      user_domain: z.string().optional(),
      group: z.string().optional(),
      group_domain: z.string().optional(),
      project: z.string().optional(),
      project_domain: z.string().optional(),
      domain: z.string().optional(),
      system: z.string().optional(),
      state: z.enum(['present', 'absent']).default('present'),
    })
    .strict()
    .superRefine((p, ctx) => {
      if (p.user === undefined && p.group === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'one of the following is required: user, group' });
      if (p.domain === undefined && p.project === undefined && p.system === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'one of the following is required: domain, project, system' });
      if (p.user !== undefined && p.group !== undefined) ctx.addIssue({ code: 'custom', path: [], message: 'parameters are mutually exclusive: user|group' });
      if (p.project !== undefined && p.system !== undefined) ctx.addIssue({ code: 'custom', path: [], message: 'parameters are mutually exclusive: project|system' });
    }),
);
export type RoleAssignmentParams = z.infer<typeof roleAssignmentParams>;

/** The client's options naming the role, the actor and the scope, shared by `role assignment list`, `role add` and `role remove`. */
export function assignmentArgs(p: RoleAssignmentParams): { actor: string[]; scope: string[]; role: string[] } {
  const actor =
    p.user !== undefined ? ['--user', p.user, ...option('--user-domain', p.user_domain ?? p.domain)] : ['--group', p.group ?? '', ...option('--group-domain', p.group_domain ?? p.domain)];
  const scope =
    p.project !== undefined ? ['--project', p.project, ...option('--project-domain', p.project_domain ?? p.domain)] : p.domain !== undefined ? ['--domain', p.domain] : option('--system', p.system);
  return { actor, scope, role: option('--role-domain', p.role_domain) };
}

type Plan = null;

export const roleAssignment = defineOpenStackModule<RoleAssignmentParams, Plan>({
  name: 'role_assignment',
  schema: roleAssignmentParams,
  async query(p, cli) {
    const a = assignmentArgs(p);
    const [list] = await runAll(cli, [['role', 'assignment', 'list', '--role', p.role, ...a.role, ...a.actor, ...a.scope, '-f', 'json']]);
    const exists = asRows(list).length > 0;
    const who = `${p.user ?? p.group ?? ''} on ${p.project ?? p.domain ?? `system ${p.system ?? ''}`}`;
    if (p.state === 'present') return exists ? { changed: false, reason: `${who} has role ${p.role}` } : { changed: true, reason: `grant role ${p.role} to ${who}`, plan: null };
    return exists ? { changed: true, reason: `revoke role ${p.role} from ${who}`, plan: null } : { changed: false, reason: `${who} has no role ${p.role}` };
  },
  async apply(p, _plan, cli) {
    const a = assignmentArgs(p);
    await runAll(cli, [['role', p.state === 'present' ? 'add' : 'remove', ...a.role, ...a.actor, ...a.scope, p.role]]);
    return { changed: true };
  },
});
