/**
 * Every image of the project as a deployment runs it: on a testbed node's
 * own engine, through the kolla_container module (over SSH, the engine API
 * on the forwarded socket), its configuration rendered under
 * /etc/kolla/<service>/ (root's, 0660) and put in place by kolla_start from
 * config.json, started with its healthcheck, and healthy (wait_healthy).
 * Then each is asked to do its job, and a second deploy changes nothing
 * (compare_container: no field and no file drifted).
 *
 * Images reach the node both ways a deployment may use: memcached and
 * rsyslog streamed from the controller's engine over SSH (no registry),
 * the others pushed to the testbed registry and pulled by the node. The
 * services then work together on the node: haproxy fronts keystone and
 * logs to rsyslog, rsyslog gathers mariadb's log file, the toolbox talks
 * to mariadb and to keystone through haproxy.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildImages } from '../../../src/images/index.js';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import type { TaskOutcome } from '../../../src/executor/module-runner.js';
import { pushToRegistry, testbedNames } from '../../../src/testbed/index.js';
import { configVolume, removeKollaConfig, writeKollaConfig, type KollaConfig } from '../../support/kolla-config.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';
import { KEYSTONE_CONF, WSGI_KEYSTONE_CONF } from '../../support/keystone-fixture.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const run = process.pid;
/** The controller's images, built from this tree (kolla/*, or KOLLA_RUN_TEST_NAMESPACE/* to leave kolla/* alone). */
const NAMESPACE = process.env.KOLLA_RUN_TEST_NAMESPACE ?? 'kolla';
const STREAMED = ['memcached', 'rsyslog'];
const PULLED = ['mariadb-server', 'rabbitmq', 'haproxy', 'keepalived', 'keystone', 'kolla-toolbox'];
const DB_PASSWORD = "db'pw";
const ADMIN_PASSWORD = 'admin-pw';
/** A documentation address (TEST-NET-1): keepalived's virtual address on the node. */
const VIP = '192.0.2.51';

let host: ModuleHost;
let vipDevice = '';
const images: Record<string, string> = {};
const containers: string[] = [];
const volumes: string[] = [];
const logs = `kr_kolla_logs_${run}`;

