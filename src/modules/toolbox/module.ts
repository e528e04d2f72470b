/**
 * What kolla_toolbox runs in its container: a module of community.mysql,
 * as a small query/apply pair over an `Sql` session, with the parameters,
 * results and messages of the module it stands for.
 */
import type { z } from 'zod';
import type { Query, ResultFields } from '../contract.js';
import { SqlError, type Sql } from './client.js';
import type { Login } from './login.js';

export interface ToolboxModule<Params extends Login, Plan> {
  readonly name: string;
  /** Validates module_args (unknown keys rejected). */
  readonly schema: z.ZodType<Params>;
  /** Values that must not appear in any result or message, beyond login_password. */
  secrets?(params: Params): Array<string | undefined>;
  /**
   * What would change, changing nothing: only for modules with check mode.
   * Without it (mysql_query, mysql_variables, which have none), check mode
   * skips the task as Ansible does, and apply decides `changed`.
   */
  query?(params: Params, sql: Sql): Promise<Query<Plan>>;
  /** Makes the change (plan is undefined for a module without query). */
  apply(params: Params, plan: Plan, sql: Sql): Promise<ResultFields>;
}

export type AnyToolboxModule = ToolboxModule<Login, unknown>;

export function defineToolboxModule<Params extends Login, Plan>(module: ToolboxModule<Params, Plan>): AnyToolboxModule {
  return module as unknown as AnyToolboxModule;
}

/** community.mysql's message when the session cannot be opened. */
export function connectFailure(login: Login, err: SqlError): string {
  const file = login.config_file ?? '~/.my.cnf';
  return `unable to connect to database, check login_user and login_password are correct or ${file} has the credentials. Exception message: ${err.message}`;
}

/** A failed result from an error: the connection's own message for login failures, else `what: message`. */
export function failed(login: Login, err: unknown, what?: string): ResultFields {
  if (err instanceof SqlError && err.kind === 'connect') return { failed: true, changed: false, msg: connectFailure(login, err) };
  const message = err instanceof Error ? err.message : String(err);
  return { failed: true, changed: false, msg: what ? `${what}: ${message}` : message };
}
