import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGrants, parsePrivSpec, privilegeChanges, type Privileges } from '../../../../src/modules/toolbox/grants.js';

const show = (p: Privileges) => Object.fromEntries([...p].map(([t, s]) => [t, [...s].sort()]));
const ACCT = "'kr'@'%'";

describe('mysql_user privileges: the priv parameter', () => {
  it("reads kolla-ansible's forms", () => {
    assert.deepEqual(show(parsePrivSpec('keystone.*:ALL')), { '`keystone`.*': ['ALL'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec('*.*:ALL,GRANT')), { '*.*': ['ALL', 'GRANT'] });
    assert.deepEqual(show(parsePrivSpec('*.*:USAGE,REPLICATION CLIENT')), { '*.*': ['BINLOG MONITOR'] });
    assert.deepEqual(show(parsePrivSpec('*.*:RELOAD,PROCESS,LOCK TABLES,BINLOG MONITOR/mysql_backup.mariadb_backup_history:CREATE,ALTER,INSERT')), {
      '*.*': ['BINLOG MONITOR', 'LOCK TABLES', 'PROCESS', 'RELOAD'],
      '`mysql_backup`.`mariadb_backup_history`': ['ALTER', 'CREATE', 'INSERT'],
    });
  });

  it('takes a mapping, quoted names, lower case and ALL PRIVILEGES', () => {
    assert.deepEqual(show(parsePrivSpec({ 'db1.*': 'all privileges,grant', '`my.db`.`t``x`': 'select' })), { '`db1`.*': ['ALL', 'GRANT'], '`my.db`.`t``x`': ['SELECT'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec("it's.*:ALL")), { "`it's`.*": ['ALL'], '*.*': [] });
  });

  it("reads the target's backticks as community.mysql does (its privileges_unpack gives the same targets)", () => {
    assert.deepEqual(show(parsePrivSpec('db`.*:SELECT')), { '`db`.*': ['SELECT'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec('``db``.t:SELECT')), { '`db`.`t`': ['SELECT'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec('`a``b`.*:SELECT')), { '`a``b`.*': ['SELECT'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec('`*`.*:SELECT')), { '`*`.*': ['SELECT'], '*.*': [] });
    // An empty database name is passed on (the server refuses it).
    assert.deepEqual(show(parsePrivSpec('.*:SELECT')), { '``.*': ['SELECT'], '*.*': [] });
    assert.deepEqual(show(parsePrivSpec('PROCEDURE db.p:EXECUTE')), { 'PROCEDURE `db`.`p`': ['EXECUTE'], '*.*': [] });
  });

  it('names an empty privilege in its message', () => {
    assert.throws(() => parsePrivSpec('db.*:,SELECT'), { message: 'invalid privilege "" in db.*:,SELECT' });
  });

  it('refuses what it cannot read, column privileges included', () => {
    assert.throws(() => parsePrivSpec('db.*'), /invalid privileges string/);
    assert.throws(() => parsePrivSpec('db:ALL'), /invalid privileges string/);
    assert.throws(() => parsePrivSpec('db.t:SELECT (a)'), /column privileges/);
    assert.throws(() => parsePrivSpec('db.*:ALL; DROP USER root'), /invalid privilege/);
  });
});

describe('mysql_user privileges: SHOW GRANTS', () => {
  it('reads what MariaDB 10.11 prints', () => {
    const lines = [
      "GRANT RELOAD, PROCESS, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR ON *.* TO `mon`@`%` IDENTIFIED BY PASSWORD '*B69027D44F6E5EDC07F1AEAD1477967B16F28227'",
      'GRANT ALL PRIVILEGES ON `my_db`.* TO `mon`@`%` WITH GRANT OPTION',
      'GRANT SELECT (`id`), INSERT (`id`, `v`) ON `a``b"<&>`.`t` TO `mon`@`%`',
      'GRANT INSERT, CREATE, ALTER ON `my_db`.`hist` TO `mon`@`%`',
      "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
      'GRANT `admin` TO `mon`@`%`',
    ];
    assert.deepEqual(show(parseGrants(lines)), {
      '*.*': ['BINLOG MONITOR', 'LOCK TABLES', 'PROCESS', 'RELOAD', 'REPLICATION SLAVE', 'SLAVE MONITOR'],
      '`my_db`.*': ['ALL', 'GRANT'],
      '`a``b"<&>`.`t`': ['INSERT (`id`, `v`)', 'SELECT (`id`)'],
      '`my_db`.`hist`': ['ALTER', 'CREATE', 'INSERT'],
      "PROXY ''@'%'": ['GRANT', 'PROXY'],
    });
  });

  it('reads routine grants, names left bare (sql_quote_show_create off) and databases or tables named *', () => {
    assert.deepEqual(show(parseGrants(['GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE `db`.`p` TO `kr`@`%`', 'GRANT EXECUTE ON FUNCTION `db`.`f` TO `kr`@`%`'])), {
      'PROCEDURE `db`.`p`': ['ALTER ROUTINE', 'EXECUTE'],
      'FUNCTION `db`.`f`': ['EXECUTE'],
    });
    assert.deepEqual(show(parseGrants(['GRANT SELECT ON mydb.* TO kr@`%`'])), { '`mydb`.*': ['SELECT'] });
    assert.deepEqual(show(parseGrants(['GRANT SELECT ON `*`.`*` TO `kr`@`%`', 'GRANT INSERT ON "*"."*" TO "kr"@"%"', 'GRANT UPDATE ON `d`.`*` TO `kr`@`%`'])), {
      '`*`.`*`': ['INSERT', 'SELECT'],
      '`d`.`*`': ['UPDATE'],
    });
  });

  it('reads ANSI_QUOTES names and USAGE as no privilege', () => {
    assert.deepEqual(show(parseGrants(['GRANT USAGE ON *.* TO "kr"@"%"', 'GRANT SELECT ON "a""b".* TO "kr"@"%"'])), { '*.*': [], '`a"b`.*': ['SELECT'] });
  });

  it('does not read WITH GRANT OPTION inside a quoted auth string', () => {
    assert.deepEqual(show(parseGrants(["GRANT USAGE ON *.* TO `kr`@`%` IDENTIFIED VIA pam USING 'x WITH GRANT OPTION'"])), { '*.*': [] });
  });
});

describe('mysql_user privileges: changes', () => {
  const have = (lines: string[]) => parseGrants(lines);

  it("nothing to do when the server has what kolla-ansible asks (append_privs: yes and no)", () => {
    const server = have(["GRANT USAGE ON *.* TO `kr`@`%` IDENTIFIED BY PASSWORD '*ABC'", 'GRANT ALL PRIVILEGES ON `keystone`.* TO `kr`@`%`']);
    for (const append of [true, false]) assert.deepEqual(privilegeChanges(server, parsePrivSpec('keystone.*:ALL'), ACCT, { append, user: 'kr' }).statements, []);
    const root = have(['GRANT ALL PRIVILEGES ON *.* TO `root_shard_0`@`%` WITH GRANT OPTION']);
    assert.deepEqual(privilegeChanges(root, parsePrivSpec('*.*:ALL,GRANT'), ACCT, { append: false, user: 'root_shard_0' }).statements, []);
    const monitor = have(['GRANT BINLOG MONITOR ON *.* TO `monitor`@`%`']);
    assert.deepEqual(privilegeChanges(monitor, parsePrivSpec('*.*:USAGE,REPLICATION CLIENT'), ACCT, { append: false, user: 'monitor' }).statements, []);
  });

  it('grants what is missing', () => {
    const server = have(['GRANT USAGE ON *.* TO `kr`@`%`']);
    const c = privilegeChanges(server, parsePrivSpec('keystone.*:ALL'), ACCT, { append: true, user: 'kr' });
    assert.deepEqual(c.statements, ["GRANT ALL ON `keystone`.* TO 'kr'@'%'"]);
    assert.equal(c.msg, 'New privileges granted');
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('*.*:ALL,GRANT'), ACCT, { append: false, user: 'kr' }).statements, ["GRANT ALL ON *.* TO 'kr'@'%' WITH GRANT OPTION"]);
  });

  it('adds the grant option alone with USAGE, and revokes it when not asked', () => {
    const server = have(['GRANT ALL PRIVILEGES ON `db`.* TO `kr`@`%`']);
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('db.*:ALL,GRANT'), ACCT, { append: false, user: 'kr' }).statements, ["GRANT USAGE ON `db`.* TO 'kr'@'%' WITH GRANT OPTION"]);
    const withGrant = have(['GRANT ALL PRIVILEGES ON `db`.* TO `kr`@`%` WITH GRANT OPTION']);
    assert.deepEqual(privilegeChanges(withGrant, parsePrivSpec('db.*:ALL'), ACCT, { append: false, user: 'kr' }).statements, ["REVOKE GRANT OPTION ON `db`.* FROM 'kr'@'%'"]);
    assert.deepEqual(privilegeChanges(withGrant, parsePrivSpec('db.*:ALL'), ACCT, { append: true, user: 'kr' }).statements, []);
  });

  it('replaces: revokes first what was not asked, on other targets too (but not with append_privs)', () => {
    const server = have(['GRANT RELOAD ON *.* TO `kr`@`%`', 'GRANT ALL PRIVILEGES ON `old`.* TO `kr`@`%`', 'GRANT SELECT, INSERT ON `db`.* TO `kr`@`%`']);
    const c = privilegeChanges(server, parsePrivSpec('db.*:SELECT,UPDATE'), ACCT, { append: false, user: 'kr' });
    assert.deepEqual(c.statements, [
      "REVOKE ALL PRIVILEGES ON `old`.* FROM 'kr'@'%'",
      "REVOKE INSERT ON `db`.* FROM 'kr'@'%'",
      // *.* is asked as USAGE (community.mysql adds it when priv does not name *.*).
      "REVOKE RELOAD ON *.* FROM 'kr'@'%'",
      "GRANT UPDATE ON `db`.* TO 'kr'@'%'",
    ]);
    assert.match(c.msg, /^Privileges updated: granted \[.*\], revoked \[.*\]$/);
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('db.*:SELECT,UPDATE'), ACCT, { append: true, user: 'kr' }).statements, ["GRANT UPDATE ON `db`.* TO 'kr'@'%'"]);
  });

  it('narrows ALL to what is asked', () => {
    const server = have(['GRANT ALL PRIVILEGES ON `db`.* TO `kr`@`%`']);
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('db.*:SELECT'), ACCT, { append: false, user: 'kr' }).statements, [
      "REVOKE ALL PRIVILEGES ON `db`.* FROM 'kr'@'%'",
      "GRANT SELECT ON `db`.* TO 'kr'@'%'",
    ]);
    // With append_privs, ALL already gives SELECT.
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('db.*:SELECT'), ACCT, { append: true, user: 'kr' }).statements, []);
  });

  it("leaves root's other targets and PROXY grants alone", () => {
    const server = have(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION', "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION", 'GRANT ALL ON `x`.* TO `root`@`localhost`']);
    assert.deepEqual(privilegeChanges(server, parsePrivSpec('*.*:ALL,GRANT'), "'root'@'localhost'", { append: false, user: 'root' }).statements, []);
  });
});
