/**
 * mysql_user's privileges: the `priv` parameter ('db.*:ALL,GRANT',
 * '/'-separated, or a mapping) and the server's SHOW GRANTS lines, both
 * read into one shape (target -> privilege names), and the REVOKE and GRANT
 * statements that turn what the server has into what was asked.
 *
 * Names are compared as the server prints them: ALL PRIVILEGES is ALL,
 * USAGE means no privilege, the grant option is the privilege GRANT, and
 * MariaDB's aliases (REPLICATION CLIENT is BINLOG MONITOR since 10.5) are
 * read as the name SHOW GRANTS uses, so a second run finds nothing to do.
 */
import { quoteIdentifier } from './sql.js';

/** Canonical target (`*.*`, `` `db`.* ``, `` `db`.`t` ``, `` FUNCTION `db`.`f` ``) -> privileges. */
export type Privileges = Map<string, Set<string>>;

export class PrivilegeError extends Error {}

const ALIASES: Readonly<Record<string, string>> = {
  'ALL PRIVILEGES': 'ALL',
  'REPLICATION CLIENT': 'BINLOG MONITOR',
  'REPLICATION REPLICA': 'REPLICATION SLAVE',
  'REPLICA MONITOR': 'SLAVE MONITOR',
};

const OBJECT_TYPES = ['PACKAGE BODY', 'PACKAGE', 'FUNCTION', 'PROCEDURE'];

/** One privilege name as the server prints it; USAGE gives undefined (no privilege). */
function privilegeName(text: string): string | undefined {
  const name = text.trim().replace(/\s+/g, ' ').toUpperCase();
  if (name === 'USAGE') return undefined;
  return ALIASES[name] ?? name;
}

/** The text's identifier or '*': `a``b`, "a""b" (ANSI_QUOTES), or a bare name. */
function readPart(text: string, at: number): { value: string; end: number } {
  const q = text[at];
  if (q === '`' || q === '"') {
    let value = '';
    let i = at + 1;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new PrivilegeError(`unterminated name in ${text}`);
      if (c === q) {
        if (text[i + 1] === q) {
          value += q;
          i += 2;
          continue;
        }
        return { value, end: i + 1 };
      }
      value += c;
      i++;
    }
  }
  const value = /^[^.\s]*/.exec(text.slice(at))?.[0] ?? '';
  return { value, end: at + value.length };
}

function canonicalPart(value: string, quoted: boolean): string {
  return value === '*' && !quoted ? '*' : quoteIdentifier(value);
}

/** A grant target's canonical form, and where it ends in `text`. */
function readTarget(text: string, at: number): { target: string; end: number } {
  let i = at;
  let prefix = '';
  const type = OBJECT_TYPES.find((t) => text.slice(i, i + t.length + 1).toUpperCase() === `${t} `);
  if (type) {
    prefix = `${type} `;
    i += type.length + 1;
  }
  const db = readPart(text, i);
  if (text[db.end] !== '.') throw new PrivilegeError(`cannot read the grant target in: ${text}`);
  const table = readPart(text, db.end + 1);
  const target = `${prefix}${canonicalPart(db.value, text[i] === '`' || text[i] === '"')}.${canonicalPart(table.value, text[db.end + 1] === '`' || text[db.end + 1] === '"')}`;
  return { target, end: table.end };
}

/** Splits at commas outside parentheses (column lists). */
function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function add(privs: Privileges, target: string, names: Iterable<string>): void {
  let set = privs.get(target);
  if (!set) privs.set(target, (set = new Set()));
  for (const n of names) set.add(n);
}

/**
 * A side of a target in `priv`: '*', a name, or a `quoted` name. As
 * community.mysql (side.strip('`')): every backtick around a name is
 * dropped, a doubled one inside stands for one; `*` is a database named *.
 */
function specPart(text: string): string {
  const t = text.trim();
  return t === '*' ? '*' : quoteIdentifier(t.replace(/^`+|`+$/g, '').replace(/``/g, '`'));
}

/**
 * The `priv` parameter: 'db.table:PRIV1,PRIV2' items separated by '/', or a
 * mapping of target to 'PRIV1,PRIV2'. As community.mysql does, *.* gets
 * USAGE (no privilege) when not named, so replacing revokes global ones.
 */
export function parsePrivSpec(spec: string | Readonly<Record<string, string>>): Privileges {
  const text = typeof spec === 'string' ? spec : Object.entries(spec).map(([k, v]) => `${k}:${v}`).join('/');
  const privs: Privileges = new Map();
  for (const item of text.trim().split('/')) {
    const colon = item.lastIndexOf(':');
    if (colon < 0) throw new PrivilegeError(`invalid privileges string: ${item} (expected db.table:PRIV,...)`);
    let where = item.slice(0, colon).trim();
    const type = OBJECT_TYPES.find((t) => where.toUpperCase().startsWith(`${t} `));
    if (type) where = where.slice(type.length).trim();
    const dot = where.lastIndexOf('.');
    if (dot < 0) throw new PrivilegeError(`invalid privileges string: ${item} (expected db.table:PRIV,...)`);
    const target = `${type ? `${type} ` : ''}${specPart(where.slice(0, dot))}.${specPart(where.slice(dot + 1))}`;
    const names: string[] = [];
    for (const raw of splitList(item.slice(colon + 1))) {
      if (raw.includes('(')) throw new PrivilegeError(`column privileges are not supported: ${raw.trim()}`);
      if (!/^\s*[A-Za-z_]+( +[A-Za-z_]+)*\s*$/.test(raw)) throw new PrivilegeError(`invalid privilege "${raw.trim()}" in ${item}`);
      const name = privilegeName(raw);
      if (name) names.push(name);
    }
    add(privs, target, names);
  }
  if (!privs.has('*.*')) privs.set('*.*', new Set());
  return privs;
}

