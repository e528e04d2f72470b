/**
 * community.mysql's mysql_query: runs the queries in one session (autocommit,
 * or one transaction with single_transaction) and registers query_result
 * (per query, its rows as column -> value), rowcount and executed_queries.
 *
 * It has no check mode: check mode skips the task, and the queries run in
 * apply. `changed` follows community.mysql: a query whose first 8
 * characters hold INSERT, UPDATE, DELETE or REPLACE changed something when
 * it touched rows; one that holds CREATE, DROP, ALTER, RENAME or TRUNCATE
 * always did.
 *
 * Values are text as the server sends them (NULL is null): community.mysql
 * gives numbers for numeric columns, the client prints them as text.
 */
import { z } from 'zod';
import { withAliases } from '../support/aliases.js';
import { bool } from '../support/params.js';
import { SqlError, type StatementResult } from './client.js';
import { LOGIN_ALIASES, loginFields } from './login.js';
import { defineToolboxModule, failed } from './module.js';
import { interpolate } from './sql.js';

export const mysqlQueryParams = withAliases(
  LOGIN_ALIASES,
  z
    .object({
      ...loginFields,
      query: z.union([z.string(), z.array(z.string())]),
      login_db: z.string().optional(),
      positional_args: z.array(z.unknown()).optional(),
      named_args: z.record(z.string(), z.unknown()).optional(),
      single_transaction: bool().default(false),
    })
    .strict()
    .refine((p) => p.positional_args === undefined || p.named_args === undefined, 'parameters are mutually exclusive: positional_args|named_args'),
);
export type MysqlQueryParams = z.infer<typeof mysqlQueryParams>;

const DML = ['INSERT', 'UPDATE', 'DELETE', 'REPLACE'];
const DDL = ['CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE'];
const KEYWORD_SPAN = Math.max(...[...DML, ...DDL].map((k) => k.length));

/** community.mysql's rule for one query: whether it changed something. */
export function queryChanged(query: string, rowcount: number): boolean {
  const head = query.trimStart().slice(0, KEYWORD_SPAN).toUpperCase();
  return (DML.some((k) => head.includes(k)) && rowcount > 0) || DDL.some((k) => head.includes(k));
}

/** What mysql_query registers for the executed queries and their results. */
export function queryResult(executed: readonly string[], results: readonly StatementResult[]): Record<string, unknown> {
  return {
    changed: executed.some((q, i) => queryChanged(q, results[i]?.rowcount ?? 0)),
    executed_queries: [...executed],
    query_result: results.map((r) => r.rows ?? []),
    rowcount: results.map((r) => r.rowcount),
  };
}

export const mysqlQuery = defineToolboxModule<MysqlQueryParams, undefined>({
  name: 'mysql_query',
  schema: mysqlQueryParams,
  async apply(p, _plan, sql) {
    const args = p.positional_args ?? p.named_args;
    const shownArgs = args === undefined ? 'None' : JSON.stringify(args);
    const queries = ([] as string[]).concat(p.query);
    const executed: string[] = [];
    for (const q of queries) {
      try {
        executed.push(interpolate(q, args));
      } catch (err) {
        return failed(p, err, `Cannot execute SQL '${q}' args [${shownArgs}]`);
      }
    }
    try {
      const results = await sql.run(executed, { ...(p.login_db !== undefined ? { database: p.login_db } : {}), transaction: p.single_transaction });
      return queryResult(executed, results);
    } catch (err) {
      // Only a statement the server refused has an index.
      if (err instanceof SqlError && err.index !== undefined) {
        return failed(p, err, `Cannot execute SQL '${executed[err.index] ?? ''}' args [${shownArgs}]`);
      }
      return failed(p, err);
    }
  },
});
