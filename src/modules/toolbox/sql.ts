/**
 * SQL text built from values: identifiers in backticks (a backtick doubled),
 * strings quoted and escaped as the MariaDB/MySQL C client's
 * mysql_real_escape_string does (the server's default sql_mode, without
 * NO_BACKSLASH_ESCAPES), and query arguments interpolated as PyMySQL does for
 * community.mysql (`%s`, `%(name)s`, `%%`).
 */
import { createHash } from 'node:crypto';

/** `name` as an identifier: `my``db`. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error('an identifier cannot contain a NUL character');
  return `\`${name.replace(/`/g, '``')}\``;
}

const ESCAPES: Readonly<Record<string, string>> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' };

/** `value` as a string literal: 'it\'s'. */
export function quoteString(value: string): string {
  return `'${value.replace(/[\0\n\r\\'"\x1a]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/** A value as PyMySQL writes it into a query: strings quoted, numbers bare, true as 1, None as NULL, lists in parentheses. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return quoteString(value);
  if (Array.isArray(value)) return `(${value.map(literal).join(',')})`;
  throw new Error(`cannot write a ${typeof value === 'object' ? 'mapping' : typeof value} into SQL as a value`);
}

/**
 * The query with its arguments written in, as `query % args` after PyMySQL
 * escaped them: a list fills `%s` in order, a mapping fills `%(name)s`;
 * `%%` is a percent sign. Without arguments the query is left as written.
 */
export function interpolate(query: string, args: readonly unknown[] | Readonly<Record<string, unknown>> | undefined): string {
  if (args === undefined) return query;
  const positional = Array.isArray(args) ? args : undefined;
  const named = positional ? undefined : (args as Readonly<Record<string, unknown>>);
  let next = 0;
  const text = query.replace(/%(?:\(([^)]*)\))?(.?)/gs, (whole, key: string | undefined, conversion: string) => {
    if (key === undefined && conversion === '%') return '%';
    if (conversion !== 's') throw new Error(`unsupported format in the query: ${whole} (only %s, %(name)s and %% are)`);
    if (key !== undefined) {
      if (!named) throw new Error('the query names an argument (%(name)s) but positional_args were given');
      if (!Object.hasOwn(named, key)) throw new Error(`the query names the argument "${key}", which named_args does not have`);
      return literal(named[key]);
    }
    if (!positional) throw new Error('the query has a %s but named_args were given');
    if (next >= positional.length) throw new Error('the query has more %s than positional_args has values');
    return literal(positional[next++]);
  });
  if (positional && next < positional.length) throw new Error('not all positional_args were used by the query');
  return text;
}

/** MariaDB's PASSWORD() for mysql_native_password: '*' and the upper-case hex of SHA1(SHA1(password)). */
export function nativePasswordHash(password: string): string {
  const stage1 = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(stage1).digest('hex').toUpperCase()}`;
}

/** Whether `value` has the form of a mysql_native_password hash. */
export function isNativeHash(value: string): boolean {
  return /^\*[0-9A-Fa-f]{40}$/.test(value);
}

/** `'user'@'host'`, as account names are written in CREATE USER, GRANT and SHOW GRANTS FOR. */
export function account(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}

/** Every string inside `value` with each secret replaced by ********. */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const hidden = secrets.filter((s) => s !== '');
  if (hidden.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return hidden.reduce((s, x) => s.split(x).join('********'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
