/**
 * community.mysql's mysql_variables, mode global: reads a server variable
 * (msg is its value when no value is given) or sets it with SET GLOBAL
 * when the value differs. Values compare as community.mysql compares them:
 * as numbers when both read as numbers, else as text (so ON is not 1).
 * It has no check mode: check mode skips the task; apply reads and sets.
 */
import { z } from 'zod';
import { withAliases } from '../support/aliases.js';
import { LOGIN_ALIASES, loginFields } from './login.js';
import { defineToolboxModule, failed } from './module.js';
import { literal, quoteIdentifier, quoteString } from './sql.js';

export const mysqlVariablesParams = withAliases(
  LOGIN_ALIASES,
  z
    .object({
      ...loginFields,
      variable: z.string().regex(/^[0-9A-Za-z_.]+$/, 'invalid variable name'),
      // Ansible's str type: a number given in YAML arrives as its text.
      value: z.union([z.string(), z.number(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))).optional(),
      mode: z.enum(['global']).default('global'),
    })
    .strict(),
);
export type MysqlVariablesParams = z.infer<typeof mysqlVariablesParams>;

/** Python's typedvalue: a number when the text reads as an int or a float, else the text. */
export function typedValue(text: string): number | string {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : text;
}

/** `a.b` as `a`.`b`, as community.mysql quotes a variable's name. */
function variableName(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}

export const mysqlVariables = defineToolboxModule<MysqlVariablesParams, undefined>({
  name: 'mysql_variables',
  schema: mysqlVariablesParams,
  async apply(p, _plan, sql) {
    let current: string | null | undefined;
    try {
      const [found] = await sql.run([`SHOW VARIABLES WHERE Variable_name = ${quoteString(p.variable)}`], { database: 'mysql' });
      const rows = found?.rows ?? [];
      current = rows.length === 1 ? (rows[0]?.Value ?? null) : undefined;
    } catch (err) {
      return failed(p, err, undefined, 'find-option-file');
    }
    if (current === undefined) return { failed: true, changed: false, msg: `Variable not available "${p.variable}"` };
    if (p.value === undefined) return { changed: false, msg: current };
    const wanted = typedValue(p.value);
    const actual = current === null ? null : typedValue(current);
    if (wanted === actual) return { changed: false, msg: 'Variable is already set to requested value.' };
    const statement = `SET GLOBAL ${variableName(p.variable)} = ${literal(wanted)}`;
    try {
      await sql.run([statement], { database: 'mysql' });
    } catch (err) {
      return failed(p, err);
    }
    return { changed: true, msg: `Variable change succeeded prev_value=${actual === null ? 'None' : String(actual)}`, queries: [statement] };
  },
});
