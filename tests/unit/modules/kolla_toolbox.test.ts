/**
 * kolla_toolbox without a host: its arguments, and each database module's
 * decisions over a fake session that answers canned rows and records the
 * statements it is given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModuleArgs } from '../../../src/executor/module-args.js';
import { kollaToolboxModule, moduleArgs, type KollaToolboxParams } from '../../../src/modules/kolla_toolbox.js';
import type { Query, ResultFields } from '../../../src/modules/contract.js';
import type { Row, Sql, SqlOptions, StatementResult } from '../../../src/modules/toolbox/client.js';
import { SqlError } from '../../../src/modules/toolbox/client.js';
import { queryChanged } from '../../../src/modules/toolbox/mysql-query.js';
import { typedValue } from '../../../src/modules/toolbox/mysql-variables.js';
import { nativePasswordHash } from '../../../src/modules/toolbox/sql.js';

const LOGIN = { login_host: '10.0.0.1', login_user: 'root', login_password: 'rootpw' };

function params(moduleName: string, args: Record<string, unknown> | string): KollaToolboxParams {
  const checked = checkModuleArgs(kollaToolboxModule, { container_engine: 'docker', module_name: moduleName, module_args: args });
  if (!checked.ok) throw new Error(checked.message);
  return checked.params as KollaToolboxParams;
}

/** A session: each statement answered by the first rule whose pattern matches it; every statement kept. */
function fakeSql(rules: Array<[RegExp, Row[] | undefined | Error]>): Sql & { seen: string[]; options: SqlOptions[] } {
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
        const rule = rules.find(([re]) => re.test(s));
        const answer = rule ? rule[1] : undefined;
        if (answer instanceof Error) throw new SqlError(answer.message, 'statement', i);
        out.push({ rows: answer, rowcount: answer ? answer.length : /^(INSERT|UPDATE)/.test(s) ? 1 : 0 });
      }
      return out;
    },
  };
}

async function query(p: KollaToolboxParams, sql: Sql): Promise<Query<unknown>> {
  assert.ok(p.module.query, `${p.module.name} has a query`);
  return p.module.query(p.args, sql);
}

describe('kolla_toolbox: arguments', () => {
  it('names the supported modules when module_name is another', () => {
    const r = checkModuleArgs(kollaToolboxModule, { module_name: 'openstack.cloud.compute_flavor', module_args: { name: 'm1' } });
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.message : '',
      /^kolla_toolbox: module_name "openstack.cloud.compute_flavor" is not supported .*\(supported: mysql_db, mysql_query, mysql_user, mysql_variables, catalog_service, endpoint, identity_domain, identity_role, identity_user, project, role_assignment, uri\)$/,
    );
    // A module of another collection under a supported short name is not that module.
    assert.equal(checkModuleArgs(kollaToolboxModule, { module_name: 'community.mysql.uri', module_args: { url: 'http://x' } }).ok, false);
  });

  it("rejects unknown keys, its own and the module's, without showing any value", () => {
    const own = checkModuleArgs(kollaToolboxModule, { module_name: 'mysql_db', module_args: { name: 'x' }, bogus: 1 });
    assert.match(!own.ok ? own.message : '', /unsupported parameter "bogus"/);
    const inner = checkModuleArgs(kollaToolboxModule, { module_name: 'mysql_user', module_args: { ...LOGIN, name: 'u', pasword: 'hunter2' } });
    assert.equal(!inner.ok ? inner.message : '', 'kolla_toolbox: mysql_user: unsupported parameter "pasword"');
    const missing = checkModuleArgs(kollaToolboxModule, { module_name: 'mysql_query', module_args: { ...LOGIN } });
    assert.equal(!missing.ok ? missing.message : "", 'kolla_toolbox: mysql_query: parameter "query" is missing');
    const podman = checkModuleArgs(kollaToolboxModule, { module_name: 'mysql_db', module_args: { name: 'x' }, container_engine: 'podman' });
    assert.equal(podman.ok, false);
  });

  it("takes kolla-ansible's defaults: user ansible, 180 s, the kolla_toolbox container; community.mysql's login defaults", () => {
    const p = params('mysql_db', { name: 'keystone', login_password: 'x' });
    assert.equal(p.user, 'ansible');
    assert.equal(p.timeoutMs, 180_000);
    assert.equal(p.container, 'kolla_toolbox');
    assert.equal(p.args.login_host, 'localhost');
    assert.equal(p.args.login_port, 3306);
    assert.equal(params('community.mysql.mysql_db', { name: 'k' }).module.name, 'mysql_db');
  });

  it('reads module_args given as k=v text or JSON, as Ansible reads a dict', () => {
    assert.deepEqual(moduleArgs('name=keystone login_password="a b"'), { name: 'keystone', login_password: 'a b' });
    assert.deepEqual(moduleArgs('{"name": "k"}'), { name: 'k' });
    assert.equal(typeof moduleArgs('just words'), 'string');
    assert.deepEqual(params('mysql_db', 'name=keystone login_port=3307').args.login_port, 3307);
  });
});

