/**
 * community.mysql's mysql_db, states present and absent: creates the
 * databases that do not exist (with encoding and collation when given) or
 * drops those that do. Registers db (the names, space-separated), db_list
 * and executed_commands. Dump and import are not supported.
 */
import { z } from 'zod';
import { withAliases } from '../support/aliases.js';
import { bool } from '../support/params.js';
import { LOGIN_ALIASES, loginFields } from './login.js';
import { defineToolboxModule, failed } from './module.js';
import { quoteIdentifier, quoteString } from './sql.js';

export const mysqlDbParams = withAliases(
  { ...LOGIN_ALIASES, db: 'name' },
  z
    .object({
      ...loginFields,
      // Ansible's list type: a list, or a comma-separated string.
      name: z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === 'string' ? v.split(',') : v).map((n) => n.trim())),
      state: z.enum(['present', 'absent']).default('present'),
      encoding: z.string().default(''),
      collation: z.string().default(''),
      sql_log_bin: bool().default(true),
    })
    .strict(),
);
export type MysqlDbParams = z.infer<typeof mysqlDbParams>;

interface Plan {
  statements: string[];
}

/** CREATE DATABASE as community.mysql writes it (encoding and collation as string literals). */
export function createDatabase(name: string, encoding: string, collation: string): string {
  return [`CREATE DATABASE ${quoteIdentifier(name)}`, ...(encoding ? [`CHARACTER SET ${quoteString(encoding)}`] : []), ...(collation ? [`COLLATE ${quoteString(collation)}`] : [])].join(' ');
}

export const mysqlDb = defineToolboxModule<MysqlDbParams, Plan>({
  name: 'mysql_db',
  schema: mysqlDbParams,
  async query(p, sql) {
    const names = p.name;
    const shown = { db: names.join(' '), db_list: names };
    if (names.includes('all')) return { changed: false, reason: 'invalid name', result: { failed: true, msg: "name is not allowed to equal 'all' unless state equals import, or dump." } };
    if (names.length === 0) return { changed: false, reason: 'no database named', result: { ...shown, db_list: [] } };
    let existing: Set<string>;
    try {
      const [found] = await sql.run([`SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(quoteString).join(', ')})`]);
      existing = new Set((found?.rows ?? []).map((r) => r.SCHEMA_NAME ?? ''));
    } catch (err) {
      return { changed: false, reason: 'failed', result: failed(p, err, undefined, 'find-option-file') };
    }
    const statements =
      p.state === 'present'
        ? names.filter((n) => !existing.has(n)).map((n) => createDatabase(n, p.encoding, p.collation))
        : names.filter((n) => existing.has(n)).map((n) => `DROP DATABASE ${quoteIdentifier(n)}`);
    if (statements.length === 0) return { changed: false, reason: p.state === 'present' ? 'the databases exist' : 'the databases do not exist', result: { ...shown, executed_commands: [] } };
    return { changed: true, reason: statements.join('; '), plan: { statements }, result: shown };
  },
  async apply(p, plan, sql) {
    try {
      await sql.run([...(p.sql_log_bin ? [] : ['SET SQL_LOG_BIN=0']), ...plan.statements]);
    } catch (err) {
      return failed(p, err, p.state === 'present' ? 'error creating database' : 'error deleting database', 'find-option-file');
    }
    return { changed: true, db: p.name.join(' '), db_list: p.name, executed_commands: plan.statements };
  },
});
