/**
 * kolla_toolbox on a testbed node, as kolla-ansible's roles use it: a
 * MariaDB server (bootstrapped as the mariadb role does, KOLLA_BOOTSTRAP
 * with DB_ROOT_PASSWORD) and a kolla_toolbox container, both started with
 * kolla_container from this tree's images; then mysql_query, mysql_db,
 * mysql_user and mysql_variables through the toolbox's mariadb client.
 * Names, the password and the database hold quotes, and no result of any
 * task may show a password.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TaskOutcome } from '../../../src/executor/module-runner.js';
import { secret } from '../../../src/connection/index.js';
import { buildImages } from '../../../src/images/index.js';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import { kollaToolboxModule } from '../../../src/modules/kolla_toolbox.js';
import { pushToRegistry, testbedNames } from '../../../src/testbed/index.js';
import { configVolume, removeKollaConfig, writeKollaConfig } from '../../support/kolla-config.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

const run = process.pid;
const NAMESPACE = process.env.KOLLA_RUN_TEST_NAMESPACE ?? 'kolla';
const ROOT_PASSWORD = `root'pw"${run}\\`;
const USER_PASSWORD = `us'er"pw\\${run}`;
const NEW_PASSWORD = `n3w'pw${run}`;
const WRONG_PASSWORD = `wr'ong${run}`;
const SECRETS = [ROOT_PASSWORD, USER_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD];
/** Its own port (host network): other tests' servers on this node keep 3306. */
const PORT = 20000 + (run % 10000);
const MARIADB = `kr_tbx_mariadb_${run}`;
const TOOLBOX = `kr_tbx_toolbox_${run}`;
const VOLUME = `kr_tbx_mariadb_${run}`;
const DB = `kr'db\`${run}`;
const USER = `kr'user${run}`;