describe('kolla_toolbox: mysql_db', () => {
  it('creates only what is missing, quoting names; a second run finds nothing to do', async () => {
    const p = params('mysql_db', { ...LOGIN, name: ["it's", 'a`b', 'there'] });
    const sql = fakeSql([[/^SELECT SCHEMA_NAME/, [{ SCHEMA_NAME: 'there' }]]]);
    const q = await query(p, sql);
    assert.equal(sql.seen[0], "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('it\\'s', 'a`b', 'there')");
    assert.ok(q.changed);
    const applied = await p.module.apply(p.args, q.plan, sql);
    assert.deepEqual(applied, { changed: true, db: "it's a`b there", db_list: ["it's", 'a`b', 'there'], executed_commands: ["CREATE DATABASE `it's`", 'CREATE DATABASE `a``b`'] });
    const again = await query(p, fakeSql([[/^SELECT SCHEMA_NAME/, [{ SCHEMA_NAME: "it's" }, { SCHEMA_NAME: 'a`b' }, { SCHEMA_NAME: 'there' }]]]));
    assert.equal(again.changed, false);
  });

  it('drops what exists with state absent; writes encoding and collation', async () => {
    const absent = params('mysql_db', { ...LOGIN, name: 'gone', state: 'absent' });
    const q = await query(absent, fakeSql([[/^SELECT SCHEMA_NAME/, [{ SCHEMA_NAME: 'gone' }]]]));
    assert.ok(q.changed);
    assert.deepEqual((q.plan as { statements: string[] }).statements, ['DROP DATABASE `gone`']);
    const enc = params('mysql_db', { ...LOGIN, name: 'n', encoding: 'utf8', collation: 'utf8_general_ci' });
    const qe = await query(enc, fakeSql([[/^SELECT SCHEMA_NAME/, []]]));
    assert.ok(qe.changed);
    assert.deepEqual((qe.plan as { statements: string[] }).statements, ["CREATE DATABASE `n` CHARACTER SET 'utf8' COLLATE 'utf8_general_ci'"]);
  });
});