before(async () => {
  // The images as this tree defines them: from the cache when nothing changed (~2 s), else rebuilt.
  const t0 = Date.now();
  const built = await buildImages({ namespace: NAMESPACE, patterns: [...STREAMED, ...PULLED].map((i) => `^${i}$`) });
  assert.deepEqual(built.images.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.error ?? ''}`), []);
  log(`images: ${built.images.map((r) => `${r.name}=${r.status}`).join(' ')} in ${seconds(Date.now() - t0)}`);
  const state = await upTestbed(TEST_NODES);
  host = await moduleHost(0);
  const node = state.nodes[0];
  assert.ok(node);
  vipDevice = (await host.sh(`ip -o -4 addr show to ${node.address} | awk '{print $2}'`)).trim();
  const names = testbedNames(state.testbed, '/unused');
  for (const image of STREAMED) {
    const ref = `${NAMESPACE}/${image}:latest`;
    const t0 = Date.now();
    const outcome = await host.run(kollaContainerModule, { action: 'ensure_image', image: ref, image_source: 'controller' });
    assert.notEqual(outcome.status, 'failed', `${ref}: ${JSON.stringify(outcome.result)}`);
    log(`${ref}: ${outcome.status === 'changed' ? 'streamed to the node' : 'already on the node'} in ${seconds(Date.now() - t0)}`);
    images[image] = ref;
  }
  for (const image of PULLED) {
    const t0 = Date.now();
    const ref = await pushToRegistry(`${NAMESPACE}/${image}:latest`, names, state.registry.hostPort);
    const outcome = await host.run(kollaContainerModule, { action: 'pull_image', image: ref });
    assert.notEqual(outcome.status, 'failed', `${ref}: ${JSON.stringify(outcome.result)}`);
    log(`${ref}: pushed and ${outcome.status === 'changed' ? 'pulled' : 'already current on the node'} in ${seconds(Date.now() - t0)}`);
    images[image] = ref;
  }
});

after(async () => {
  for (const name of containers.reverse()) {
    await host.connection.exec(`docker rm -f ${name} >/dev/null 2>&1; true`);
    await removeKollaConfig(host, name);
  }
  await host.connection.exec(`docker volume rm ${[logs, ...volumes].join(' ')} >/dev/null 2>&1; ip addr del ${VIP}/32 dev ${vipDevice} 2>/dev/null; true`);
  await host.close();
});

interface Service {
  /** Short name: the container is kr_<service>_<pid>. */
  service: string;
  image: string;
  config: KollaConfig;
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck: string;
  /** How long it may take to become healthy, seconds. */
  timeout: number;
  cap_add?: string[];
}

const containerName = (service: string) => `kr_${service}_${run}`;

function taskArgs(s: Service, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const name = containerName(s.service);
  return {
    name,
    image: images[s.image],
    volumes: [configVolume(name), '/etc/localtime:/etc/localtime:ro', `${logs}:/var/log/kolla/`, ...(s.volumes ?? [])],
    environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', ...s.environment },
    cap_add: s.cap_add ?? [],
    healthcheck: { test: ['CMD-SHELL', s.healthcheck], interval: '2', timeout: '30', retries: '5', start_period: '5' },
    ...extra,
  };
}

async function tail(name: string, lines = 40): Promise<string> {
  return (await host.connection.exec(`docker logs ${lines > 0 ? `--tail ${lines} ` : ''}${name} 2>&1`)).stdout;
}

/** Its one-time work (KOLLA_BOOTSTRAP), as a one-shot container with the service's own config and volumes. */
async function bootstrap(s: Service, environment: Record<string, string>): Promise<TaskOutcome> {
  await writeKollaConfig(host, containerName(s.service), s.config);
  const name = `${containerName(s.service)}_bootstrap`;
  const t0 = Date.now();
  const args = taskArgs(s, { action: 'start_container', name, detach: false, healthcheck: undefined, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', KOLLA_BOOTSTRAP: '', ...environment } });
  containers.push(name);
  const outcome = await host.run(kollaContainerModule, args);
  assert.equal(outcome.status, 'changed', `${name}: ${JSON.stringify(outcome.result).slice(-3000)}`);
  assert.equal(outcome.result.rc, 0);
  log(`${s.service} bootstrap: ${seconds(Date.now() - t0)}`);
  return outcome;
}

/** Deploys the service: config in place, container started, healthy; a second deploy finds nothing to do. */
async function deploy(s: Service): Promise<string> {
  const name = containerName(s.service);
  await writeKollaConfig(host, name, s.config);
  if (!containers.includes(name)) containers.push(name);
  const t0 = Date.now();
  const started = await host.run(kollaContainerModule, { action: 'start_container', ...taskArgs(s) });
  assert.equal(started.status, 'changed', `${name}: ${JSON.stringify(started.result)}`);
  const healthy = await host.run(kollaContainerModule, { action: 'wait_healthy', name, timeout: s.timeout });
  assert.equal(healthy.status, 'ok', `${name}: ${JSON.stringify(healthy.result)}\n${await tail(name)}`);
  assert.equal(healthy.result.health, 'healthy');
  log(`${s.service}: healthy ${seconds(Date.now() - t0)} after start_container`);
  assert.match(await tail(name, 0), new RegExp(`kolla_start: running ${s.config.command}`), 'started by kolla_start with the command of its config.json');
  // A second deploy: nothing differs, no file drifted (kolla_set_configs --check, as root), nothing to start.
  const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(s) });
  assert.equal(compared.status, 'ok', `${name}: ${JSON.stringify(compared.result)}`);
  const again = await host.run(kollaContainerModule, { action: 'start_container', ...taskArgs(s) });
  assert.equal(again.status, 'ok', `${name}: ${JSON.stringify(again.result)}`);
  return name;
}

async function inside(name: string, command: string): Promise<string> {
  const r = await host.connection.exec(`docker exec ${name} bash -c ${shellQuote(command)}`);
  assert.equal(r.rc, 0, `${name}: ${command}: ${r.stderr}`);
  return r.stdout;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const memcached: Service = {
  service: 'memcached',
  image: 'memcached',
  config: {
    command: '/usr/bin/memcached -v -l 127.0.0.1 -p 11211 -c 321',
    files: [{ name: 'memcached.extra', content: 'rendered\n', dest: '/etc/memcached/memcached.extra', owner: 'memcached', perm: '0600' }],
    permissions: [{ path: '/var/log/kolla/memcached', owner: 'memcached:kolla', recurse: true }],
  },
  healthcheck: 'healthcheck_listen memcached 11211',
  timeout: 120,
};

test('memcached: healthy, serves, with the connection limit its config.json gave', async () => {
  const name = await deploy(memcached);
  const reply = await inside(name, 'exec 3<>/dev/tcp/127.0.0.1/11211; printf "set k 0 0 2\\r\\nhi\\r\\nget k\\r\\nstats settings\\r\\nquit\\r\\n" >&3; cat <&3');
  assert.match(reply, /STORED\r\nVALUE k 0 2\r\nhi\r\nEND/);
  assert.match(reply, /STAT maxconns 321\r\n/);
  assert.equal(await inside(name, 'stat -c "%U %a" /etc/memcached/memcached.extra'), 'memcached 600\n');
});

const mariadb: Service = {
  service: 'mariadb',
  image: 'mariadb-server',
  config: {
    command: '/usr/sbin/mariadbd',
    files: [
      {
        name: 'galera.cnf',
        content: '[mysqld]\nbind-address = 127.0.0.1\nport = 3306\nmax_connections = 123\nlog-error = /var/log/kolla/mariadb/mariadb.log\n',
        dest: '/etc/mysql/mariadb.conf.d/99-kolla.cnf',
        owner: 'mysql',
        perm: '0600',
      },
    ],
    permissions: [
      { path: '/var/lib/mysql', owner: 'mysql:mysql' },
      { path: '/var/log/kolla/mariadb', owner: 'mysql:kolla', recurse: true },
    ],
  },
  volumes: [`kr_mariadb_${run}:/var/lib/mysql`],
  environment: { MARIADB_HEALTHCHECK_USER: 'root', MARIADB_HEALTHCHECK_PASSWORD: DB_PASSWORD },
  healthcheck: 'healthcheck_mariadb',
  timeout: 300,
};
volumes.push(`kr_mariadb_${run}`);
const sql = (name: string, query: string) => inside(name, `mariadb -uroot -p${shellQuote(DB_PASSWORD)} -h127.0.0.1 -N -e ${shellQuote(query)}`);

test('mariadb-server: bootstrap, then the service is healthy with its config; its named volume keeps the data across a recreate', { timeout: 600_000 }, async () => {
  const boot = await bootstrap(mariadb, { DB_ROOT_PASSWORD: DB_PASSWORD });
  assert.match(String(boot.result.stdout), /mariadb bootstrap: data directory created/);
  const name = await deploy(mariadb);
  assert.equal(await sql(name, 'SELECT @@max_connections, @@bind_address'), '123\t127.0.0.1\n');
  assert.equal((await inside(name, 'ps -o user= -C mariadbd')).trim(), 'mysql');

  await sql(name, 'CREATE DATABASE krtest; CREATE TABLE krtest.kept (v VARCHAR(20)); INSERT INTO krtest.kept VALUES ("before recreate")');
  const idBefore = (await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim();
  // A changed environment value: the container is recreated, its volume is not.
  const changed = { ...mariadb, environment: { ...mariadb.environment, KR_GENERATION: '2' } };
  const recreated = await host.run(kollaContainerModule, { action: 'start_container', ...taskArgs(changed) });
  assert.equal(recreated.status, 'changed');
  assert.deepEqual(recreated.result.differences, ['environment']);
  assert.notEqual((await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim(), idBefore, 'a new container');
  const healthy = await host.run(kollaContainerModule, { action: 'wait_healthy', name, timeout: mariadb.timeout });
  assert.equal(healthy.status, 'ok', `${JSON.stringify(healthy.result)}\n${await tail(name)}`);
  assert.equal(await sql(name, 'SELECT v FROM krtest.kept'), 'before recreate\n', 'the data survived the recreate');
  const mounted = await host.sh(`docker inspect -f '{{range .Mounts}}{{if eq .Destination "/var/lib/mysql"}}{{.Type}} {{.Name}}{{end}}{{end}}' ${name}`);
  assert.equal(mounted.trim(), `volume kr_mariadb_${run}`, 'the new container mounts the same named volume');
  mariadb.environment = changed.environment;
});

const rabbitmq: Service = {
  service: 'rabbitmq',
  image: 'rabbitmq',
  config: {
    // Not Debian's /usr/sbin wrapper: that shell runs the broker without exec and dies on SIGTERM,
    // so dumb-init exits and the kernel kills the broker (roles/rabbitmq/templates/rabbitmq.json.j2).
    command: '/usr/lib/rabbitmq/bin/rabbitmq-server',
    files: [
      {
        name: 'rabbitmq.conf',
        content: 'listeners.tcp.1 = 127.0.0.1:5672\ndefault_user = openstack\ndefault_pass = rabbit-pw\nloopback_users = none\nlog.console = false\n',
        dest: '/etc/rabbitmq/rabbitmq.conf',
        owner: 'rabbitmq',
        perm: '0600',
      },
      { name: 'rabbitmq-env.conf', content: 'NODENAME=rabbit@localhost\n', dest: '/etc/rabbitmq/rabbitmq-env.conf', owner: 'rabbitmq', perm: '0600' },
      // As kolla-ansible renders it: the cookie is the owner's alone (0600).
      { name: 'erlang.cookie', content: `KRTESTCOOKIE${run}`, dest: '/var/lib/rabbitmq/.erlang.cookie', owner: 'rabbitmq', perm: '0600' },
    ],
    permissions: [
      { path: '/var/lib/rabbitmq', owner: 'rabbitmq:rabbitmq', recurse: true },
      { path: '/var/log/kolla/rabbitmq', owner: 'rabbitmq:kolla', recurse: true },
    ],
  },
  volumes: [`kr_rabbitmq_${run}:/var/lib/rabbitmq/`],
  healthcheck: 'rabbitmq-diagnostics -q check_running',
  timeout: 300,
};
volumes.push(`kr_rabbitmq_${run}`);

test('rabbitmq: healthy, with the user its config.json named; docker stop stops the broker cleanly', { timeout: 600_000 }, async () => {
  const name = await deploy(rabbitmq);
  const users = await inside(name, 'rabbitmqctl -q list_users');
  assert.match(users, /^openstack\s+\[administrator\]$/m);
  assert.equal((await inside(name, 'ps -o user= -C beam.smp | sort -u')).trim(), 'rabbitmq');
  // `docker stop` (SIGTERM) must stop the broker cleanly: killed, it loses what it had not yet
  // written to its own files, such as a quorum queue created a moment before, messages and all.
  await host.sh(`docker stop -t 60 ${name}`);
  assert.equal((await host.sh(`docker inspect -f '{{.State.ExitCode}}' ${name}`)).trim(), '0', await tail(name));
  const log = await host.sh(`tail -n 30 "$(docker volume inspect -f '{{.Mountpoint}}' ${logs})/rabbitmq/"rabbit@localhost.log`);
  assert.match(log, /SIGTERM received - shutting down/, log);
});

const RSYSLOG_CONF = `global(workDirectory="/var/spool/rsyslog")
module(load="imfile" mode="polling" PollingInterval="1")
module(load="imudp")
ruleset(name="remote") {
    action(type="omfile" file="/var/log/kolla/rsyslog/remote.log")
}
input(type="imudp" address="127.0.0.1" port="5140" ruleset="remote")
input(type="imfile" File="/var/log/kolla/*/*.log" Tag="kolla" addMetadata="on" reopenOnTruncate="on")
template(name="KollaFile" type="string" string="%timegenerated:::date-rfc3339% %$!metadata!filename% %msg%\\n")
if $!metadata!filename startswith "/var/log/kolla/rsyslog/" then stop
action(type="omfile" file="/var/log/kolla/rsyslog/all.log" template="KollaFile")
`;

const rsyslog: Service = {
  service: 'rsyslog',
  image: 'rsyslog',
  config: {
    command: '/usr/sbin/rsyslogd -n -f /etc/rsyslog.conf -i /run/rsyslog/rsyslogd.pid',
    files: [{ name: 'rsyslog.conf', content: RSYSLOG_CONF, dest: '/etc/rsyslog.conf', owner: 'syslog', perm: '0600' }],
    permissions: [{ path: '/var/log/kolla/rsyslog', owner: 'syslog:kolla', recurse: true }],
  },
  healthcheck: 'healthcheck_listen rsyslogd 5140',
  timeout: 120,
};

test('rsyslog: healthy, takes syslog over UDP and gathers the services\' log files', async () => {
  const name = await deploy(rsyslog);
  await inside(name, `echo "<14>krtest: hello ${run}" > /dev/udp/127.0.0.1/5140`);
  await eventually('the UDP message in remote.log', 30_000, async () => {
    const r = await host.connection.exec(`docker exec ${name} grep -c "krtest: hello ${run}" /var/log/kolla/rsyslog/remote.log`);
    return r.rc === 0 ? true : undefined;
  });
  // mariadb's error log (a file in the shared log volume) is read and gathered.
  await eventually("mariadb's log in all.log", 30_000, async () => {
    const r = await host.connection.exec(`docker exec ${name} grep -c "^.* /var/log/kolla/mariadb/mariadb.log .*ready for connections" /var/log/kolla/rsyslog/all.log`);
    return r.rc === 0 ? true : undefined;
  });
});

const keystone: Service = {
  service: 'keystone',
  image: 'keystone',
  config: {
    // Apache itself: apache2ctl runs it without exec and dies on SIGTERM (roles/keystone/templates/keystone.json.j2).
    command: '/usr/sbin/apache2 -DFOREGROUND',
    files: [
      { name: 'keystone.conf', content: KEYSTONE_CONF, dest: '/etc/keystone/keystone.conf', owner: 'keystone', perm: '0600' },
      {
        name: 'wsgi-keystone.conf',
        content: WSGI_KEYSTONE_CONF,
        dest: '/etc/apache2/sites-enabled/wsgi-keystone.conf',
        owner: 'keystone',
        perm: '0600',
      },
    ],
    permissions: [{ path: '/var/lib/keystone', owner: 'keystone:keystone', recurse: true }],
  },
  volumes: [`kr_keystone_${run}:/var/lib/keystone`, `kr_keystone_fernet_${run}:/etc/keystone/fernet-keys`, `kr_keystone_credential_${run}:/etc/keystone/credential-keys`],
  healthcheck: 'healthcheck_curl http://127.0.0.1:5000/v3',
  timeout: 600,
};
volumes.push(`kr_keystone_${run}`, `kr_keystone_fernet_${run}`, `kr_keystone_credential_${run}`);

const tokenRequest = JSON.stringify({
  auth: {
    identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: ADMIN_PASSWORD } } },
    scope: { project: { name: 'admin', domain: { id: 'default' } } },
  },
});

/** The keystone container the next tests reach through HAProxy; the last test stops it. */
let keystoneContainer: string | undefined;

test('keystone: bootstrap (SQLite), then healthy under Apache, and it issues tokens', { timeout: 900_000 }, async () => {
  await bootstrap(keystone, { KEYSTONE_ADMIN_PASSWORD: ADMIN_PASSWORD, KEYSTONE_BOOTSTRAP_PUBLIC_URL: 'http://127.0.0.1:15000' });
  const name = await deploy(keystone);
  const status = await inside(name, `curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d ${shellQuote(tokenRequest)} http://127.0.0.1:5000/v3/auth/tokens`);
  assert.equal(status, '201', 'the admin gets a token');
  keystoneContainer = name;
});

