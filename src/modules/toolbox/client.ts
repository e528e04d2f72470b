/**
 * SQL run by the `mariadb` client inside the kolla_toolbox container,
 * through the engine's exec API: argv without a shell, the password in the
 * client's environment, the statements on its stdin (so neither is on any
 * command line). One client run is one session: its statements run in
 * order, and after each a marker statement (SELECT ROW_COUNT()) tells where
 * its result ends and how many rows it changed.
 */
import type { ContainerEngine } from '../../containers/engine.js';
import { pathCheckResult, pathCheckScript, type PathCheck } from '../support/expand-path.js';
import { clientArgv, clientEnv, type Login } from './login.js';

/** A row as the client prints it: column name -> text, NULL as null. */
export type Row = Record<string, string | null>;

export interface StatementResult {
  /** The rows of its result set; undefined when the statement has none (INSERT, CREATE...). */
  rows: Row[] | undefined;
  /** Rows it returned, else rows it changed (PyMySQL's cursor.rowcount). */
  rowcount: number;
}

export class SqlError extends Error {
  constructor(
    message: string,
    /** 'connect': no session (login, address, TLS); 'statement': the server refused statement `index`; 'client': the client itself failed. */
    readonly kind: 'connect' | 'statement' | 'client',
    readonly index?: number,
  ) {
    super(message);
  }

  /** For a connection failure: the option file community.mysql names in its message, as the container expands it, and whether it is there. */
  optionFile?: PathCheck;
}

export interface SqlOptions {
  /** The session's default schema. */
  database?: string;
  /** All statements in one transaction, committed at the end (rolled back when one fails). */
  transaction?: boolean;
}

/** Runs statements in one session on the server the login names. */
export interface Sql {
  run(statements: readonly string[], options?: SqlOptions): Promise<StatementResult[]>;
}

/** Where the client runs: the toolbox container, as which user, for how long at most. */
export interface Toolbox {
  engine: ContainerEngine;
  container: string;
  user: string;
  timeoutMs: number;
}

const MARKER_COLUMN = 'kolla_run_rowcount';
const MARKER = `SELECT ROW_COUNT() AS ${MARKER_COLUMN}`;

/** The client's input: each statement (its own trailing ';' dropped), then the marker. */
export function script(statements: readonly string[], transaction = false): string {
  const parts = statements.map((s) => `${s.replace(/[\s;]+$/, '')}\n;\n${MARKER};\n`);
  return transaction ? `START TRANSACTION;\n${parts.join('')}COMMIT;\n` : parts.join('');
}

// The client writes these four and nothing else (client/mysql.cc's xmlmeta; a NUL byte becomes a space).
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot);/g, (whole, e: string) => ENTITIES[e] ?? whole);
}

export interface ResultSet {
  statement: string;
  rows: Row[];
}

/**
 * The result sets of the client's --xml output, in order. The client
 * escapes <, >, & and " in names and values, so a '<' always starts markup.
 */
export function parseXml(xml: string): ResultSet[] {
  const sets: ResultSet[] = [];
  for (const set of xml.matchAll(/<resultset statement="([^"]*)"[^>]*>([\s\S]*?)<\/resultset>/g)) {
    const rows: Row[] = [];
    for (const row of (set[2] ?? '').matchAll(/<row>([\s\S]*?)<\/row>/g)) {
      const fields: Row = {};
      for (const f of (row[1] ?? '').matchAll(/<field name="([^"]*)"(?: xsi:nil="true" \/>|>([^<]*)<\/field>)/g)) {
        fields[decode(f[1] ?? '')] = f[2] === undefined ? null : decode(f[2]);
      }
      rows.push(fields);
    }
    sets.push({ statement: decode(set[1] ?? ''), rows });
  }
  return sets;
}

/** Each statement's result, from the result sets of a run (markers included): as many as the markers say ran. */
export function splitResults(sets: readonly ResultSet[]): StatementResult[] {
  const results: StatementResult[] = [];
  let pending: Row[] | undefined;
  for (const set of sets) {
    // The marker's statement text is the marker (a user statement with that very text is one too, whatever else is checked).
    const marker = set.statement.trim() === MARKER;
    if (!marker) {
      // A statement that gives several result sets (CALL): the first, as PyMySQL's fetchall gives.
      pending ??= set.rows;
      continue;
    }
    const changedRows = Number(set.rows[0]?.[MARKER_COLUMN] ?? -1);
    results.push({ rows: pending, rowcount: pending ? pending.length : changedRows });
    pending = undefined;
  }
  return results;
}

/** The client's error lines (ERROR nnnn (SQLSTATE) ...), without the statement it echoes. */
export function clientError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /^ERROR\b/.test(l));
  return (lines.length > 0 ? lines.join('\n') : stderr).trim();
}

/** The client's errors before any statement ran (no "at line N") are connection failures. */
function failure(rc: number, stderr: string, ran: number): SqlError {
  const message = clientError(stderr) || `the mariadb client exited with ${rc}`;
  if (/^ERROR \d+ \([0-9A-Z]+\) at line \d+/m.test(message)) return new SqlError(message.replace(/ at line \d+/, ''), 'statement', ran);
  if (/^ERROR \d+/m.test(message)) return new SqlError(message, 'connect');
  return new SqlError(message, 'client');
}

/** config_file (a path: ~ and $VARS expanded as community.mysql's type 'path' does), ~/.my.cnf by default, in the container. */
async function optionFile(toolbox: Toolbox, login: Login): Promise<PathCheck> {
  const r = await toolbox.engine.exec(toolbox.container, ['sh', '-c', pathCheckScript(login.config_file ?? '~/.my.cnf')], { user: toolbox.user, timeoutMs: toolbox.timeoutMs });
  return pathCheckResult(r.rc, r.stdout);
}

/** A Sql that runs the `mariadb` client in the toolbox container with this login. */
export function toolboxSql(toolbox: Toolbox, login: Login): Sql {
  return {
    async run(statements, options = {}) {
      if (statements.length === 0) return [];
      const r = await toolbox.engine.exec(toolbox.container, clientArgv(login, options.database), {
        user: toolbox.user,
        env: clientEnv(login),
        stdin: script(statements, options.transaction),
        timeoutMs: toolbox.timeoutMs,
      });
      const results = splitResults(parseXml(r.stdout));
      if (r.rc !== 0) {
        const err = failure(r.rc, r.stderr, results.length);
        if (err.kind === 'connect') err.optionFile = await optionFile(toolbox, login);
        throw err;
      }
      if (results.length !== statements.length) {
        throw new SqlError(`the mariadb client reported ${results.length} of ${statements.length} statements: ${clientError(r.stderr)}`, 'client');
      }
      return results;
    },
  };
}