let host: ModuleHost;
const images: Record<string, string> = {};
const outcomes: TaskOutcome[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

const login = { login_host: '127.0.0.1', login_port: PORT, login_user: 'root', login_password: ROOT_PASSWORD };

async function toolbox(moduleName: string, moduleArgs: Record<string, unknown>, flags: { check?: boolean } = {}, extra: Record<string, unknown> = {}): Promise<TaskOutcome> {
  const outcome = await host.run(kollaToolboxModule, { container_engine: 'docker', module_name: moduleName, module_args: moduleArgs, container_name: TOOLBOX, ...extra }, flags);
  outcomes.push(outcome);
  return outcome;
}

const show = (o: TaskOutcome) => JSON.stringify(o.result);

async function sql(query: string): Promise<string> {
  const r = await host.connection.exec(`docker exec -i -e MYSQL_PWD ${MARIADB} mariadb -uroot -N -B`, { stdin: query, env: { MYSQL_PWD: secret(ROOT_PASSWORD) } });
  assert.equal(r.rc, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  const t0 = Date.now();
  const built = await buildImages({ namespace: NAMESPACE, patterns: ['^mariadb-server$', '^kolla-toolbox$'] });
  assert.deepEqual(built.images.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.error ?? ''}`), []);
  const state = await upTestbed(TEST_NODES);
  host = await moduleHost(0);
  for (const image of ['mariadb-server', 'kolla-toolbox']) {
    const ref = await pushToRegistry(`${NAMESPACE}/${image}:latest`, testbedNames(state.testbed, '/unused'), state.registry.hostPort);
    const pulled = await host.run(kollaContainerModule, { action: 'pull_image', image: ref });
    assert.notEqual(pulled.status, 'failed', show(pulled));
    images[image] = ref;
  }
  log(`images on the node in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const mariadbConfig = {
    command: '/usr/sbin/mariadbd',
    files: [{ name: 'galera.cnf', content: `[mysqld]\nbind-address = 127.0.0.1\nport = ${PORT}\n`, dest: '/etc/mysql/mariadb.conf.d/99-kolla.cnf', owner: 'mysql', perm: '0600' }],
    permissions: [{ path: '/var/lib/mysql', owner: 'mysql:mysql' }],
  };
  await writeKollaConfig(host, MARIADB, mariadbConfig);
  const common = { image: images['mariadb-server'], volumes: [configVolume(MARIADB), `${VOLUME}:/var/lib/mysql`], cap_add: [] };
  const boot = await host.run(kollaContainerModule, {
    action: 'start_container',
    name: `${MARIADB}_bootstrap`,
    detach: false,
    ...common,
    environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', KOLLA_BOOTSTRAP: '', DB_ROOT_PASSWORD: ROOT_PASSWORD },
  });
  assert.equal(boot.result.rc, 0, show(boot).slice(-2000));
  const started = await host.run(kollaContainerModule, {
    action: 'start_container',
    name: MARIADB,
    ...common,
    environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', MARIADB_HEALTHCHECK_USER: 'root', MARIADB_HEALTHCHECK_PASSWORD: ROOT_PASSWORD },
    healthcheck: { test: ['CMD-SHELL', 'healthcheck_mariadb'], interval: '2', timeout: '30', retries: '5', start_period: '5' },
  });
  assert.equal(started.status, 'changed', show(started));
  const healthy = await host.run(kollaContainerModule, { action: 'wait_healthy', name: MARIADB, timeout: 300 });
  assert.equal(healthy.status, 'ok', show(healthy));

  // kolla-ansible's toolbox: kolla_start, then a process that only waits.
  await writeKollaConfig(host, TOOLBOX, { command: 'sleep infinity' });
  const tb = await host.run(kollaContainerModule, {
    action: 'start_container',
    name: TOOLBOX,
    image: images['kolla-toolbox'],
    volumes: [configVolume(TOOLBOX)],
    environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' },
  });
  assert.equal(tb.status, 'changed', show(tb));
  log(`mariadb and kolla_toolbox running in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

after(async () => {
  if (!host) return;
  await host.connection.exec(`docker rm -f ${TOOLBOX} ${MARIADB} ${MARIADB}_bootstrap >/dev/null 2>&1; docker volume rm ${VOLUME} >/dev/null 2>&1; true`);
  await removeKollaConfig(host, TOOLBOX);
  await removeKollaConfig(host, MARIADB);
  await host.close();
});

test('mysql_query: SHOW STATUS gives the shape the roles read (query_result[0][0].Value), and changes nothing', async () => {
  const r = await toolbox('mysql_query', { ...login, login_db: 'mysql', query: 'SHOW STATUS LIKE "Uptime"' });
  assert.equal(r.status, 'ok', show(r));
  const rows = r.result.query_result as Array<Array<Record<string, unknown>>>;
  assert.equal(rows[0]?.[0]?.Variable_name, 'Uptime');
  assert.match(String(rows[0]?.[0]?.Value), /^\d+$/);
  assert.deepEqual(r.result.rowcount, [1]);
  assert.deepEqual(r.result.executed_queries, ['SHOW STATUS LIKE "Uptime"']);
  // A list in one session; NULL as null; an argument written in, quoted.
  const arg = await toolbox('mysql_query', { ...login, query: 'SELECT %s AS arg', positional_args: ["o'ne\\il"] });
  assert.deepEqual(arg.result.query_result, [[{ arg: "o'ne\\il" }]], show(arg));
  const listed = await toolbox('mysql_query', { ...login, query: ["SELECT NULL AS n, 'it''s' AS s", 'SELECT CURRENT_USER() AS me'] });
  assert.deepEqual(listed.result.query_result, [[{ n: null, s: "it's" }], [{ me: 'root@localhost' }]]);
  const check = await toolbox('mysql_query', { ...login, query: 'SELECT 1' }, { check: true });
  assert.equal(check.status, 'skipped', 'mysql_query has no check mode');
});

test('mysql_db: created (a name with a quote and a backtick), then nothing to do; check mode creates nothing; absent drops', async () => {
  const args = { ...login, name: DB };
  const checked = await toolbox('mysql_db', args, { check: true });
  assert.equal(checked.status, 'changed', show(checked));
  assert.equal(await sql(`SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'kr''db\`${run}'`), '0\n', 'check mode created nothing');
  const first = await toolbox('mysql_db', args);
  assert.equal(first.status, 'changed', show(first));
  assert.deepEqual(first.result.executed_commands, [`CREATE DATABASE \`kr'db\`\`${run}\``]);
  assert.equal(await sql(`SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'kr''db\`${run}'`), `kr'db\`${run}\n`);
  const second = await toolbox('mysql_db', args);
  assert.equal(second.status, 'ok', show(second));

  const other = { ...login, name: `kr_gone_${run}` };
  assert.equal((await toolbox('mysql_db', other)).status, 'changed');
  assert.equal((await toolbox('mysql_db', { ...other, state: 'absent' })).status, 'changed');
  assert.equal((await toolbox('mysql_db', { ...other, state: 'absent' })).status, 'ok');
});