const haproxy: Service = {
  service: 'haproxy',
  image: 'haproxy',
  config: {
    command: '/usr/sbin/haproxy -W -db -f /etc/haproxy/haproxy.cfg',
    files: [
      {
        name: 'haproxy.cfg',
        content: [
          'global',
          '    log 127.0.0.1:5140 local0',
          '    maxconn 200',
          'defaults',
          '    mode http',
          '    log global',
          '    option httplog',
          '    timeout connect 5s',
          '    timeout client 30s',
          '    timeout server 30s',
          'frontend monitor',
          '    bind 127.0.0.1:61313',
          '    monitor-uri /',
          'listen keystone_external',
          '    bind 127.0.0.1:15000',
          '    server node1 127.0.0.1:5000 check inter 2s',
          '',
        ].join('\n'),
        dest: '/etc/haproxy/haproxy.cfg',
        owner: 'haproxy',
        perm: '0600',
      },
    ],
    permissions: [{ path: '/var/log/kolla/haproxy', owner: 'haproxy:kolla', recurse: true }],
  },
  healthcheck: 'healthcheck_curl http://127.0.0.1:61313/',
  timeout: 120,
};

test('haproxy: healthy, fronts keystone, and logs its requests to rsyslog', async () => {
  const name = await deploy(haproxy);
  const body = await inside(name, 'curl -sf http://127.0.0.1:15000/v3');
  assert.match(body, /"id": ?"v3\.\d+"/);
  await eventually('the request in rsyslog', 30_000, async () => {
    const r = await host.connection.exec(`docker exec ${containerName('rsyslog')} grep -c "keystone_external/node1.*GET /v3" /var/log/kolla/rsyslog/remote.log`);
    return r.rc === 0 ? true : undefined;
  });
  assert.equal((await inside(name, 'ps -o user= -C haproxy | sort -u')).trim(), 'haproxy');
});

