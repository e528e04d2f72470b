/**
 * kolla_container on an engine with state (tests/support/engine-model.ts):
 * what kolla-ansible's module does with a service container, decided from
 * the engine's answers and done by its API (start, compare, recreate,
 * restart, one-shot bootstrap containers, stop and removal). The proof on
 * a real engine is tests/integration/modules/kolla-container*.test.ts.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import { engineModel, image, type EngineModel } from '../../support/engine-model.js';
import { scriptedHost } from '../../support/scripted-host.js';

const IMAGE = 'registry:4000/kolla/memcached:2024.1';
const OLD_ID = `sha256:${'1'.repeat(64)}`;
const NEW_ID = `sha256:${'2'.repeat(64)}`;
const COMMON = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', restart_retries: 10, graceful_timeout: 60, container_engine: 'docker' };
/** A service as kolla-ansible's roles start it (memcached's). */
const SERVICE = {
  common_options: COMMON,
  name: 'memcached',
  image: IMAGE,
  environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' },
  volumes: ['/etc/kolla/memcached/:/var/lib/kolla/config_files/:ro', '/etc/localtime:/etc/localtime:ro', 'kolla_logs:/var/log/kolla/', ''],
};

let m: EngineModel;
before(async () => {
  m = await engineModel();
});
after(() => m.close());
afterEach(() => m.reset());

const run = (args: Record<string, unknown>, check = false) => scriptedHost({ engine: m.engine }).run(kollaContainerModule, args, { check });

/** memcached created and running, its image on the host; the engine's record of requests cleared. */
async function running(args: Record<string, unknown> = {}): Promise<void> {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  assert.equal((await run({ action: 'start_container', ...SERVICE, ...args })).status, 'changed');
  m.clear();
}

const createBody = () => JSON.parse(m.engine.requests.find((r) => r.path.startsWith('/containers/create'))?.body ?? '{}') as { Env: string[]; HostConfig: Record<string, unknown> };

test('start_container: a missing container is pulled, its named volumes made, created and started; a second run only reads', async () => {
  m.registry.set(IMAGE, image(IMAGE, OLD_ID));
  const checked = await run({ action: 'start_container', ...SERVICE }, true);
  assert.equal(checked.status, 'changed');
  assert.deepEqual(m.calls(true), [], 'check mode changes nothing');
  const first = await run({ action: 'start_container', ...SERVICE });
  assert.deepEqual([first.status, first.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), [
    'POST /images/create?fromImage=registry:4000/kolla/memcached&tag=2024.1',
    'POST /volumes/create',
    'POST /containers/create?name=memcached',
    'POST /containers/memcached/start',
  ]);
  assert.deepEqual(m.volumes.get('kolla_logs')?.Labels, { kolla_managed: 'true' }, 'the named volume is marked as managed; the binds are no volumes');
  assert.deepEqual(createBody().HostConfig.Binds, ['/etc/kolla/memcached/:/var/lib/kolla/config_files/:ro', '/etc/localtime:/etc/localtime:ro', 'kolla_logs:/var/log/kolla/:rw']);
  assert.deepEqual(createBody().HostConfig.RestartPolicy, { Name: 'unless-stopped' });
  m.clear();
  const second = await run({ action: 'start_container', ...SERVICE });
  assert.deepEqual([second.status, second.result], ['ok', { changed: false }]);
  assert.deepEqual(m.calls(true), [], 'nothing to do: no config check, no write');
});

