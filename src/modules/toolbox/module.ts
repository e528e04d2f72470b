/**
 * What kolla_toolbox runs in its container: a module of community.mysql,
 * openstack.cloud or ansible.builtin, as a small query/apply pair over a
 * session on the container (the `mariadb` client, the `openstack` client,
 * an HTTP client), with the parameters, results and messages of the module
 * it stands for.
 */
import type { z } from 'zod';
import type { Query, ResultFields } from '../contract.js';
import { SqlError, toolboxSql, type Sql, type Toolbox } from './client.js';
import type { Login } from './login.js';

export interface ToolboxModule<Params, Plan, Session> {
  readonly name: string;
  /** The collection its fully qualified name starts with (community.mysql, openstack.cloud, ...). */
  readonly collections: readonly string[];
  /** Validates module_args (unknown keys rejected). */
  readonly schema: z.ZodType<Params>;
  /** Values that must not appear in any result or message. */
  secrets(params: Params): Array<string | undefined>;
  /** The session its query and apply use, on the toolbox container. */
  connect(toolbox: Toolbox, params: Params): Session;
  /**
   * What would change, changing nothing: only for modules with check mode.
   * Without it (mysql_query, mysql_variables, uri, which have none), check
   * mode skips the task as Ansible does, and apply decides `changed`.
   */
  query?(params: Params, session: Session): Promise<Query<Plan>>;
  /** Makes the change (plan is undefined for a module without query). */
  apply(params: Params, plan: Plan, session: Session): Promise<ResultFields>;
}

export type AnyToolboxModule = ToolboxModule<Record<string, unknown>, unknown, unknown>;

/** Any toolbox module, erased to the registry's type. */
export function defineClientModule<Params, Plan, Session>(module: ToolboxModule<Params, Plan, Session>): AnyToolboxModule {
  return module as unknown as AnyToolboxModule;
}

type MysqlModule<Params extends Login, Plan> = Omit<ToolboxModule<Params, Plan, Sql>, 'connect' | 'collections' | 'secrets'> & {
  secrets?(params: Params): Array<string | undefined>;
};

/** A community.mysql module: its session is the `mariadb` client with the module's login; login_password is secret. */
export function defineToolboxModule<Params extends Login, Plan>(module: MysqlModule<Params, Plan>): AnyToolboxModule {
  return defineClientModule<Params, Plan, Sql>({
    ...module,
    collections: ['community.mysql'],
    secrets: (p) => [p.login_password, ...(module.secrets?.(p) ?? [])],
    connect: (toolbox, p) => toolboxSql(toolbox, p),
  });
}

/**
 * How a module words a failed connection: mysql_db and mysql_variables
 * first say when the option file is missing ('find-option-file'), the
 * others always name it as holding the credentials.
 */
export type ConnectMessage = 'credentials' | 'find-option-file';

/** community.mysql's message when the session cannot be opened. */
export function connectFailure(login: Login, err: SqlError, wording: ConnectMessage = 'credentials'): string {
  const file = err.optionFile?.expanded || (login.config_file ?? '~/.my.cnf');
  if (wording === 'find-option-file' && err.optionFile?.exists === false) return `unable to find ${file}. Exception message: ${err.message}`;
  return `unable to connect to database, check login_user and login_password are correct or ${file} has the credentials. Exception message: ${err.message}`;
}

/** A failed result from an error: the connection's own message for login failures, else `what: message`. */
export function failed(login: Login, err: unknown, what?: string, wording?: ConnectMessage): ResultFields {
  if (err instanceof SqlError && err.kind === 'connect') return { failed: true, changed: false, msg: connectFailure(login, err, wording) };
  const message = err instanceof Error ? err.message : String(err);
  return { failed: true, changed: false, msg: what ? `${what}: ${message}` : message };
}