function keepalived(device: string): Service {
  return {
    service: 'keepalived',
    image: 'keepalived',
    config: {
      command: '/usr/sbin/keepalived -nl -f /etc/keepalived/keepalived.conf',
      files: [
        {
          name: 'keepalived.conf',
          content: [
            'global_defs {',
            '    router_id kr_test',
            '}',
            'vrrp_instance kolla_internal_vip_251 {',
            '    state BACKUP',
            '    nopreempt',
            `    interface ${device}`,
            '    virtual_router_id 251',
            '    priority 1',
            '    advert_int 1',
            '    authentication {',
            '        auth_type PASS',
            '        auth_pass krtest',
            '    }',
            '    virtual_ipaddress {',
            `        ${VIP}/32 dev ${device}`,
            '    }',
            '}',
            '',
          ].join('\n'),
          dest: '/etc/keepalived/keepalived.conf',
          owner: 'root',
          perm: '0600',
        },
      ],
    },
    // kolla-ansible runs it privileged. A testbed node is not privileged itself (this machine refuses
    // CAP_SYS_RESOURCE, see src/testbed/nodes.ts), so its engine cannot start a privileged root
    // container ("runc: unable to apply caps: operation not permitted"): it gets what VRRP needs.
    cap_add: ['NET_ADMIN', 'NET_BROADCAST', 'NET_RAW'],
    healthcheck: `ip -o addr show dev ${device} | grep -q " ${VIP}/32"`,
    timeout: 120,
  };
}

