/**
 * community.mysql's mysql_user: the account 'name'@'host' with a
 * mysql_native_password password and the privileges `priv` names (added to
 * the current ones with append_privs, else replacing them), or its removal.
 *
 * Idempotent: the password's hash (MariaDB's PASSWORD(), computed here so
 * the password itself never reaches the server in SQL) is compared with
 * the account's authentication_string, the privileges with SHOW GRANTS.
 * Registers user, msg and password_changed as community.mysql does.
 */
import { z } from 'zod';
import { withAliases } from '../support/aliases.js';
import { bool } from '../support/params.js';
import type { Query } from '../contract.js';
import type { Sql } from './client.js';
import { parseGrants, parsePrivSpec, privilegeChanges, type Privileges } from './grants.js';
import { LOGIN_ALIASES, loginFields } from './login.js';
import { defineToolboxModule, failed } from './module.js';
import { account, isNativeHash, nativePasswordHash, quoteString } from './sql.js';

export const mysqlUserParams = withAliases(
  { ...LOGIN_ALIASES, user: 'name' },
  z
    .object({
      ...loginFields,
      name: z.string(),
      password: z.string().optional(),
      encrypted: bool().default(false),
      host: z.string().default('localhost').transform((h) => h.toLowerCase()),
      priv: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
      append_privs: bool().default(false),
      state: z.enum(['present', 'absent']).default('present'),
      update_password: z.enum(['always', 'on_create']).default('always'),
      sql_log_bin: bool().default(true),
    })
    .strict(),
);
export type MysqlUserParams = z.infer<typeof mysqlUserParams>;

interface Plan {
  statements: string[];
  msg: string;
  password_changed: boolean;
}

/** The hash the account's authentication_string must hold; undefined without a password. */
export function wantedHash(p: Pick<MysqlUserParams, 'password' | 'encrypted'>): string | undefined {
  if (p.password === undefined || p.password === '') return undefined;
  if (!p.encrypted) return nativePasswordHash(p.password);
  if (!isNativeHash(p.password)) throw new Error('encrypted was specified however it does not appear to be a valid hash expecting: *SHA1(SHA1(your_password))');
  return p.password.toUpperCase();
}

const identified = (hash: string) => `IDENTIFIED WITH mysql_native_password AS ${quoteString(hash)}`;

/** The statements that create the account with its privileges. */
export function createStatements(acct: string, hash: string | undefined, want: Privileges | undefined): string[] {
  const grants = want ? privilegeChanges(new Map([['*.*', new Set()]]), want, acct, { append: true, user: '' }).statements : [];
  return [`CREATE USER ${acct}${hash ? ` ${identified(hash)}` : ''}`, ...grants];
}

async function plan(p: MysqlUserParams, sql: Sql): Promise<Query<Plan>> {
  const acct = account(p.name, p.host);
  const shown = { user: p.name };
  const want = p.priv === undefined ? undefined : parsePrivSpec(p.priv);
  const hash = wantedHash(p);
  const [found] = await sql.run([`SELECT plugin, authentication_string FROM mysql.user WHERE User = ${quoteString(p.name)} AND Host = ${quoteString(p.host)}`]);
  const current = found?.rows?.[0];
  if (p.state === 'absent') {
    if (!current) return { changed: false, reason: `${p.name}@${p.host} does not exist`, result: { ...shown, msg: "User doesn't exist" } };
    return { changed: true, reason: `${p.name}@${p.host} is dropped`, plan: { statements: [`DROP USER ${acct}`], msg: 'User deleted', password_changed: false }, result: { ...shown, msg: 'User deleted' } };
  }
  if (!current) {
    const statements = createStatements(acct, hash, want);
    return { changed: true, reason: `${p.name}@${p.host} is created`, plan: { statements, msg: 'User added', password_changed: true }, result: { ...shown, msg: 'User added', password_changed: null } };
  }
  const statements: string[] = [];
  let msg = 'User unchanged';
  let passwordChanged = false;
  if (hash !== undefined && p.update_password === 'always' && (current.authentication_string ?? '').toUpperCase() !== hash) {
    statements.push(`ALTER USER ${acct} ${identified(hash)}`);
    msg = 'Password updated';
    passwordChanged = true;
  }
  if (want) {
    const [grants] = await sql.run([`SHOW GRANTS FOR ${acct}`]);
    const lines = (grants?.rows ?? []).map((r) => Object.values(r)[0] ?? '');
    const changes = privilegeChanges(parseGrants(lines), want, acct, { append: p.append_privs, user: p.name });
    if (changes.statements.length > 0) {
      statements.push(...changes.statements);
      msg = changes.msg;
    }
  }
  if (statements.length === 0) return { changed: false, reason: `${p.name}@${p.host} is as asked`, result: { ...shown, msg, password_changed: false } };
  return { changed: true, reason: msg, plan: { statements, msg, password_changed: passwordChanged }, result: { ...shown, msg, password_changed: passwordChanged } };
}

export const mysqlUser = defineToolboxModule<MysqlUserParams, Plan>({
  name: 'mysql_user',
  schema: mysqlUserParams,
  secrets(p) {
    // The hash too: it is not a login, but it opens the password to offline guessing.
    try {
      return [p.password, wantedHash(p)];
    } catch {
      return [p.password];
    }
  },
  async query(p, sql) {
    try {
      return await plan(p, sql);
    } catch (err) {
      return { changed: false, reason: 'failed', result: failed(p, err) };
    }
  },
  async apply(p, plan, sql) {
    try {
      await sql.run([...(p.sql_log_bin ? [] : ['SET SQL_LOG_BIN=0']), ...plan.statements]);
    } catch (err) {
      return failed(p, err);
    }
    return { changed: true, user: p.name, msg: plan.msg, password_changed: plan.password_changed };
  },
});
