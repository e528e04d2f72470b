/**
 * kolla_container's other actions on an engine with state
 * (tests/support/engine-model.ts): one-shot bootstrap containers, restart,
 * stop and removal, volumes, images (from a registry or the controller),
 * compare_image and wait_healthy, with kolla-ansible's messages.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, afterEach, before, mock, test } from 'node:test';
import type { ControllerImage } from '../../../src/containers/local-images.js';
import { NO_LOCAL_FILES } from '../../../src/executor/module-context.js';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import { engineModel, image, type EngineModel } from '../../support/engine-model.js';
import { scriptedHost } from '../../support/scripted-host.js';

const IMAGE = 'registry:4000/kolla/keystone:2024.1';
const OLD_ID = `sha256:${'1'.repeat(64)}`;
const NEW_ID = `sha256:${'2'.repeat(64)}`;
const SERVICE = { name: 'keystone', image: IMAGE, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, volumes: ['kolla_logs:/var/log/kolla/'] };

let m: EngineModel;
before(async () => {
  m = await engineModel();
});
after(() => m.close());
afterEach(() => m.reset());

const run = (args: Record<string, unknown>, check = false) => scriptedHost({ engine: m.engine }).run(kollaContainerModule, args, { check });

async function started(args: Record<string, unknown> = {}): Promise<void> {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  assert.equal((await run({ action: 'start_container', ...SERVICE, ...args })).status, 'changed');
  m.clear();
}

const BOOTSTRAP = { action: 'start_container', ...SERVICE, name: 'bootstrap_keystone', detach: false, restart_policy: 'oneshot', environment: { KOLLA_BOOTSTRAP: null, KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, labels: { BOOTSTRAP: null } };

test('a one-shot container (detach: false) runs to its end: output and rc registered, the container removed, a former one replaced', async () => {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  m.oneshot = { rc: 0, stdout: 'Bootstrapping keystone\n', stderr: 'INFO:__main__:Copying service configuration files\n' };
  const checked = await run(BOOTSTRAP, true);
  assert.equal(checked.status, 'changed');
  assert.deepEqual(m.calls(true), [], 'check mode runs nothing');
  const out = await run(BOOTSTRAP);
  assert.deepEqual([out.status, out.result], ['changed', { changed: true, rc: 0, stdout: 'Bootstrapping keystone\n', stderr: 'INFO:__main__:Copying service configuration files\n' }]);
  assert.deepEqual(m.calls(true), [
    'DELETE /containers/bootstrap_keystone?force=true',
    'POST /volumes/create',
    'POST /containers/create?name=bootstrap_keystone',
    'POST /containers/bootstrap_keystone/start',
    'POST /containers/bootstrap_keystone/wait',
    'DELETE /containers/bootstrap_keystone?force=true',
  ]);
  const body = JSON.parse(m.engine.requests.find((r) => r.path.startsWith('/containers/create'))?.body ?? '{}') as { Env: string[]; Labels: unknown; HostConfig: { RestartPolicy: unknown } };
  assert.deepEqual([body.Env, body.Labels, body.HostConfig.RestartPolicy], [['KOLLA_BOOTSTRAP=', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS'], { BOOTSTRAP: '' }, { Name: 'no' }]);
  assert.equal(m.containers.has('bootstrap_keystone'), false);
});

test("a one-shot container's non-zero exit fails the task with kolla-ansible's msg; remove_on_exit false keeps it", async () => {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  m.oneshot = { rc: 3, stderr: 'ERROR: keystone-manage db_sync failed\n' };
  const out = await run({ ...BOOTSTRAP, remove_on_exit: false });
  assert.deepEqual([out.status, out.result], ['failed', { changed: true, failed: true, rc: 3, stdout: '', stderr: 'ERROR: keystone-manage db_sync failed\n', msg: 'Container exited with non-zero return code 3' }]);
  assert.equal(m.containers.get('bootstrap_keystone')?.State.Status, 'exited');
});

test('restart_container restarts with graceful_timeout; a missing container fails it, ignore_missing or not', async () => {
  await started();
  const out = await run({ action: 'restart_container', name: 'keystone', graceful_timeout: 30 });
  assert.deepEqual([out.status, out.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), ['POST /containers/keystone/restart?t=30']);
  for (const ignore_missing of [false, true]) {
    const missing = await run({ action: 'restart_container', name: 'nova_api', ignore_missing });
    assert.deepEqual([missing.status, missing.result], ['failed', { changed: false, failed: true, msg: 'No such container: nova_api' }]);
  }
});

test("stop_container stops a running one (kolla-ansible's 10 s grace when no timeout is given), leaves a stopped one; a missing one fails unless ignore_missing", async () => {
  await started();
  const out = await run({ action: 'stop_container', name: 'keystone' });
  assert.deepEqual([out.status, out.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), ['POST /containers/keystone/stop?t=10']);
  m.clear();
  assert.deepEqual((await run({ action: 'stop_container', name: 'keystone' })).status, 'ok');
  assert.deepEqual(m.calls(true), []);
  const missing = await run({ action: 'stop_container', name: 'nova_api' });
  assert.deepEqual([missing.status, missing.result], ['failed', { changed: false, failed: true, msg: 'No such container: nova_api to stop' }]);
  assert.deepEqual((await run({ action: 'stop_container', name: 'nova_api', ignore_missing: true })).result, { changed: false });
});

test('stop_and_remove_container and remove_container remove what exists, and change nothing when it is gone', async () => {
  await started();
  const out = await run({ action: 'stop_and_remove_container', name: 'keystone', graceful_timeout: 45 });
  assert.deepEqual([out.status, out.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), ['POST /containers/keystone/stop?t=45', 'DELETE /containers/keystone?force=true']);
  assert.equal((await run({ action: 'stop_and_remove_container', name: 'keystone' })).status, 'ok');
  await started();
  const removed = await run({ action: 'remove_container', name: 'keystone' });
  assert.deepEqual([removed.status, removed.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), ['DELETE /containers/keystone?force=true']);
  assert.equal((await run({ action: 'remove_container', name: 'keystone' })).status, 'ok');
});

test('create_volume makes a managed volume once; remove_volume removes it once', async () => {
  const made = await run({ action: 'create_volume', name: 'mariadb' });
  assert.deepEqual([made.status, made.result], ['changed', { changed: true }]);
  assert.deepEqual(m.volumes.get('mariadb')?.Labels, { kolla_managed: 'true' });
  assert.equal((await run({ action: 'create_volume', name: 'mariadb' })).status, 'ok');
  const removed = await run({ action: 'remove_volume', name: 'mariadb' });
  assert.deepEqual([removed.status, removed.result], ['changed', { changed: true }]);
  assert.equal(m.volumes.has('mariadb'), false);
  assert.equal((await run({ action: 'remove_volume', name: 'mariadb' })).status, 'ok');
});

test('pull_image is changed only when the pull brought another image id; ensure_image pulls only a missing image', async () => {
  m.registry.set(IMAGE, image(IMAGE, OLD_ID));
  const first = await run({ action: 'pull_image', image: IMAGE });
  assert.deepEqual([first.status, first.result], ['changed', { changed: true, image: IMAGE, id: OLD_ID }]);
  const same = await run({ action: 'pull_image', image: IMAGE });
  assert.deepEqual([same.status, same.result], ['ok', { changed: false, image: IMAGE, id: OLD_ID }]);
  m.clear();
  assert.equal((await run({ action: 'ensure_image', image: IMAGE })).status, 'ok');
  assert.deepEqual(m.calls(true), [], 'present: not pulled');
  m.images.clear();
  assert.equal((await run({ action: 'ensure_image', image: IMAGE })).status, 'changed');
  assert.deepEqual(m.calls(true), ['POST /images/create?fromImage=registry:4000/kolla/keystone&tag=2024.1']);
});

test('remove_image removes a present image, and changes nothing for an absent one', async () => {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  const out = await run({ action: 'remove_image', image: IMAGE });
  assert.deepEqual([out.status, out.result], ['changed', { changed: true }]);
  assert.deepEqual(m.calls(true), [`DELETE /images/${IMAGE}`]);
  assert.equal((await run({ action: 'remove_image', image: IMAGE })).status, 'ok');
});

test('compare_image: changed when the container is missing, its image is missing, or it runs another id', async () => {
  await started();
  const args = { action: 'compare_image', name: 'keystone', image: IMAGE };
  assert.deepEqual((await run(args)).result, { changed: false });
  m.images.set(IMAGE, image(IMAGE, NEW_ID));
  assert.deepEqual((await run(args)).result, { changed: true });
  m.images.clear();
  assert.equal((await run(args)).status, 'changed');
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  m.containers.clear();
  assert.equal((await run(args)).status, 'changed');
});

/** The controller's engine holding IMAGE as `id` (gone after `vanishAfter` lookups), streaming `archive` when saved. */
function controller(id: string, vanishAfter = Infinity) {
  let lookups = 0;
  const archive = Buffer.from('a docker save archive');
  return {
    ...NO_LOCAL_FILES,
    async image(ref: string): Promise<ControllerImage | undefined> {
      if (ref !== IMAGE || ++lookups > vanishAfter) return undefined;
      return { id, archive: async () => ({ stream: Readable.from([archive]), size: archive.length }) };
    },
  };
}