test('keepalived: becomes MASTER alone, holds the virtual address on the node, gives it back when stopped', async () => {
  const service = keepalived(vipDevice);
  const name = await deploy(service);
  assert.match(await tail(name, 0), /\(kolla_internal_vip_251\) Entering MASTER STATE/);
  // The address is on the node itself (host network), where haproxy would bind it.
  assert.match(await host.sh(`ip -o addr show dev ${vipDevice}`), new RegExp(` ${VIP.replace(/\./g, '\\.')}/32`));
  assert.equal((await host.run(kollaContainerModule, { action: 'stop_container', name, graceful_timeout: 10 })).status, 'changed');
  assert.doesNotMatch(await host.sh(`ip -o addr show dev ${vipDevice}`), new RegExp(` ${VIP.replace(/\./g, '\\.')}/32`));
});

test('kolla-toolbox: a one-shot container runs the command its config.json names: clients, mariadb, keystone through haproxy', { timeout: 300_000 }, async () => {
  const script = [
    '#!/bin/bash',
    'set -euo pipefail',
    'id -un',
    'mariadb --version',
    'openstack --version',
    'mariadb -h 127.0.0.1 -uroot -p"$DB_PASSWORD" -N -e "SELECT v FROM krtest.kept"',
    'openstack --os-auth-url http://127.0.0.1:15000/v3 --os-username admin --os-password "$OS_PASSWORD" --os-project-name admin \\',
    '    --os-user-domain-id default --os-project-domain-id default --os-identity-api-version 3 token issue -f value -c project_id >/dev/null',
    'echo token issued',
    '',
  ].join('\n');
  const toolbox: Service = {
    service: 'kolla_toolbox',
    image: 'kolla-toolbox',
    config: {
      command: '/usr/local/bin/kr-toolbox-check',
      files: [{ name: 'kr-toolbox-check', content: script, dest: '/usr/local/bin/kr-toolbox-check', owner: 'ansible', perm: '0755' }],
    },
    healthcheck: 'true',
    timeout: 120,
  };
  const name = containerName(toolbox.service);
  await writeKollaConfig(host, name, toolbox.config);
  containers.push(name);
  const t0 = Date.now();
  const outcome = await host.run(kollaContainerModule, taskArgs(toolbox, { action: 'start_container', detach: false, healthcheck: undefined, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', DB_PASSWORD, OS_PASSWORD: ADMIN_PASSWORD } }));
  log(`kolla-toolbox one-shot: ${seconds(Date.now() - t0)}`);
  assert.equal(outcome.status, 'changed', JSON.stringify(outcome.result).slice(-3000));
  assert.equal(outcome.result.rc, 0);
  assert.match(String(outcome.result.stdout), /^kolla_start: running \/usr\/local\/bin\/kr-toolbox-check\nansible\nmariadb .*\nopenstack \d+\.[\d.]+\nbefore recreate\ntoken issued\n$/);
  assert.equal((await host.connection.exec(`docker inspect ${name}`)).rc, 1, 'removed on exit');
});

test('keystone: docker stop reaches Apache itself, which stops cleanly (exit 0, its own shutdown line)', async () => {
  assert.ok(keystoneContainer, 'the keystone test ran');
  await host.sh(`docker stop -t 60 ${keystoneContainer}`);
  assert.equal((await host.sh(`docker inspect -f '{{.State.ExitCode}}' ${keystoneContainer}`)).trim(), '0', await tail(keystoneContainer));
  const log = await host.sh(`cat "$(docker volume inspect -f '{{.Mountpoint}}' ${logs})"/keystone/*error.log`);
  assert.match(log, /caught SIGTERM, shutting down/, log);
});
