/**
 * kolla_toolbox: kolla-ansible's way to run a module inside the
 * kolla_toolbox container, done by the container's own clients through the
 * engine's exec API (no Ansible inside): community.mysql's mysql_query,
 * mysql_db, mysql_user and mysql_variables by `mariadb` (argv, the password
 * in its environment, the SQL on stdin); openstack.cloud's identity and
 * catalog modules by `openstack` (credentials as OS_* variables, commands
 * on stdin); uri by curl. No secret is on a command line or in a result.
 * rabbitmq_user and rabbitmq_vhost are refused: the image has no rabbitmqctl.
 *
 * Parameters are kolla-ansible's (module_name, module_args, user,
 * container_engine, api_version, timeout), plus container_name (ours, the
 * container to use; kolla-ansible's is always kolla_toolbox).
 */
import { z } from 'zod';
import { ContainerEngine } from '../containers/engine.js';
import { parseKv } from '../playbook/kv.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { int } from './support/params.js';
import type { AnyToolboxModule } from './toolbox/module.js';
import { mysqlDb } from './toolbox/mysql-db.js';
import { mysqlQuery } from './toolbox/mysql-query.js';
import { mysqlUser } from './toolbox/mysql-user.js';
import { mysqlVariables } from './toolbox/mysql-variables.js';
import { catalogService } from './toolbox/openstack/catalog-service.js';
import { endpoint } from './toolbox/openstack/endpoint.js';
import { identityDomain } from './toolbox/openstack/identity-domain.js';
import { identityRole } from './toolbox/openstack/identity-role.js';
import { identityUser } from './toolbox/openstack/identity-user.js';
import { project } from './toolbox/openstack/project.js';
import { roleAssignment } from './toolbox/openstack/role-assignment.js';
import { maskSecrets } from './toolbox/sql.js';
import { toolboxUri } from './toolbox/uri.js';

const ENGINE_SOCKET = '/var/run/docker.sock';

const MODULES: readonly AnyToolboxModule[] = [mysqlDb, mysqlQuery, mysqlUser, mysqlVariables, catalogService, endpoint, identityDomain, identityRole, identityUser, project, roleAssignment, toolboxUri];

/** Each module by its short name and by its fully qualified names. */
const TOOLBOX_MODULES: ReadonlyMap<string, AnyToolboxModule> = new Map(MODULES.flatMap((m) => [[m.name, m] as const, ...m.collections.map((c) => [`${c}.${m.name}`, m] as const)]));

export const SUPPORTED_TOOLBOX_MODULES = MODULES.map((m) => m.name);

/** Modules kolla-ansible runs in its toolbox that ours cannot: why. */
const REFUSED: Readonly<Record<string, string>> = {
  rabbitmq_user: "kolla-run's kolla_toolbox image has no rabbitmqctl (RabbitMQ's users are managed in the rabbitmq container)",
  rabbitmq_vhost: "kolla-run's kolla_toolbox image has no rabbitmqctl (RabbitMQ's vhosts are managed in the rabbitmq container)",
};

/** Ansible's dict type for module_args: a mapping, a JSON object, or `k=v k2=v2`. */
export function moduleArgs(value: unknown): Record<string, unknown> | string {
  if (typeof value !== 'string') return value as Record<string, unknown>;
  const text = value.trim();
  if (text === '') return {};
  if (text.startsWith('{')) {
    try {
      // JSON text that starts with { is an object when it parses.
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return 'module_args is not a JSON object';
    }
  }
  const kv = parseKv(text, false);
  if ('_raw_params' in kv) return 'module_args must be a mapping or key=value pairs';
  return kv;
}

/** One zod issue of a toolbox module's arguments, as one sentence that names the module and the parameter (no value). */
function describe(module: string, issue: z.core.$ZodIssue, args: Readonly<Record<string, unknown>>): string {
  const where = issue.path.map(String).join('.');
  const given = issue.path.length > 0 && args[String(issue.path[0])] !== undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${module}: unsupported parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      // zod reports no input: whether the parameter was given is read from the arguments.
      return where ? `${module}: parameter "${where}" must be ${issue.expected}${given ? '' : ' and is missing'}` : `${module}: module_args must be ${issue.expected}`;
    case 'invalid_value':
      return `${module}: parameter "${where}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${module}: parameter "${where}" ${given ? 'has a type it cannot take' : 'is missing'}`;
    default:
      return `${module}: ${where ? `parameter "${where}": ` : ''}${issue.message}`;
  }
}