test("image_source controller: the image is streamed only when the host lacks that id; one the controller lacks fails", async () => {
  const loaded: string[] = [];
  m.engine.on('POST', '/images/load?quiet=1', (r) => {
    loaded.push(r.body);
    m.images.set(IMAGE, image(IMAGE, NEW_ID));
    return { json: { stream: `Loaded image: ${IMAGE}\n` } };
  });
  const args = { action: 'ensure_image', image: IMAGE, image_source: 'controller' };
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  const out = await scriptedHost({ engine: m.engine, local: controller(NEW_ID) }).run(kollaContainerModule, args);
  assert.deepEqual([out.status, out.result, loaded], ['changed', { changed: true, image: IMAGE, id: NEW_ID }, ['a docker save archive']]);
  assert.equal((await scriptedHost({ engine: m.engine, local: controller(NEW_ID) }).run(kollaContainerModule, args)).status, 'ok');
  const absent = await scriptedHost({ engine: m.engine, local: controller(NEW_ID) }).run(kollaContainerModule, { ...args, image: 'kolla/other:1' });
  assert.deepEqual([absent.status, absent.result], ['failed', { changed: false, failed: true, msg: "image kolla/other:1 is not on the controller's engine" }]);
  const vanished = await scriptedHost({ engine: m.engine, local: controller(OLD_ID.replace('1', '3'), 1) }).run(kollaContainerModule, args);
  assert.deepEqual([vanished.status, vanished.result], ['failed', { changed: false, failed: true, msg: `image ${IMAGE} is not on the controller's engine` }], 'gone from the controller between the check and the load');
});