describe('kolla_toolbox: mysql_user', () => {
  const args = { ...LOGIN, name: 'keystone', password: "it's secret", host: '%', priv: 'keystone.*:ALL', append_privs: 'yes' };
  const hash = nativePasswordHash("it's secret");
  const exists = (authentication: string): Array<[RegExp, Row[]]> => [[/^SELECT plugin/, [{ plugin: 'mysql_native_password', authentication_string: authentication }]]];
  const grants = (lines: string[]): [RegExp, Row[]] => [/^SHOW GRANTS/, lines.map((l) => ({ 'Grants for keystone@%': l }))];

  it('creates the account with the hash, never the password, and grants', async () => {
    const p = params('mysql_user', args);
    const sql = fakeSql([[/^SELECT plugin/, []]]);
    const q = await query(p, sql);
    assert.ok(q.changed);
    const statements = (q.plan as { statements: string[] }).statements;
    assert.deepEqual(statements, [`CREATE USER 'keystone'@'%' IDENTIFIED WITH mysql_native_password AS '${hash}'`, "GRANT ALL ON `keystone`.* TO 'keystone'@'%'"]);
    assert.ok(!JSON.stringify([sql.seen, statements, q.result]).includes('secret'), 'the password is in no statement and no result');
    assert.deepEqual(await p.module.apply(p.args, q.plan, sql), { changed: true, user: 'keystone', msg: 'User added', password_changed: true });
  });

  it('changes nothing when the hash and the grants match', async () => {
    const p = params('mysql_user', args);
    const q = await query(p, fakeSql([...exists(hash), grants([`GRANT USAGE ON *.* TO \`keystone\`@\`%\` IDENTIFIED BY PASSWORD '${hash}'`, 'GRANT ALL PRIVILEGES ON `keystone`.* TO `keystone`@`%`'])]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { user: 'keystone', msg: 'User unchanged', password_changed: false });
  });

  it('updates a changed password, unless update_password is on_create', async () => {
    const old = nativePasswordHash('old');
    const sameGrants = grants(['GRANT ALL PRIVILEGES ON `keystone`.* TO `keystone`@`%`']);
    const q = await query(params('mysql_user', args), fakeSql([...exists(old), sameGrants]));
    assert.ok(q.changed);
    assert.deepEqual((q.plan as { statements: string[] }).statements, [`ALTER USER 'keystone'@'%' IDENTIFIED WITH mysql_native_password AS '${hash}'`]);
    assert.deepEqual(q.result, { user: 'keystone', msg: 'Password updated', password_changed: true });
    const onCreate = await query(params('mysql_user', { ...args, update_password: 'on_create' }), fakeSql([...exists(old), sameGrants]));
    assert.equal(onCreate.changed, false);
  });

  it('drops the account with state absent, and says when it does not exist', async () => {
    const p = params('mysql_user', { ...LOGIN, name: 'gone', host: 'LOCALHOST', state: 'absent' });
    const q = await query(p, fakeSql(exists(hash)));
    assert.ok(q.changed);
    assert.deepEqual((q.plan as { statements: string[] }).statements, ["DROP USER 'gone'@'localhost'"]);
    const none = await query(p, fakeSql([[/^SELECT plugin/, []]]));
    assert.deepEqual(none, { changed: false, reason: 'gone@localhost does not exist', result: { user: 'gone', msg: "User doesn't exist" } });
  });

  it('fails on an encrypted password that is not a hash, and on a priv it cannot read', async () => {
    const bad = await query(params('mysql_user', { ...args, encrypted: true }), fakeSql([]));
    assert.equal((bad.result as ResultFields).failed, true);
    assert.match(String((bad.result as ResultFields).msg), /does not appear to be a valid hash/);
    const priv = await query(params('mysql_user', { ...args, priv: 'nonsense' }), fakeSql([]));
    assert.match(String((priv.result as ResultFields).msg), /invalid privileges string/);
  });
});

describe('kolla_toolbox: mysql_query', () => {
  it('has no check mode: query says it would run, apply runs', async () => {
    const p = params('mysql_query', { ...LOGIN, login_db: 'mysql', query: 'SHOW STATUS LIKE "wsrep_local_state_comment"' });
    assert.equal(p.module.query, undefined);
    const sql = fakeSql([[/^SHOW STATUS/, [{ Variable_name: 'wsrep_local_state_comment', Value: 'Synced' }]]]);
    const r = await p.module.apply(p.args, undefined, sql);
    assert.deepEqual(r, {
      changed: false,
      executed_queries: ['SHOW STATUS LIKE "wsrep_local_state_comment"'],
      query_result: [[{ Variable_name: 'wsrep_local_state_comment', Value: 'Synced' }]],
      rowcount: [1],
    });
    assert.equal(sql.options[0]?.database, 'mysql');
  });

  it("runs a list of queries, each with the arguments, in one transaction when asked; changed by community.mysql's rule", async () => {
    const p = params('mysql_query', { ...LOGIN, query: ['INSERT INTO t VALUES (%s)', 'SELECT * FROM t WHERE v = %s'], positional_args: ["o'neil"], single_transaction: true });
    const sql = fakeSql([[/^SELECT/, [{ v: "o'neil" }]]]);
    const r = await p.module.apply(p.args, undefined, sql);
    assert.deepEqual(sql.seen, ["INSERT INTO t VALUES ('o\\'neil')", "SELECT * FROM t WHERE v = 'o\\'neil'"]);
    assert.equal(sql.options[0]?.transaction, true);
    assert.equal(r.changed, true);
    assert.deepEqual(r.rowcount, [1, 1]);
    assert.deepEqual(r.query_result, [[], [{ v: "o'neil" }]]);
    // As PyMySQL: every query gets the arguments, so one without a %s is refused.
    const unused = params('mysql_query', { ...LOGIN, query: ['SELECT 1'], positional_args: [1] });
    assert.match(String((await unused.module.apply(unused.args, undefined, fakeSql([]))).msg), /^Cannot execute SQL 'SELECT 1' args \[\[1\]\]: not all positional_args/);
  });

  it('names the query the server refused', async () => {
    const p = params('mysql_query', { ...LOGIN, query: ['SELECT 1', 'SELEC 2'] });
    const r = await p.module.apply(p.args, undefined, fakeSql([[/^SELEC 2/, new Error('ERROR 1064 (42000): You have an error in your SQL syntax')]]));
    assert.equal(r.failed, true);
    assert.equal(r.msg, "Cannot execute SQL 'SELEC 2' args [None]: ERROR 1064 (42000): You have an error in your SQL syntax");
  });

  it("changed: DDL always, DML when it touched rows, the rest never", () => {
    assert.equal(queryChanged('  create table t (a int)', 0), true);
    assert.equal(queryChanged('UPDATE t SET a = 1', 0), false);
    assert.equal(queryChanged('UPDATE t SET a = 1', 3), true);
    assert.equal(queryChanged('SELECT * FROM t', 5), false);
    assert.equal(queryChanged('SHOW CREATE TABLE t', 1), false);
  });
});

describe('kolla_toolbox: mysql_variables', () => {
  it('sets a variable that differs, and compares as community.mysql does (numbers as numbers, ON is not 1)', async () => {
    const p = params('mysql_variables', { ...LOGIN, variable: 'log_bin_trust_function_creators', value: 1 });
    const sql = fakeSql([[/^SHOW VARIABLES/, [{ Variable_name: 'log_bin_trust_function_creators', Value: 'OFF' }]]]);
    const r = await p.module.apply(p.args, undefined, sql);
    assert.deepEqual(r, { changed: true, msg: 'Variable change succeeded prev_value=OFF', queries: ['SET GLOBAL `log_bin_trust_function_creators` = 1'] });
    const same = params('mysql_variables', { ...LOGIN, variable: 'max_connections', value: '151' });
    const unchanged = await same.module.apply(same.args, undefined, fakeSql([[/^SHOW VARIABLES/, [{ Variable_name: 'max_connections', Value: '151' }]]]));
    assert.deepEqual(unchanged, { changed: false, msg: 'Variable is already set to requested value.' });
    assert.equal(typedValue('1.0'), 1);
    assert.equal(typedValue('ON'), 'ON');
  });

  it('fails on a variable the server does not have, and on a name that is not one', async () => {
    const p = params('mysql_variables', { ...LOGIN, variable: 'nope' });
    assert.deepEqual(await p.module.apply(p.args, undefined, fakeSql([[/^SHOW VARIABLES/, []]])), { failed: true, changed: false, msg: 'Variable not available "nope"' });
    assert.throws(() => params('mysql_variables', { ...LOGIN, variable: 'x; DROP' }), /invalid variable name/);
  });
});
