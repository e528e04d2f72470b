/**
 * The image builder against the local Docker engine: the project's images
 * built (minutes the first time, then from the cache), selection, a broken
 * template, a failing image, and a real service started by kolla_start.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildCommand } from '../../../src/cli/commands/build.js';
import { InputError } from '../../../src/errors.js';
import { buildImages, planImages, type BuildSummary } from '../../../src/images/index.js';
import { docker, dockerRaw } from '../../../src/testbed/docker-cli.js';
import { ensureEngine } from '../../../src/testbed/engine.js';
import { KEYSTONE_CONF, WSGI_KEYSTONE_CONF } from '../../support/keystone-fixture.js';
import { ensureBaseImage, ensureContextImage } from '../../../src/testbed/images.js';
import { REGISTRY_IMAGE, REGISTRY_PORT } from '../../../src/testbed/names.js';
import { fileURLToPath } from 'node:url';
import { get } from 'node:http';
import { captureIO } from '../../support/capture-io.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cleanups: (() => Promise<unknown>)[] = [];
const run = `${process.pid}`;

before(async () => {
  await ensureEngine(log);
  await ensureBaseImage(log);
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function fixtureImages(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kolla-run-images-it-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'Dockerfile.j2'), text);
  }
  return dir;
}

function summaryLine(summary: BuildSummary): string {
  return summary.images.map((r) => `${r.name}=${r.status}(${r.cachedSteps}/${r.steps}, ${r.seconds.toFixed(1)} s, ${Math.round((r.sizeBytes ?? 0) / 1e6)} MB)`).join(' ');
}

let first: BuildSummary | undefined;

test('every image of the project builds', { timeout: 60 * 60_000 }, async () => {
  const started = Date.now();
  first = await buildImages({ threads: 2 });
  log(`first build: ${seconds(Date.now() - started)}: ${summaryLine(first)}`);
  const failed = first.images.filter((r) => r.status === 'failed');
  assert.deepEqual(failed.map((r) => `${r.name}: ${r.error ?? ''}`), []);
  const plan = await planImages();
  assert.equal(first.images.length, plan.images.length);
  for (const image of plan.images) {
    const inspected = await dockerRaw(['image', 'inspect', '--format', '{{.Id}}', image.ref]);
    assert.equal(inspected.code, 0, `${image.ref} exists`);
  }
});

test('a second build is fully cached', { timeout: 10 * 60_000 }, async () => {
  assert.ok(first?.ok, 'the first build succeeded');
  const started = Date.now();
  const second = await buildImages({ threads: 2 });
  const took = Date.now() - started;
  log(`cached build: ${seconds(took)}: ${summaryLine(second)}`);
  for (const image of second.images) {
    assert.equal(image.status, 'cached', `${image.name}: ${image.cachedSteps}/${image.steps} steps cached`);
    assert.equal(image.cachedSteps, image.steps);
    assert.ok(image.steps > 0);
    // The same image, not a rebuilt one.
    assert.equal(image.imageId, first?.images.find((r) => r.name === image.name)?.imageId, `${image.name} keeps its id`);
  }
  assert.ok(took < 120_000, `a cached build of every image takes ${seconds(took)}`);
});

test('`build mariadb` builds mariadb-server and its parent only', async () => {
  const io = captureIO();
  const code = await buildCommand(['mariadb'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.match(io.stderr[0] ?? '', /^building 2 of \d+ images: base, mariadb-server$/);
  const tree = io.stdout.filter((l) => l.trim() !== '');
  assert.match(tree[0] ?? '', /^base\s+cached/);
  assert.match(tree[1] ?? '', /^└─ mariadb-server\s+cached/);
  assert.match(tree[2] ?? '', /^2 images in [\d.]+ s: 0 built, 2 cached$/);
});

test('a template error is reported as file:line, and nothing is built', async () => {
  const namespace = `krtest${run}a`;
  const dir = await fixtureImages({
    base: 'FROM {{ base_image }}\nRUN true\n',
    child: 'FROM {{ namespace }}/base:{{ tag }}\n# a comment\nRUN echo {{ undefined_thing }}\n',
  });
  await assert.rejects(buildCommand(['--images-dir', dir, '--namespace', namespace], captureIO()), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.exitCode, 3);
    assert.match(err.message, /child\/Dockerfile\.j2:3: /);
    return true;
  });
  const images = await docker(['images', '--format', '{{.Repository}}', `${namespace}/*`]);
  assert.equal(images.trim(), '', 'no image was built');
});

test('a failing RUN fails its image and skips its children; the others build', async () => {
  const namespace = `krtest${run}b`;
  const dir = await fixtureImages({
    base: 'FROM {{ base_image }}\nRUN echo base > /base.txt\n',
    good: 'FROM {{ namespace }}/base:{{ tag }}\nRUN echo good > /good.txt\n',
    broken: 'FROM {{ namespace }}/base:{{ tag }}\nRUN echo about to fail && exit 3\n',
    'broken-child': 'FROM {{ namespace }}/broken:{{ tag }}\nRUN true\n',
    'broken-grandchild': 'FROM {{ namespace }}/broken-child:{{ tag }}\nRUN true\n',
  });
  cleanups.push(async () => {
    const refs = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${namespace}/*`])).split('\n').filter(Boolean);
    if (refs.length > 0) await dockerRaw(['rmi', ...refs]);
  });
  const io = captureIO();
  const code = await buildCommand(['--images-dir', dir, '--namespace', namespace, '--threads', '2'], io);
  assert.equal(code, 1);
  const out = io.stdout.join('\n');
  assert.match(out, /^base\s+built/m);
  assert.match(out, /├─ broken\s+FAILED/);
  assert.match(out, /│  └─ broken-child\s+skipped \(parent broken failed\)/);
  assert.match(out, /│     └─ broken-grandchild\s+skipped \(parent broken failed\)/);
  assert.match(out, /└─ good\s+built/);
  assert.match(out, /5 images in [\d.]+ s: 2 built, 0 cached, 1 failed, 2 skipped/);
  assert.match(out, /failed: broken: Step 2\/2 : RUN echo about to fail && exit 3\n {2}The command .* returned a non-zero code: 3/);
  const built = (await docker(['images', '--format', '{{.Repository}}', `${namespace}/*`])).split('\n').filter(Boolean).sort();
  assert.deepEqual(built, [`${namespace}/base`, `${namespace}/good`]);
});

/**
 * GET over node:http with a deadline. (Not fetch: an undici request to a
 * port that docker-proxy accepted before the registry listened can stay
 * pending with no live handle, and the test runner then cancels the test.)
 */