test('wait_healthy: ok once healthy or without a health check; fails when the container stops or stays unhealthy', async () => {
  await started();
  const state = () => m.containers.get('keystone')?.State;
  const wait = (timeout: number) => run({ action: 'wait_healthy', name: 'keystone', timeout });
  assert.deepEqual([(await wait(2)).status, (await wait(2)).result], ['ok', { changed: false, health: 'no healthcheck' }]);
  Object.assign(state() ?? {}, { Health: { Status: 'healthy' } });
  assert.deepEqual((await wait(2)).result, { changed: false, health: 'healthy' });
  Object.assign(state() ?? {}, { Health: { Status: 'starting' } });
  const late = await wait(1);
  assert.deepEqual([late.status, late.result], ['failed', { changed: false, failed: true, msg: 'keystone was not healthy within 1 s (last status: starting)' }]);
  Object.assign(state() ?? {}, { Status: 'exited', Running: false, Health: { Status: 'unhealthy' } });
  const stopped = await wait(2);
  assert.deepEqual([stopped.status, stopped.result], ['failed', { changed: false, failed: true, msg: 'keystone stopped while waiting for it to be healthy' }]);
});

test('a one-shot container that does not end within timeout fails the task', async () => {
  m.images.set(IMAGE, image(IMAGE, OLD_ID));
  /** Answers the wait left hanging, so that the engine can close when a check failed. */
  let release = (): void => {};
  m.engine.on('POST', '/containers/bootstrap_stuck/wait', () => new Promise((resolve) => (release = () => resolve({ json: { Error: null, StatusCode: 137 } }))));
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let settled = false;
    const outcome = run({ ...BOOTSTRAP, name: 'bootstrap_stuck', timeout: 2 }).finally(() => (settled = true));
    while (!m.engine.requests.some((r) => r.path === '/containers/bootstrap_stuck/wait')) await new Promise((r) => setImmediate(r));
    mock.timers.tick(1999);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'still waiting just before 2 s');
    mock.timers.tick(1);
    for (let i = 0; i < 100 && !settled; i++) await new Promise((r) => setImmediate(r));
    assert.equal(settled, true, 'given up at 2 s');
    const out = await outcome;
    assert.deepEqual([out.status, out.result.msg], ['failed', 'engine request POST /containers/bootstrap_stuck/wait timed out']);
  } finally {
    mock.timers.reset();
    release();
  }
});

test('wait_healthy looks again each second and gives up at its deadline, not later', async () => {
  await started();
  Object.assign(m.containers.get('keystone')?.State ?? {}, { Health: { Status: 'starting' } });
  const looks = () => m.engine.requests.filter((r) => r.path === '/containers/keystone/json').length;
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    let settled = false;
    const outcome = run({ action: 'wait_healthy', name: 'keystone', timeout: 2 }).finally(() => (settled = true));
    while (looks() < 1) await turns(1);
    await turns(20);
    mock.timers.tick(1000);
    for (let i = 0; i < 200 && looks() < 2; i++) await turns(1);
    await turns(20);
    mock.timers.tick(1000);
    await turns(50);
    assert.equal(settled, true, 'given up after two looks, at 2 s');
    const out = await outcome;
    assert.deepEqual([out.status, out.result.msg, looks()], ['failed', 'keystone was not healthy within 2 s (last status: starting)', 2]);
  } finally {
    mock.timers.reset();
  }
});

test('wait_healthy waits 300 s by default', async () => {
  await started();
  Object.assign(m.containers.get('keystone')?.State ?? {}, { Health: { Status: 'starting' } });
  // The engine's clock jumps 300 s at each look, so the default deadline passes after one poll.
  mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const model = m.containers.get('keystone');
  m.engine.on('GET', '/containers/keystone/json', () => (mock.timers.setTime(Date.now() + 300_000), { json: model }));
  try {
    const out = await run({ action: 'wait_healthy', name: 'keystone' });
    assert.deepEqual([out.status, out.result.msg], ['failed', 'keystone was not healthy within 300 s (last status: starting)']);
  } finally {
    mock.timers.reset();
  }
});