export const kollaToolboxParams = z
  .object({
    module_name: z.string(),
    module_args: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
    module_extra_vars: z.record(z.string(), z.unknown()).default({}),
    container_engine: z.enum(['docker']).default('docker'),
    api_version: z.string().default('auto'),
    timeout: int(1).default(180),
    user: z.string().optional(),
    container_name: z.string().default('kolla_toolbox'),
  })
  .strict()
  .transform((p, ctx) => {
    const module = TOOLBOX_MODULES.get(p.module_name);
    if (!module) {
      const refused = REFUSED[p.module_name.replace(/^community\.rabbitmq\./, '')];
      const why = refused ?? `supported: ${SUPPORTED_TOOLBOX_MODULES.join(', ')}`;
      ctx.addIssue({ code: 'custom', path: [], message: `module_name "${p.module_name}" is not supported by kolla-run's kolla_toolbox (${why})` });
      return z.NEVER;
    }
    const name = module.name;
    if (Object.keys(p.module_extra_vars).length > 0) {
      ctx.addIssue({ code: 'custom', path: [], message: `module_extra_vars is not supported with ${name} (its module_args are templated by the task already)` });
      return z.NEVER;
    }
    const args = moduleArgs(p.module_args);
    if (typeof args === 'string') {
      ctx.addIssue({ code: 'custom', path: [], message: `${name}: ${args}` });
      return z.NEVER;
    }
    const parsed = module.schema.safeParse(args);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      ctx.addIssue({ code: 'custom', path: [], message: first ? describe(name, first, args) : `${name}: invalid module_args` });
      return z.NEVER;
    }
    return { module, args: parsed.data, container: p.container_name, user: p.user ?? 'ansible', timeoutMs: p.timeout * 1000 };
  });
export type KollaToolboxParams = z.infer<typeof kollaToolboxParams>;

type Plan = unknown;

/** Values no result may show: the module's (login passwords, auth credentials, a user's password). */
function secretsOf(p: KollaToolboxParams): string[] {
  // An empty one is dropped by maskSecrets.
  return p.module.secrets(p.args).filter((s): s is string => typeof s === 'string');
}

interface Session {
  session: unknown;
}

/** A session on the toolbox container, or the failed result when the container does not run. */
async function session(p: KollaToolboxParams, ctx: ModuleContext): Promise<Session | ResultFields> {
  const engine = new ContainerEngine(() => ctx.openUnixSocket(ENGINE_SOCKET));
  const container = await engine.inspectContainer(p.container);
  if (!container?.State.Running) return { failed: true, changed: false, msg: `${p.container} container is missing or not running!` };
  return { session: p.module.connect({ engine, container: p.container, user: p.user, timeoutMs: p.timeoutMs }, p.args) };
}

const isSession = (s: Session | ResultFields): s is Session => Object.hasOwn(s, 'session');

/** The query with its reason and result masked (never its plan: apply runs that). */
function masked<T>(q: Query<T>, secrets: readonly string[]): Query<T> {
  return { ...q, reason: maskSecrets(q.reason, secrets), ...(q.result ? { result: maskSecrets(q.result, secrets) } : {}) };
}

const failure = (err: unknown, secrets: readonly string[]): ResultFields => ({ failed: true, changed: false, msg: maskSecrets(err instanceof Error ? err.message : String(err), secrets) });

export const kollaToolboxModule = defineModule<KollaToolboxParams, Plan>({
  name: 'kolla_toolbox',
  schema: kollaToolboxParams,
  // Per module: a change of one with check mode says so (checkSkips false); one without is skipped there.
  check: 'skip',
  async query(p, ctx) {
    const name = p.module.name;
    if (!p.module.query) return { changed: true, reason: `would run ${name}`, plan: undefined, result: { msg: `remote module (${name}) does not support check mode` } };
    const secrets = secretsOf(p);
    try {
      const s = await session(p, ctx);
      if (!isSession(s)) return { changed: false, reason: 'no toolbox container', result: s };
      const q = await p.module.query(p.args, s.session);
      return masked(q.changed ? { ...q, checkSkips: false } : q, secrets);
    } catch (err) {
      return { changed: false, reason: 'failed', result: failure(err, secrets) };
    }
  },
  async apply(p, plan, ctx) {
    const secrets = secretsOf(p);
    try {
      const s = await session(p, ctx);
      if (!isSession(s)) return s;
      return maskSecrets(await p.module.apply(p.args, plan, s.session), secrets);
    } catch (err) {
      return failure(err, secrets);
    }
  },
});