function httpGet(url: string, timeoutMs = 5_000): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('memcached starts through kolla_start with a mounted config.json, and its healthcheck passes', async () => {
  const config = await mkdtemp(join(tmpdir(), 'kolla-run-memcached-'));
  cleanups.push(() => rm(config, { recursive: true, force: true }));
  const name = `kolla-run-it-memcached-${run}`;
  cleanups.push(() => dockerRaw(['rm', '-f', name]));
  await writeFile(join(config, 'memcached.extra'), 'v1\n');
  await writeFile(
    join(config, 'config.json'),
    JSON.stringify({
      command: '/usr/bin/memcached -v -l 127.0.0.1 -p 11211 -c 256',
      config_files: [{ source: '/var/lib/kolla/config_files/memcached.extra', dest: '/etc/memcached/', owner: 'memcached', perm: '0600' }],
      permissions: [{ path: '/var/log/kolla/memcached', owner: 'memcached:kolla', recurse: true }],
    }),
  );
  const started = Date.now();
  await docker([
    'run', '-d', '--name', name,
    '-e', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS',
    '-v', `${config}:/var/lib/kolla/config_files:ro`,
    '--health-cmd', 'healthcheck_listen memcached 11211',
    '--health-interval', '1s', '--health-retries', '3',
    'kolla/memcached:latest',
  ]);
  await waitFor('memcached healthy', 120_000, async () => {
    const state = await docker(['inspect', '--format', '{{.State.Status}} {{.State.Health.Status}}', name]);
    if (state.startsWith('exited')) throw new Error(`memcached exited: ${(await dockerRaw(['logs', name])).stderr}`);
    return state.trim() === 'running healthy' ? true : undefined;
  });
  log(`memcached healthy ${seconds(Date.now() - started)} after docker run`);
  const logs = await dockerRaw(['logs', name]);
  assert.match(logs.stdout + logs.stderr, /kolla_start: running \/usr\/bin\/memcached -v -l 127\.0\.0\.1 -p 11211 -c 256/);
  const who = await docker(['exec', name, 'sh', '-c', 'id -un; ps -o user= -C memcached; stat -c "%U %a" /etc/memcached/memcached.extra']);
  assert.deepEqual(who.trim().split('\n'), ['memcached', 'memcached', 'memcached 600']);
  // It really serves: a set and a get over its text protocol, from inside its network namespace.
  const reply = await docker(['exec', name, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/11211; printf "set k 0 0 2\\r\\nhi\\r\\nget k\\r\\nquit\\r\\n" >&3; cat <&3']);
  assert.match(reply, /STORED\r\nVALUE k 0 2\r\nhi\r\nEND/);
  // --check: the same files -> 0; a changed source -> 1 (the deploy tool restarts the container then).
  assert.equal((await dockerRaw(['exec', name, 'sudo', '-n', 'kolla_set_configs', '--check'])).code, 0);
  await writeFile(join(config, 'memcached.extra'), 'v2\n');
  const check = await dockerRaw(['exec', name, 'sudo', '-n', 'kolla_set_configs', '--check']);
  assert.equal(check.code, 1);
  assert.match(check.stderr, /memcached\.extra: content differs/);
  // A bootstrap container does its one-time work (none for memcached) and exits 0.
  const boot = await dockerRaw(['run', '--rm', '-e', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS', '-e', 'KOLLA_BOOTSTRAP=', '-v', `${config}:/var/lib/kolla/config_files:ro`, 'kolla/memcached:latest']);
  assert.equal(boot.code, 0, boot.stderr);
});

test('mariadb-server: a bootstrap container makes the data directory, the service then starts healthy', { timeout: 600_000 }, async () => {
  const config = await mkdtemp(join(tmpdir(), 'kolla-run-mariadb-'));
  cleanups.push(() => rm(config, { recursive: true, force: true }));
  const volume = `kolla-run-it-mariadb-${run}`;
  const name = `kolla-run-it-mariadb-${run}`;
  cleanups.push(() => dockerRaw(['volume', 'rm', '-f', volume]));
  cleanups.push(() => dockerRaw(['rm', '-f', name]));
  const password = "s3cret'pw";
  await writeFile(
    join(config, 'config.json'),
    JSON.stringify({ command: '/usr/sbin/mariadbd', permissions: [{ path: '/var/lib/mysql', owner: 'mysql:mysql' }] }),
  );
  const common = ['-e', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS', '-v', `${volume}:/var/lib/mysql`, '-v', `${config}:/var/lib/kolla/config_files:ro`];
  const started = Date.now();
  const boot = await dockerRaw(['run', '--rm', ...common, '-e', 'KOLLA_BOOTSTRAP=', '-e', `DB_ROOT_PASSWORD=${password}`, 'kolla/mariadb-server:latest']);
  assert.equal(boot.code, 0, boot.stdout + boot.stderr);
  assert.match(boot.stdout, /mariadb bootstrap: data directory created/);
  log(`mariadb bootstrap container: ${seconds(Date.now() - started)}`);
  // A second bootstrap finds the data and does nothing.
  const again = await dockerRaw(['run', '--rm', ...common, '-e', 'KOLLA_BOOTSTRAP=', '-e', `DB_ROOT_PASSWORD=${password}`, 'kolla/mariadb-server:latest']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already holds a database; nothing to do/);
  await docker(['run', '-d', '--name', name, ...common,
    '-e', 'MARIADB_HEALTHCHECK_USER=root', '-e', `MARIADB_HEALTHCHECK_PASSWORD=${password}`,
    '--health-cmd', 'healthcheck_mariadb', '--health-interval', '1s', '--health-retries', '5',
    'kolla/mariadb-server:latest']);
  await waitFor('mariadb healthy', 300_000, async () => {
    const state = await docker(['inspect', '--format', '{{.State.Status}} {{.State.Health.Status}}', name]);
    if (state.startsWith('exited')) throw new Error(`mariadb exited: ${(await dockerRaw(['logs', name])).stderr}`);
    return state.trim() === 'running healthy' ? true : undefined;
  });
  log(`mariadb healthy ${seconds(Date.now() - started)} after the bootstrap started`);
  const users = await docker(['exec', name, 'mariadb', '-uroot', `-p${password}`, '-N', '-e', "SELECT CONCAT(User, '@', Host) FROM mysql.user ORDER BY 1"]);
  assert.deepEqual(users.trim().split('\n'), ['mariadb.sys@localhost', 'root@%', 'root@localhost']);
  const noPassword = await dockerRaw(['exec', name, 'mariadb', '-uroot', '-h127.0.0.1', '-e', 'SELECT 1']);
  assert.notEqual(noPassword.code, 0, 'root needs its password');
  assert.equal((await docker(['exec', name, 'ps', '-o', 'user=', '-C', 'mariadbd'])).trim(), 'mysql');
});

test('keystone: bootstrap (db_sync, keys, admin) on SQLite, then Apache mod_wsgi serves tokens as user keystone', { timeout: 900_000 }, async () => {
  const config = await mkdtemp(join(tmpdir(), 'kolla-run-keystone-'));
  cleanups.push(() => rm(config, { recursive: true, force: true }));
  const volume = `kolla-run-it-keystone-${run}`;
  const name = `kolla-run-it-keystone-${run}`;
  cleanups.push(() => dockerRaw(['volume', 'rm', '-f', volume, `${volume}-fernet`, `${volume}-credential`]));
  cleanups.push(() => dockerRaw(['rm', '-f', name]));
  await writeFile(join(config, 'keystone.conf'), KEYSTONE_CONF);
  await writeFile(join(config, 'wsgi-keystone.conf'), WSGI_KEYSTONE_CONF);
  await writeFile(
    join(config, 'config.json'),
    JSON.stringify({
      command: '/usr/sbin/apache2 -DFOREGROUND',
      config_files: [
        { source: '/var/lib/kolla/config_files/keystone.conf', dest: '/etc/keystone/keystone.conf', owner: 'keystone', perm: '0600' },
        { source: '/var/lib/kolla/config_files/wsgi-keystone.conf', dest: '/etc/apache2/sites-enabled/wsgi-keystone.conf', owner: 'keystone', perm: '0600' },
      ],
      permissions: [{ path: '/var/lib/keystone', owner: 'keystone:keystone', recurse: true }],
    }),
  );
  // The keys live in volumes, as a deployment keeps them: the service container finds the bootstrap's.
  const common = [
    '-e', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS',
    '-v', `${volume}:/var/lib/keystone`,
    '-v', `${volume}-fernet:/etc/keystone/fernet-keys`,
    '-v', `${volume}-credential:/etc/keystone/credential-keys`,
    '-v', `${config}:/var/lib/kolla/config_files:ro`,
  ];
  const started = Date.now();
  const boot = await dockerRaw(['run', '--rm', ...common, '-e', 'KOLLA_BOOTSTRAP=', '-e', 'KEYSTONE_ADMIN_PASSWORD=admin-pw', '-e', 'KEYSTONE_BOOTSTRAP_PUBLIC_URL=http://127.0.0.1:5000', 'kolla/keystone:latest']);
  assert.equal(boot.code, 0, boot.stderr.slice(-2000));
  log(`keystone bootstrap container: ${seconds(Date.now() - started)}`);
  await docker(['run', '-d', '--name', name, ...common, '--health-cmd', 'healthcheck_curl http://127.0.0.1:5000/v3', '--health-interval', '2s', '--health-retries', '3', 'kolla/keystone:latest']);
  await waitFor('keystone healthy', 600_000, async () => {
    const state = await docker(['inspect', '--format', '{{.State.Status}} {{.State.Health.Status}}', name]);
    if (state.startsWith('exited')) throw new Error(`keystone exited: ${(await dockerRaw(['logs', name])).stderr.slice(-2000)}`);
    return state.trim() === 'running healthy' ? true : undefined;
  });
  log(`keystone healthy ${seconds(Date.now() - started)} after the bootstrap started`);
  const auth = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'admin-pw' } } },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    },
  });
  const status = await docker(['exec', name, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Content-Type: application/json', '-d', auth, 'http://127.0.0.1:5000/v3/auth/tokens']);
  assert.equal(status, '201', 'the admin gets a token');
  const users = (await docker(['exec', name, 'ps', '-o', 'user=', '-C', 'apache2'])).trim().split('\n');
  assert.ok(users.length > 0 && users.every((u) => u.trim() === 'keystone'), `apache runs as keystone: ${users.join(',')}`);
});

test("the other images' programs run as their users", async () => {
  const cases: [string, string[], RegExp][] = [
    ['kolla/rabbitmq:latest', ['sh', '-c', 'id -un; ls /usr/lib/rabbitmq/lib'], /^rabbitmq\nrabbitmq_server-3\.\d+/],
    ['kolla/haproxy:latest', ['sh', '-c', 'id -un; haproxy -v | head -1'], /^haproxy\nHAProxy version 2\./],
    ['kolla/keepalived:latest', ['sh', '-c', 'id -un; keepalived --version 2>&1 | head -1'], /^root\nKeepalived v2\./],
    ['kolla/rsyslog:latest', ['sh', '-c', 'id -un; rsyslogd -N1 -f /etc/rsyslog.conf 2>&1 | tail -1'], /^syslog\n.*End of config validation run/],
    ['kolla/kolla-toolbox:latest', ['sh', '-c', 'id -un; mariadb --version; openstack --version'], /^ansible\nmariadb .*\nopenstack \d+\./],
    ['kolla/mariadb-server:latest', ['sh', '-c', 'id -un; ls /usr/lib/galera/libgalera_smm.so; for p in mariabackup rsync socat; do command -v $p; done | wc -l'], /^mysql\n\/usr\/lib\/galera\/libgalera_smm\.so\n3$/],
  ];
  for (const [image, command, expected] of cases) {
    const result = await dockerRaw(['run', '--rm', '--entrypoint', command[0] as string, image, ...command.slice(1)]);
    assert.equal(result.code, 0, `${image}: ${result.stderr}`);
    assert.match(result.stdout.trim(), expected, image);
  }
});

test('--push sends the selected images to a registry, named after it', { timeout: 900_000 }, async () => {
  await ensureContextImage(REGISTRY_IMAGE, fileURLToPath(new URL('../../../../testbed/images/registry', import.meta.url)), log);
  const name = `kolla-run-it-registry-${run}`;
  cleanups.push(() => dockerRaw(['rm', '-f', '-v', name]));
  await docker(['run', '-d', '--name', name, '-p', `127.0.0.1::${REGISTRY_PORT}`, REGISTRY_IMAGE]);
  const port = /:(\d+)\s*$/m.exec(await docker(['port', name, `${REGISTRY_PORT}/tcp`]))?.[1];
  assert.ok(port, 'registry port published');
  const registry = `127.0.0.1:${port}`;
  await waitFor('registry answers', 60_000, async () => ((await httpGet(`http://${registry}/v2/`))?.status === 200 ? true : undefined));
  cleanups.push(async () => {
    const refs = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${registry}/kolla/*`])).split('\n').filter(Boolean);
    if (refs.length > 0) await dockerRaw(['rmi', ...refs]);
  });
  const started = Date.now();
  const summary = await buildImages({ patterns: ['^memcached$'], registry, push: true });
  log(`build --push of base and memcached: ${seconds(Date.now() - started)}`);
  assert.deepEqual(summary.images.map((r) => [r.name, r.ref, r.status, r.pushed]), [
    ['base', `${registry}/kolla/base:latest`, 'cached', true],
    ['memcached', `${registry}/kolla/memcached:latest`, 'cached', true],
  ]);
  for (const repo of ['base', 'memcached']) {
    const reply = await httpGet(`http://${registry}/v2/kolla/${repo}/tags/list`);
    assert.equal(reply?.status, 200, repo);
    assert.deepEqual((JSON.parse(reply.body) as { tags?: string[] }).tags, ['latest'], repo);
  }
});
