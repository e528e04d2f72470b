/**
 * The community.mysql modules of kolla_toolbox over a fake SQL session:
 * their defaults, the results they register (community.mysql's fields and
 * messages) and the statements they send, for the paths kolla-ansible's
 * tasks take and the ways a session fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlError } from '../../../../src/modules/toolbox/client.js';
import { clientArgv } from '../../../../src/modules/toolbox/login.js';
import { nativePasswordHash } from '../../../../src/modules/toolbox/sql.js';
import { accessDenied, fakeSql, refusal, runModule, toolboxParams } from './fakes.js';

const LOGIN = { login_host: '10.0.0.1', login_user: 'root', login_password: 'rootpw' };
const CONNECT_FAILED =
  "unable to connect to database, check login_user and login_password are correct or ~/.my.cnf has the credentials. Exception message: ERROR 1045 (28000): Access denied for user 'root'@'10.0.0.2' (using password: YES)";

describe('community.mysql login options', () => {
  it('takes ports 0 to 65535 and refuses others with community.mysql message', () => {
    assert.equal(toolboxParams('mysql_db', { ...LOGIN, name: 'k', login_port: 0 }).args.login_port, 0);
    assert.equal(toolboxParams('mysql_db', { ...LOGIN, name: 'k', login_port: 65535 }).args.login_port, 65535);
    assert.equal(refusal('mysql_db', { ...LOGIN, name: 'k', login_port: 65536 }), 'kolla_toolbox: mysql_db: parameter "login_port": login_port must be a valid unix port number (0-65535)');
  });

  it('waits 30 s for the server unless told, and refuses a timeout of 0', () => {
    const p = toolboxParams('mysql_db', { ...LOGIN, name: 'k' });
    assert.ok(clientArgv(p.args as Parameters<typeof clientArgv>[0]).includes('--connect-timeout=30'));
    assert.notEqual(refusal('mysql_db', { ...LOGIN, name: 'k', connect_timeout: 0 }), '');
  });

  it('a refused login is the connection message, naming ~/.my.cnf when no config_file is given', async () => {
    const p = toolboxParams('mysql_db', { ...LOGIN, name: 'keystone' });
    const { q } = await runModule(p, fakeSql([[/^SELECT SCHEMA_NAME/, accessDenied()]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, changed: false, msg: CONNECT_FAILED });
  });
});

describe('community.mysql connection messages: the option file', () => {
  const home = '/var/lib/ansible/.my.cnf';
  const denied = accessDenied().message;

  it('mysql_db and mysql_variables say when the option file is missing, naming it as the container expands it', async () => {
    const db = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'keystone' }), fakeSql([[/./, accessDenied({ exists: false, expanded: home })]]));
    assert.deepEqual(db.r, { failed: true, changed: false, msg: `unable to find ${home}. Exception message: ${denied}` });
    const dropping = toolboxParams('mysql_db', { ...LOGIN, name: 'keystone', state: 'absent' });
    const applied = await dropping.module.apply(dropping.args, { statements: ['DROP DATABASE `keystone`'] }, fakeSql([[/./, accessDenied({ exists: false, expanded: home })]]));
    assert.deepEqual(applied, { failed: true, changed: false, msg: `unable to find ${home}. Exception message: ${denied}` });
    const vars = toolboxParams('mysql_variables', { ...LOGIN, variable: 'wsrep_on' });
    assert.deepEqual(await vars.module.apply(vars.args, undefined, fakeSql([[/./, accessDenied({ exists: false, expanded: home })]])), { failed: true, changed: false, msg: `unable to find ${home}. Exception message: ${denied}` });
  });

  it('with the file there, or for mysql_user and mysql_query, it is named as holding the credentials', async () => {
    const credentials = `unable to connect to database, check login_user and login_password are correct or ${home} has the credentials. Exception message: ${denied}`;
    const db = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'keystone' }), fakeSql([[/./, accessDenied({ exists: true, expanded: home })]]));
    assert.deepEqual(db.r, { failed: true, changed: false, msg: credentials });
    const user = await runModule(toolboxParams('mysql_user', { ...LOGIN, name: 'keystone', password: 'pw' }), fakeSql([[/./, accessDenied({ exists: false, expanded: home })]]));
    assert.deepEqual(user.r, { failed: true, changed: false, msg: credentials });
  });
});

describe('mysql_db', () => {
  it("refuses the name 'all' and does nothing for an empty list, as community.mysql", async () => {
    const all = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'all' }), fakeSql([]));
    assert.equal(all.q.changed, false);
    assert.deepEqual(all.r, { failed: true, msg: "name is not allowed to equal 'all' unless state equals import, or dump." });
    const none = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: [] }), fakeSql([]));
    assert.equal(none.q.changed, false);
    assert.deepEqual(none.r, { db: '', db_list: [] });
  });

  it('writes to the binary log unless sql_log_bin is no', async () => {
    const logged = fakeSql([[/^SELECT SCHEMA_NAME/, []]]);
    await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'keystone' }), logged);
    assert.deepEqual(logged.seen.slice(1), ['CREATE DATABASE `keystone`']);
    const unlogged = fakeSql([[/^SELECT SCHEMA_NAME/, []]]);
    await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'keystone', sql_log_bin: false }), unlogged);
    assert.deepEqual(unlogged.seen.slice(1), ['SET SQL_LOG_BIN=0', 'CREATE DATABASE `keystone`']);
  });

  it("says whether creating or deleting failed, as community.mysql's messages", async () => {
    const denied = new SqlError("ERROR 1044 (42000): Access denied for user 'keystone'@'%' to database 'nova'", 'statement');
    const create = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'nova' }), fakeSql([[/^SELECT SCHEMA_NAME/, []], [/^CREATE/, denied]]));
    assert.deepEqual(create.r, { failed: true, changed: false, msg: `error creating database: ${denied.message}` });
    const drop = await runModule(toolboxParams('mysql_db', { ...LOGIN, name: 'nova', state: 'absent' }), fakeSql([[/^SELECT SCHEMA_NAME/, [{ SCHEMA_NAME: 'nova' }]], [/^DROP/, denied]]));
    assert.deepEqual(drop.r, { failed: true, changed: false, msg: `error deleting database: ${denied.message}` });
  });
});

describe('mysql_query', () => {
  it('runs without a transaction unless single_transaction is set', async () => {
    const p = toolboxParams('mysql_query', { ...LOGIN, query: 'SELECT 1' });
    const sql = fakeSql([[/^SELECT/, [{ '1': '1' }]]]);
    await p.module.apply(p.args, undefined, sql);
    assert.equal(sql.options[0]?.transaction, false);
  });

  it('takes named_args alone, not with positional_args', async () => {
    const p = toolboxParams('mysql_query', { ...LOGIN, query: 'SELECT * FROM t WHERE v = %(v)s', named_args: { v: 'x' } });
    const sql = fakeSql([[/^SELECT/, []]]);
    await p.module.apply(p.args, undefined, sql);
    assert.deepEqual(sql.seen, ["SELECT * FROM t WHERE v = 'x'"]);
    assert.match(refusal('mysql_query', { ...LOGIN, query: 'SELECT %s', positional_args: [1], named_args: { v: 1 } }), /mutually exclusive: positional_args\|named_args/);
  });

  it('a refused login is the connection message; a refused query names it and changes nothing', async () => {
    const p = toolboxParams('mysql_query', { ...LOGIN, query: ['SELECT 1', 'SELEC 2'] });
    assert.deepEqual(await p.module.apply(p.args, undefined, fakeSql([[/./, accessDenied()]])), { failed: true, changed: false, msg: CONNECT_FAILED });
    const syntax = new SqlError("ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'SELEC 2' at line 1", 'statement');
    assert.deepEqual(await p.module.apply(p.args, undefined, fakeSql([[/^SELEC 2/, syntax]])), { failed: true, changed: false, msg: `Cannot execute SQL 'SELEC 2' args [None]: ${syntax.message}` });
    // The client's own failure names no query.
    const noDefaults = new SqlError('Could not open required defaults file: /etc/kolla/missing.cnf\nFatal error in defaults handling. Program aborted', 'client');
    assert.deepEqual(await p.module.apply(p.args, undefined, fakeSql([[/./, noDefaults]])), { failed: true, changed: false, msg: noDefaults.message });
  });
});

describe('mysql_user', () => {
  const hash = nativePasswordHash('keystone-pw');
  const args = { ...LOGIN, name: 'keystone', password: 'keystone-pw', host: '%', priv: 'keystone.*:ALL' };
  const account = (grantLines: string[]) =>
    fakeSql([
      [/^SELECT plugin/, [{ plugin: 'mysql_native_password', authentication_string: hash }]],
      [/^SHOW GRANTS/, grantLines.map((l) => ({ 'Grants for keystone@%': l }))],
    ]);

  it('keeps the login password, the password and its hash out of every result', () => {
    const p = toolboxParams('mysql_user', args);
    assert.deepEqual(p.module.secrets(p.args), ['rootpw', 'keystone-pw', hash]);
  });

  it('grants one missing privilege without touching the password', async () => {
    const sql = account([`GRANT USAGE ON *.* TO \`keystone\`@\`%\` IDENTIFIED BY PASSWORD '${hash}'`]);
    const { q, r } = await runModule(toolboxParams('mysql_user', args), sql);
    assert.deepEqual(q.result, { user: 'keystone', msg: 'New privileges granted', password_changed: false });
    assert.deepEqual(r, { changed: true, user: 'keystone', msg: 'New privileges granted', password_changed: false });
    assert.deepEqual(sql.seen.slice(2), ["GRANT ALL ON `keystone`.* TO 'keystone'@'%'"]);
  });

  it('replaces privileges unless append_privs: those on other databases are revoked', async () => {
    const lines = [`GRANT USAGE ON *.* TO \`keystone\`@\`%\` IDENTIFIED BY PASSWORD '${hash}'`, 'GRANT ALL PRIVILEGES ON `keystone`.* TO `keystone`@`%`', 'GRANT SELECT ON `nova`.* TO `keystone`@`%`'];
    const replaced = account(lines);
    await runModule(toolboxParams('mysql_user', args), replaced);
    assert.deepEqual(replaced.seen.slice(2), ["REVOKE SELECT ON `nova`.* FROM 'keystone'@'%'"]);
    const appended = await runModule(toolboxParams('mysql_user', { ...args, append_privs: true }), account(lines));
    assert.equal(appended.q.changed, false);
  });

  it('writes to the binary log unless sql_log_bin is no; a dropped account has no password change', async () => {
    const created = fakeSql([[/^SELECT plugin/, []]]);
    await runModule(toolboxParams('mysql_user', args), created);
    assert.match(created.seen[1] ?? '', /^CREATE USER/);
    const dropped = await runModule(toolboxParams('mysql_user', { ...args, state: 'absent' }), account([]));
    assert.deepEqual(dropped.r, { changed: true, user: 'keystone', msg: 'User deleted', password_changed: false });
  });

  it('a refused login is the failed result of the check, with nothing to apply', async () => {
    const { q } = await runModule(toolboxParams('mysql_user', args), fakeSql([[/./, accessDenied()]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, changed: false, msg: `unable to connect to database, check login_user and login_password are correct or ~/.my.cnf has the credentials. Exception message: ${accessDenied().message}` });
  });
});

describe('mysql_variables', () => {
  it('without value: the current value as msg, no change', async () => {
    const p = toolboxParams('mysql_variables', { ...LOGIN, variable: 'wsrep_on' });
    const r = await p.module.apply(p.args, undefined, fakeSql([[/^SHOW VARIABLES/, [{ Variable_name: 'wsrep_on', Value: 'ON' }]]]));
    assert.deepEqual(r, { changed: false, msg: 'ON' });
  });
});
