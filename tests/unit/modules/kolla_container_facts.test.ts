/**
 * kolla_container_facts against a fake engine (Engine API 1.41 answers:
 * inspect documents trimmed to the fields read, the real 404 messages).
 * The proof on a real engine is tests/integration/modules/kolla-container.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { kollaContainerFactsModule } from '../../../src/modules/kolla_container_facts.js';
import { fakeEngine, type FakeEngine } from '../../support/fake-engine.js';
import { scriptedHost } from '../../support/scripted-host.js';

const HEALTH_LOG = [{ Start: '2026-12-05T02:00:00Z', End: '2026-12-05T02:00:01Z', ExitCode: 0, Output: 'x'.repeat(64) }];
const inspect = (name: string, status: string, health?: string) => ({
  Id: `${name}-id`, Name: `/${name}`, Image: 'sha256:abc', RestartCount: 0,
  State: { Status: status, Running: status === 'running', Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: status === 'running' ? 4242 : 0, ExitCode: 0, Error: '',
    StartedAt: '2026-12-05T02:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ...(health ? { Health: { Status: health, FailingStreak: 0, Log: HEALTH_LOG } } : {}) },
  Config: { Image: `kolla/${name}:2024.1`, Env: null, Cmd: null, Labels: { kolla_version: '18.0.0' } }, HostConfig: {}, Mounts: [],
});
const KEYSTONE = inspect('keystone', 'running', 'healthy');
const CRON = inspect('cron', 'exited');

let engine: FakeEngine;
before(async () => {
  engine = await fakeEngine();
  engine
    .on('GET', /^\/containers\/[^/]+\/json$/, (r) => ({ status: 404, json: { message: `No such container: ${decodeURIComponent(r.path.split('/')[2] ?? '')}` } }))
    .on('GET', '/containers/keystone/json', { json: KEYSTONE })
    .on('GET', '/containers/keystone-id/json', { json: KEYSTONE })
    .on('GET', '/containers/cron/json', { json: CRON })
    .on('GET', '/containers/cron-id/json', { json: CRON })
    .on('GET', '/containers/json', { json: [{ Id: 'keystone-id', Names: ['/keystone'], Image: 'kolla/keystone:2024.1', Labels: {}, State: 'running', Status: 'Up 2 hours (healthy)' }] })
    .on('GET', '/containers/json?all=1', { json: [
      { Id: 'keystone-id', Names: ['/keystone'], Image: 'kolla/keystone:2024.1', Labels: {}, State: 'running', Status: 'Up 2 hours (healthy)' },
      { Id: 'cron-id', Names: ['/cron'], Image: 'kolla/cron:2024.1', Labels: {}, State: 'exited', Status: 'Exited (0) 1 hour ago' },
    ] })
    .on('GET', /^\/volumes\/[^/]+$/, { status: 404, json: { message: 'get no_such_volume: no such volume' } })
    .on('GET', '/volumes/mariadb', { json: { Name: 'mariadb', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/mariadb/_data', Labels: null, Scope: 'local' } })
    .on('GET', '/volumes', { json: { Volumes: [{ Name: 'mariadb', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/mariadb/_data', Labels: null, Scope: 'local' }], Warnings: null } });
});
after(() => engine.close());

async function facts(args: Record<string, unknown>, check = false) {
  const out = await scriptedHost({ engine }).run(kollaContainerFactsModule, args, { check });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.ok(engine.requests.every((r) => r.method === 'GET'), 'only reads');
  return out.result;
}

test('get_containers_state: the named containers by status, a missing one left out, in check mode alike', async () => {
  for (const check of [false, true]) {
    assert.deepEqual((await facts({ action: 'get_containers_state', name: ['keystone', 'cron', 'no_such_container'] }, check)).containers, { keystone: 'running', cron: 'exited' });
  }
});

test('get_containers with names: the whole inspect document; get_containers_names: the names found', async () => {
  assert.deepEqual((await facts({ name: 'keystone' })).containers, { keystone: KEYSTONE });
  assert.deepEqual(await facts({ action: 'get_containers_names', name: ['cron', 'nova_api'] }), { changed: false, container_names: ['cron'] });
});

test("get_containers without a name: the running ones (every one with get_all_containers), by name without its slash, the health check's log left out", async () => {
  const running = (await facts({})).containers as Record<string, typeof KEYSTONE>;
  assert.deepEqual(Object.keys(running), ['keystone']);
  assert.deepEqual(running.keystone?.State.Health, { Status: 'healthy', FailingStreak: 0 });
  assert.equal(running.keystone?.State.Status, 'running');
  const all = (await facts({ args: { get_all_containers: true } })).containers as Record<string, unknown>;
  assert.deepEqual(Object.keys(all), ['keystone', 'cron']);
});

test('get_volumes: the named volumes found, or every volume without a name', async () => {
  const mariadb = { Name: 'mariadb', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/mariadb/_data', Labels: null, Scope: 'local' };
  assert.deepEqual((await facts({ action: 'get_volumes', name: ['mariadb', 'no_such_volume'] })).volumes, { mariadb });
  assert.deepEqual((await facts({ action: 'get_volumes' })).volumes, { mariadb });
});

test('args without get_all_containers means the running ones; get_containers_state without a name reports none', async () => {
  assert.deepEqual(Object.keys((await facts({ args: {} })).containers as Record<string, unknown>), ['keystone']);
  assert.deepEqual(await facts({ action: 'get_containers_state' }), { changed: false, containers: {} });
});