/** Drops quoted strings, so that words inside a password hash or an auth string are not read as keywords. */
function unquoted(text: string): string {
  return text.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
}

/**
 * The server's SHOW GRANTS lines, as privileges per target. Role grants
 * (GRANT `role` TO ...) have no target and are left out; so are PROXY
 * grants' accounts, kept under their own text.
 */
export function parseGrants(lines: readonly string[]): Privileges {
  const privs: Privileges = new Map();
  for (const line of lines) {
    if (!line.startsWith('GRANT ')) continue;
    // The privilege list ends at " ON " outside a column list.
    let depth = 0;
    let on = -1;
    for (let i = 6; i < line.length; i++) {
      const c = line[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth === 0 && line.startsWith(' ON ', i)) {
        on = i;
        break;
      }
    }
    if (on < 0) continue;
    const names = splitList(line.slice(6, on)).map((p) => (p.includes('(') ? p.trim() : privilegeName(p))).filter((p): p is string => p !== undefined);
    let target: string;
    let rest: string;
    if (names.includes('PROXY')) {
      const to = line.indexOf(' TO ', on);
      target = `PROXY ${line.slice(on + 4, to < 0 ? undefined : to)}`;
      rest = to < 0 ? '' : line.slice(to);
    } else {
      const t = readTarget(line, on + 4);
      target = t.target;
      rest = line.slice(t.end);
    }
    if (/\bWITH\b.*\bGRANT OPTION\b/.test(unquoted(rest))) names.push('GRANT');
    add(privs, target, names);
  }
  return privs;
}

/** `have` already gives `name` (ALL gives every privilege but the grant option). */
function covered(have: ReadonlySet<string>, name: string): boolean {
  return have.has(name) || (have.has('ALL') && name !== 'GRANT' && name !== 'PROXY');
}

export interface PrivilegeChanges {
  /** REVOKE statements first, then GRANT statements. */
  statements: string[];
  /** community.mysql's message for the change. */
  msg: string;
}

function grantStatement(target: string, names: readonly string[], account: string): string {
  const privs = names.filter((n) => n !== 'GRANT');
  const list = privs.length > 0 ? privs.join(', ') : 'USAGE';
  return `GRANT ${list} ON ${target} TO ${account}${names.includes('GRANT') ? ' WITH GRANT OPTION' : ''}`;
}

function revokeStatements(target: string, names: readonly string[], account: string): string[] {
  const out: string[] = [];
  if (names.includes('GRANT')) out.push(`REVOKE GRANT OPTION ON ${target} FROM ${account}`);
  const privs = names.filter((n) => n !== 'GRANT');
  if (privs.length > 0) out.push(`REVOKE ${privs.includes('ALL') ? 'ALL PRIVILEGES' : privs.join(', ')} ON ${target} FROM ${account}`);
  return out;
}

const pyList = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

/**
 * What turns `have` into `want` for `account` (already quoted): with
 * `append`, only grants; else also revokes what was not asked (on targets
 * not named at all too, except for root and PROXY grants, as
 * community.mysql does). Empty statements: nothing to do.
 */
export function privilegeChanges(have: Privileges, want: Privileges, account: string, options: { append: boolean; user: string }): PrivilegeChanges {
  const revokes: string[] = [];
  const grants: string[] = [];
  let msg = '';
  if (!options.append) {
    for (const [target, names] of have) {
      if (want.has(target) || names.size === 0 || options.user === 'root' || names.has('PROXY')) continue;
      revokes.push(...revokeStatements(target, [...names], account));
      msg = 'Privileges updated';
    }
  }
  for (const [target, wanted] of want) {
    const current = have.get(target);
    if (!current) {
      if (wanted.size === 0) continue;
      grants.push(grantStatement(target, [...wanted], account));
      msg = 'New privileges granted';
      continue;
    }
    // ALL asked: other privileges it gives need no revoke, only an unasked grant option does.
    const revoke = options.append ? [] : [...current].filter((n) => !wanted.has(n) && (!wanted.has('ALL') || n === 'GRANT'));
    const kept = new Set([...current].filter((n) => !revoke.includes(n)));
    const grant = [...wanted].filter((n) => !covered(kept, n));
    if (revoke.length === 0 && grant.length === 0) continue;
    revokes.push(...revokeStatements(target, revoke, account));
    if (grant.length > 0) grants.push(grantStatement(target, grant, account));
    msg = `Privileges updated: granted ${pyList(grant)}, revoked ${pyList(revoke)}`;
  }
  return { statements: [...revokes, ...grants], msg };
}