test('start_container: an image and a volume already there are neither pulled nor made again; a stopped container is only started', async () => {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  m.volumes.set('kolla_logs', { Name: 'kolla_logs', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/kolla_logs/_data', Labels: null, Scope: 'local' });
  await run({ action: 'start_container', ...SERVICE });
  assert.deepEqual(m.calls(true), ['POST /containers/create?name=memcached', 'POST /containers/memcached/start']);
  await run({ action: 'stop_container', name: 'memcached' });
  m.clear();
  const started = await run({ action: 'start_container', ...SERVICE });
  assert.deepEqual([started.status, started.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), ['POST /containers/memcached/start']);
});

test('start_container: a changed field recreates the container and names the field; check mode only reports it', async () => {
  await running();
  const args = { action: 'start_container', ...SERVICE, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', MEMCACHED_EXTRA: '1' }, privileged: true };
  const checked = await run(args, true);
  assert.deepEqual([checked.status, checked.result], ['changed', { changed: true, differences: ['environment', 'privileged'] }]);
  assert.deepEqual(m.calls(true), []);
  const idBefore = m.containers.get('memcached')?.Id;
  const out = await run(args);
  assert.deepEqual([out.status, out.result], ['changed', { changed: true, differences: ['environment', 'privileged'] }]);
  assert.deepEqual(m.calls(true), ['POST /containers/memcached/stop?t=60', 'DELETE /containers/memcached?force=true', 'POST /containers/create?name=memcached', 'POST /containers/memcached/start']);
  assert.notEqual(m.containers.get('memcached')?.Id, idBefore);
  assert.equal(m.containers.get('memcached')?.State.Running, true);
});

test('a recreate for a new image pulls it before stopping the old container; a pull that fails leaves the old one running', async () => {
  await running();
  const next = 'registry:4000/kolla/memcached:2024.2';
  m.registry.set(next, image(next, NEW_ID));
  const out = await run({ action: 'start_container', ...SERVICE, image: next, graceful_timeout: 5 });
  assert.deepEqual(out.result.differences, ['image']);
  assert.deepEqual(m.calls(true).slice(0, 2), ['POST /images/create?fromImage=registry:4000/kolla/memcached&tag=2024.2', 'POST /containers/memcached/stop?t=5']);
  m.clear();
  const missing = await run({ action: 'start_container', ...SERVICE, image: 'registry:4000/kolla/memcached:nope' });
  assert.deepEqual([missing.status, missing.result.msg], ['failed', 'manifest for registry:4000/kolla/memcached:nope not found: manifest unknown: manifest unknown']);
  assert.deepEqual(m.calls(true), ['POST /images/create?fromImage=registry:4000/kolla/memcached&tag=nope']);
  assert.equal(m.containers.get('memcached')?.State.Running, true);
});

test("compare_container: a match runs kolla_set_configs --check as root; its exit 1 is a config difference, 126 and 127 (no Kolla image) none", async () => {
  await running();
  const args = { action: 'compare_container', ...SERVICE };
  const same = await run(args);
  assert.deepEqual([same.status, same.result], ['ok', { changed: false }]);
  assert.deepEqual(JSON.parse(m.engine.requests.find((r) => r.path === '/containers/memcached/exec')?.body ?? '{}'), { Cmd: ['/usr/local/bin/kolla_set_configs', '--check'], AttachStdout: true, AttachStderr: true, User: 'root' });
  m.exec = { rc: 1, stdout: 'INFO:__main__:/etc/memcached.conf differs\n' };
  const drifted = await run(args);
  assert.deepEqual([drifted.status, drifted.result], ['changed', { changed: true, differences: ['config'] }]);
  for (const rc of [126, 127]) {
    m.exec = { rc, stdout: 'OCI runtime exec failed: exec: "/usr/local/bin/kolla_set_configs": stat /usr/local/bin/kolla_set_configs: no such file or directory: unknown\n' };
    assert.equal((await run(args)).status, 'ok', `rc ${rc}`);
  }
});

test('compare_container: another exit of the config check fails the task with its code and output, stderr first', async () => {
  await running();
  m.exec = { rc: 2, stdout: 'some output\n', stderr: 'ERROR:__main__:Missing config file /var/lib/kolla/config_files/config.json\n' };
  const both = await run({ action: 'compare_container', ...SERVICE });
  assert.deepEqual([both.status, both.result.msg], ['failed', 'Failed to compare container configuration: ExitCode: 2 Message: ERROR:__main__:Missing config file /var/lib/kolla/config_files/config.json']);
  m.exec = { rc: 2, stdout: 'Traceback (most recent call last)\n' };
  const stdoutOnly = await run({ action: 'compare_container', ...SERVICE });
  assert.equal(stdoutOnly.result.msg, 'Failed to compare container configuration: ExitCode: 2 Message: Traceback (most recent call last)');
});

test('compare_container: a defining difference or a stopped container is reported without a config check; state exited asks for a stopped one', async () => {
  await running();
  const differs = await run({ action: 'compare_container', ...SERVICE, cap_add: ['NET_ADMIN'] });
  assert.deepEqual([differs.status, differs.result], ['changed', { changed: true, differences: ['cap_add'] }]);
  await run({ action: 'stop_container', name: 'memcached' });
  m.clear();
  const stopped = await run({ action: 'compare_container', ...SERVICE });
  assert.deepEqual([stopped.status, stopped.result], ['changed', { changed: true, differences: ['state'] }]);
  assert.equal((await run({ action: 'compare_container', ...SERVICE, state: 'exited' })).status, 'ok');
  assert.ok(!m.calls().some((c) => c.includes('/exec')), 'no config check');
  m.containers.clear();
  const gone = await run({ action: 'compare_container', ...SERVICE });
  assert.deepEqual([gone.status, gone.result], ['changed', { changed: true }]);
});

test('recreate_or_restart_container (the handler): restarts on a config difference, recreates on a defining one, creates a missing one', async () => {
  await running();
  const args = { action: 'recreate_or_restart_container', ...SERVICE };
  const restarted = await run(args);
  assert.deepEqual([restarted.status, restarted.result], ['changed', { changed: true, differences: [] }], 'a notified handler restarts even with nothing differing');
  assert.deepEqual(m.calls(true), ['POST /containers/memcached/exec', 'POST /exec/exec-1/start', 'POST /containers/memcached/restart?t=60']);
  m.clear();
  m.exec = { rc: 1 };
  assert.deepEqual((await run(args)).result, { changed: true, differences: ['config'] });
  assert.ok(m.calls(true).includes('POST /containers/memcached/restart?t=60'));
  await run({ action: 'stop_container', name: 'memcached' });
  m.clear();
  assert.deepEqual((await run(args)).result, { changed: true, differences: ['state'] });
  assert.deepEqual(m.calls(true), ['POST /containers/memcached/restart?t=60']);
  m.clear();
  const recreated = await run({ ...args, volumes: [...SERVICE.volumes, '/run:/run:shared'] });
  assert.deepEqual(recreated.result, { changed: true, differences: ['volumes'] });
  assert.deepEqual(m.calls(true), ['POST /containers/memcached/stop?t=60', 'DELETE /containers/memcached?force=true', 'POST /containers/create?name=memcached', 'POST /containers/memcached/start']);
  m.containers.clear();
  m.clear();
  assert.deepEqual((await run(args)).result, { changed: true });
  assert.deepEqual(m.calls(true), ['POST /containers/create?name=memcached', 'POST /containers/memcached/start']);
});

test('recreate_or_restart_container with COPY_ONCE recreates on a config difference: a restart would not copy the files again', async () => {
  const once = { ...SERVICE, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' } };
  await running(once);
  m.exec = { rc: 1 };
  const out = await run({ action: 'recreate_or_restart_container', ...once });
  assert.deepEqual(out.result, { changed: true, differences: ['config'] });
  assert.ok(m.calls(true).includes('DELETE /containers/memcached?force=true'));
});