test('mysql_user: created with privileges, then nothing to do; a new password changes it; the user logs in with it', async () => {
  const args = { ...login, name: USER, password: USER_PASSWORD, host: '%', priv: `${DB}.*:ALL`, append_privs: 'yes' };
  const first = await toolbox('mysql_user', args);
  assert.equal(first.status, 'changed', show(first));
  assert.equal(first.result.msg, 'User added');
  const second = await toolbox('mysql_user', args);
  assert.equal(second.status, 'ok', `same password and privileges: ${show(second)}`);
  const grants = await sql(`SHOW GRANTS FOR 'kr''user${run}'@'%'`);
  assert.match(grants, new RegExp(`GRANT ALL PRIVILEGES ON \`kr'db\`\`${run}\`\\.\\* TO \`kr'user${run}\`@\`%\``));

  const changed = { ...args, password: NEW_PASSWORD };
  const checked = await toolbox('mysql_user', changed, { check: true });
  assert.equal(checked.status, 'changed', show(checked));
  assert.equal((await toolbox('mysql_user', args)).status, 'ok', 'check mode left the old password');
  const updated = await toolbox('mysql_user', changed);
  assert.equal(updated.status, 'changed', show(updated));
  assert.equal(updated.result.password_changed, true);
  assert.equal((await toolbox('mysql_user', changed)).status, 'ok');

  const me = await toolbox('mysql_query', { login_host: '127.0.0.1', login_port: PORT, login_user: USER, login_password: NEW_PASSWORD, login_db: DB, query: 'SELECT CURRENT_USER() AS me, DATABASE() AS db' });
  assert.equal(me.status, 'ok', show(me));
  assert.deepEqual(me.result.query_result, [[{ me: `${USER}@%`, db: DB }]]);
});

test("mysql_user: kolla-ansible's monitor and root forms are idempotent (aliases, grant option); absent drops", async () => {
  const monitor = { ...login, name: `kr_monitor_${run}`, password: USER_PASSWORD, host: '%', priv: '*.*:USAGE,REPLICATION CLIENT' };
  assert.equal((await toolbox('mysql_user', monitor)).status, 'changed');
  const again = await toolbox('mysql_user', monitor);
  assert.equal(again.status, 'ok', show(again));
  const shard = { ...login, name: `kr_root_shard_${run}`, password: USER_PASSWORD, host: '%', priv: '*.*:ALL,GRANT' };
  assert.equal((await toolbox('mysql_user', shard)).status, 'changed');
  assert.equal((await toolbox('mysql_user', shard)).status, 'ok');
  for (const name of [monitor.name, shard.name]) {
    assert.equal((await toolbox('mysql_user', { ...login, name, host: '%', state: 'absent' })).status, 'changed');
    assert.equal((await toolbox('mysql_user', { ...login, name, host: '%', state: 'absent' })).status, 'ok');
  }
});

test('mysql_variables: a differing value is set, then nothing to do', async () => {
  const args = { ...login, variable: 'max_connections', value: 123 };
  assert.equal((await toolbox('mysql_variables', args)).status, 'changed');
  const again = await toolbox('mysql_variables', args);
  assert.equal(again.status, 'ok', show(again));
  assert.equal(await sql('SELECT @@GLOBAL.max_connections'), '123\n');
});

test('a wrong password fails the task with the server\'s message, and no password in it', async () => {
  const r = await toolbox('mysql_query', { ...login, login_password: WRONG_PASSWORD, query: 'SELECT 1' });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^unable to connect to database, check login_user and login_password are correct .*Access denied for user 'root'/);
  // mysql_db says first that the option file is missing (the toolbox user has no ~/.my.cnf), as community.mysql does.
  const db = await toolbox('mysql_db', { ...login, login_password: WRONG_PASSWORD, name: 'never' });
  assert.equal(db.status, 'failed');
  assert.match(String(db.result.msg), /^unable to find \/\S+\/\.my\.cnf\. Exception message: .*Access denied for user 'root'/);
  const missing = await toolbox('mysql_query', { ...login, query: 'SELECT 1' }, {}, { container_name: `kr_no_such_${run}` });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, `kr_no_such_${run} container is missing or not running!`);
});

/** Every string inside a value (JSON text would escape the quotes and backslashes the passwords hold). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

test('no result of any task above shows a password', () => {
  assert.ok(outcomes.length > 20);
  const all = strings(outcomes);
  for (const s of SECRETS) assert.ok(!all.some((text) => text.includes(s)), 'a password is in a task result');
});
