/**
 * Sessions without a container for the toolbox modules' unit tests: a SQL
 * session and an `openstack` client that answer from rules and record what
 * they were given, and kolla_toolbox's parameters as the task gives them.
 */
import { checkModuleArgs } from '../../../../src/executor/module-args.js';
import type { Query, ResultFields } from '../../../../src/modules/contract.js';
import { kollaToolboxModule, type KollaToolboxParams } from '../../../../src/modules/kolla_toolbox.js';
import { SqlError, type Row, type Sql, type SqlOptions, type StatementResult } from '../../../../src/modules/toolbox/client.js';
import type { CliResult, OpenStackCli } from '../../../../src/modules/toolbox/openstack/cli.js';

/** kolla_toolbox's checked parameters for module_name and module_args (an undefined value leaves the key out, as omit). */
export function toolboxParams(moduleName: string, args: Record<string, unknown>): KollaToolboxParams {
  const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  const checked = checkModuleArgs(kollaToolboxModule, { module_name: moduleName, module_args: given });
  if (!checked.ok) throw new Error(checked.message);
  return checked.params as KollaToolboxParams;
}

/** The message kolla_toolbox refuses module_args with, or '' when it accepts them. */
export function refusal(moduleName: string, args: Record<string, unknown>): string {
  const checked = checkModuleArgs(kollaToolboxModule, { module_name: moduleName, module_args: args });
  return checked.ok ? '' : checked.message;
}

export type SqlRule = [RegExp, Row[] | undefined | SqlError];

/** A SQL session: each statement answered by the first matching rule (a SqlError is thrown, its index set for a refused statement). */
export function fakeSql(rules: SqlRule[]): Sql & { seen: string[]; options: SqlOptions[] } {
  const seen: string[] = [];
  const options: SqlOptions[] = [];
  return {
    seen,
    options,
    async run(statements, opts = {}) {
      options.push(opts);
      const out: StatementResult[] = [];
      for (const [i, s] of statements.entries()) {
        seen.push(s);
        const answer = rules.find(([re]) => re.test(s))?.[1];
        if (answer instanceof SqlError) throw answer.kind === 'statement' ? new SqlError(answer.message, 'statement', i) : answer;
        out.push({ rows: answer, rowcount: answer ? answer.length : /^(INSERT|UPDATE|DELETE)/.test(s) ? 1 : 0 });
      }
      return out;
    },
  };
}

/** The client's answer to a refused login (MariaDB 10.11), with the option file as the session found it. */
export function accessDenied(optionFile?: { exists: boolean; expanded: string }): SqlError {
  const err = new SqlError("ERROR 1045 (28000): Access denied for user 'root'@'10.0.0.2' (using password: YES)", 'connect');
  if (optionFile) err.optionFile = optionFile;
  return err;
}

export const ok = (value: unknown): CliResult => ({ rc: 0, stdout: value === undefined ? '' : JSON.stringify(value), stderr: '' });
export const notFound = (what: string, name: string): CliResult => ({ rc: 1, stdout: '', stderr: `No ${what} with a name or ID of '${name}' exists.\n` });
export const unauthorized: CliResult = { rc: 1, stdout: '', stderr: 'The request you have made requires authentication. (HTTP 401) (Request-ID: req-5c1e0d0e-7d7e-4b0e-9a35-3f6d2f0c9b11)\n' };

/** An `openstack` client: each command answered by the first rule matching its words; stops after a failure, as the runner does. */
export function fakeCli(rules: Array<[RegExp, CliResult]>): OpenStackCli & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async run(commands) {
      const out: CliResult[] = [];
      for (const c of commands) {
        const line = c.join(' ');
        seen.push(line);
        const r = rules.find(([re]) => re.test(line))?.[1] ?? ok(undefined);
        out.push(r);
        if (r.rc !== 0) break;
      }
      return out;
    },
  };
}

/** The module's query, then its apply when the query says it changes something. */
export async function runModule(p: KollaToolboxParams, session: unknown): Promise<{ q: Query<unknown>; r: ResultFields | undefined }> {
  if (!p.module.query) throw new Error(`${p.module.name} has no query`);
  const q = await p.module.query(p.args, session);
  return { q, r: q.changed ? await p.module.apply(p.args, q.plan, session) : q.result };
}
