/**
 * kolla_container with a real Kolla image on a testbed node: the image
 * pulled from the testbed registry, and the config-drift path (a service's
 * rendered file changes -> `kolla_set_configs --check` inside the container
 * says so -> compare_container reports `config` -> recreate_or_restart_container
 * restarts that container, and no other).
 */
import assert from 'node:assert/strict';
import { docker } from '../../../src/testbed/docker-cli.js';
import { after, before, test } from 'node:test';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import { pushToRegistry, testbedNames } from '../../../src/testbed/index.js';
import { configVolume, removeKollaConfig, startedAt, writeConfigFile, writeKollaConfig } from '../../support/kolla-config.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

const LOCAL_IMAGE = 'kolla/memcached:latest';
let host: ModuleHost;
let image: string;
const run = process.pid;
const instances = [
  { name: `kr_memcached_a_${run}`, port: 11311 },
  { name: `kr_memcached_b_${run}`, port: 11312 },
];
const once = { name: `kr_memcached_once_${run}`, port: 11313, strategy: 'COPY_ONCE' };
const kept = { name: `kr_memcached_kept_${run}`, port: 11314 };
const stopped = { name: `kr_memcached_stopped_${run}`, port: 11315 };
const broken = { name: `kr_memcached_broken_${run}`, port: 11316 };

before(async () => {
  const state = await upTestbed(TEST_NODES);
  image = await pushToRegistry(LOCAL_IMAGE, testbedNames(state.testbed, '/unused'), state.registry.hostPort);
  host = await moduleHost(0);
});
after(async () => {
  for (const { name } of [...instances, once, kept, stopped, broken]) {
    await host.connection.exec(`docker rm -f ${name} >/dev/null 2>&1; true`);
    await removeKollaConfig(host, name);
  }
  await host.close();
});

test('an image pushed to the testbed registry is pulled by a node, and only when it changed', async () => {
  // Start from a node without it, so that the pull really fetches it.
  await host.run(kollaContainerModule, { action: 'remove_image', image });
  assert.equal((await host.connection.exec(`docker image inspect ${image}`)).rc, 1, 'the node lacks the image');
  const pulled = await host.run(kollaContainerModule, { action: 'pull_image', image });
  assert.equal(pulled.status, 'changed', JSON.stringify(pulled.result));
  const controllerId = (await docker(['image', 'inspect', '--format', '{{.Id}}', LOCAL_IMAGE])).trim();
  assert.equal((await host.sh(`docker image inspect --format '{{.Id}}' ${image}`)).trim(), controllerId, 'the node has the very image the controller pushed');
  assert.equal(pulled.result.id, controllerId);
  // Pulling again brings nothing new: no change.
  const again = await host.run(kollaContainerModule, { action: 'pull_image', image });
  assert.equal(again.status, 'ok', JSON.stringify(again.result));
  assert.equal((await host.run(kollaContainerModule, { action: 'ensure_image', image })).status, 'ok');
});

function taskArgs(instance: { name: string; port: number; strategy?: string }): Record<string, unknown> {
  return {
    name: instance.name,
    image,
    volumes: [configVolume(instance.name), '/etc/localtime:/etc/localtime:ro', ''],
    environment: { KOLLA_CONFIG_STRATEGY: instance.strategy ?? 'COPY_ALWAYS' },
    healthcheck: { test: ['CMD-SHELL', `healthcheck_listen memcached ${instance.port}`], interval: '1', timeout: '10', retries: '3', start_period: '2' },
  };
}

async function deploy(instance: { name: string; port: number; strategy?: string }): Promise<void> {
  await writeKollaConfig(host, instance.name, {
    command: `/usr/bin/memcached -v -l 127.0.0.1 -p ${instance.port} -c 128`,
    files: [{ name: 'memcached.extra', content: `${instance.name} v1\n`, dest: '/etc/memcached/memcached.extra', owner: 'memcached', perm: '0600' }],
    permissions: [{ path: '/var/log/kolla/memcached', owner: 'memcached:kolla', recurse: true }],
  });
  const started = await host.run(kollaContainerModule, { action: 'start_container', ...taskArgs(instance) });
  assert.equal(started.status, 'changed', JSON.stringify(started.result));
  const healthy = await host.run(kollaContainerModule, { action: 'wait_healthy', name: instance.name, timeout: 120 });
  assert.equal(healthy.status, 'ok', JSON.stringify(healthy.result));
  assert.equal(healthy.result.health, 'healthy');
}

test('a changed rendered file: --check finds it, and only that container restarts', { timeout: 300_000 }, async () => {
  for (const instance of instances) await deploy(instance);
  // As deployed: nothing drifted, so a deploy run changes nothing.
  for (const instance of instances) {
    const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(instance) });
    assert.equal(compared.status, 'ok', `${instance.name}: ${JSON.stringify(compared.result)}`);
  }
  const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
  const before = { a: await startedAt(host, a.name), b: await startedAt(host, b.name) };

  // The deploy re-renders a's file only.
  await writeConfigFile(host, a.name, 'memcached.extra', `${a.name} v2\n`);
  // What kolla-ansible's check-containers does: compare each container, and a handler
  // (recreate_or_restart_container) runs for those that changed.
  const decisions: Record<string, unknown> = {};
  for (const instance of instances) {
    const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(instance) });
    decisions[instance.name] = compared.result.differences ?? compared.status;
    if (compared.status !== 'changed') continue;
    const handled = await host.run(kollaContainerModule, { action: 'recreate_or_restart_container', ...taskArgs(instance) });
    assert.equal(handled.status, 'changed', JSON.stringify(handled.result));
    assert.deepEqual(handled.result.differences, ['config'], 'restarted for its config, no defining field differs');
  }
  assert.deepEqual(decisions, { [a.name]: ['config'], [b.name]: 'ok' });
  for (const instance of instances) {
    assert.equal((await host.run(kollaContainerModule, { action: 'wait_healthy', name: instance.name, timeout: 120 })).status, 'ok');
  }
  const afterwards = { a: await startedAt(host, a.name), b: await startedAt(host, b.name) };
  assert.equal(afterwards.a.id, before.a.id, 'a is the same container (restarted, not recreated)');
  assert.notEqual(afterwards.a.started, before.a.started, 'a restarted');
  assert.deepEqual(afterwards.b, before.b, 'b was left alone');
  // a runs with the new file, copied by kolla_start at the restart; nothing drifts any more.
  assert.equal(await host.sh(`docker exec ${a.name} cat /etc/memcached/memcached.extra`), `${a.name} v2\n`);
  assert.equal(await host.sh(`docker exec ${b.name} cat /etc/memcached/memcached.extra`), `${b.name} v1\n`);
  for (const instance of instances) {
    const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(instance) });
    assert.equal(compared.status, 'ok', `${instance.name}: ${JSON.stringify(compared.result)}`);
  }
});

test('with COPY_ONCE, a changed rendered file recreates the container (a restart would not copy it)', { timeout: 300_000 }, async () => {
  await deploy(once);
  assert.equal((await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(once) })).status, 'ok');
  const before = await startedAt(host, once.name);
  await writeConfigFile(host, once.name, 'memcached.extra', `${once.name} v2\n`);
  const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(once) });
  assert.deepEqual(compared.result.differences, ['config']);
  const handled = await host.run(kollaContainerModule, { action: 'recreate_or_restart_container', ...taskArgs(once) });
  assert.equal(handled.status, 'changed', JSON.stringify(handled.result));
  assert.equal((await host.run(kollaContainerModule, { action: 'wait_healthy', name: once.name, timeout: 120 })).status, 'ok');
  assert.notEqual((await startedAt(host, once.name)).id, before.id, 'a new container');
  assert.equal(await host.sh(`docker exec ${once.name} cat /etc/memcached/memcached.extra`), `${once.name} v2\n`);
  assert.equal((await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(once) })).status, 'ok');
});

test('a recreate whose new image cannot be pulled fails and leaves the running container alone', { timeout: 300_000 }, async () => {
  await deploy(kept);
  const before = await startedAt(host, kept.name);
  const missing = image.replace(/:[^:/]+$/, ':no-such-tag');
  const outcome = await host.run(kollaContainerModule, { action: 'start_container', ...taskArgs(kept), image: missing });
  assert.equal(outcome.status, 'failed', JSON.stringify(outcome.result));
  assert.match(String(outcome.result.msg), /no-such-tag|not found|manifest unknown/i);
  assert.deepEqual(await startedAt(host, kept.name), before, 'still the same container, never stopped');
  assert.equal((await host.sh(`docker inspect -f '{{.State.Running}}' ${kept.name}`)).trim(), 'true');
});

test('a stopped container: compare_container reports its state, and the restart handler brings it back', { timeout: 300_000 }, async () => {
  await deploy(stopped);
  const before = await startedAt(host, stopped.name);
  await host.sh(`docker stop -t 5 ${stopped.name}`);
  const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(stopped) });
  assert.equal(compared.status, 'changed', JSON.stringify(compared.result));
  assert.deepEqual(compared.result.differences, ['state']);
  const handled = await host.run(kollaContainerModule, { action: 'recreate_or_restart_container', ...taskArgs(stopped) });
  assert.equal(handled.status, 'changed', JSON.stringify(handled.result));
  assert.equal((await host.run(kollaContainerModule, { action: 'wait_healthy', name: stopped.name, timeout: 120 })).status, 'ok');
  const afterwards = await startedAt(host, stopped.name);
  assert.equal(afterwards.id, before.id, 'started again, not recreated');
  assert.notEqual(afterwards.started, before.started);
  assert.equal((await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(stopped) })).status, 'ok');
});

test('a config check that fails (not 0 or 1) fails the task, naming the exit code, and leaves the container alone', { timeout: 300_000 }, async () => {
  await deploy(broken);
  const before = await startedAt(host, broken.name);
  // The check itself breaks (as a crashed kolla_set_configs would): neither "matches" nor "differs".
  await host.sh(`docker exec -u root ${broken.name} sh -c 'printf "#!/bin/sh\\necho boom >&2\\nexit 2\\n" > /usr/local/bin/kolla_set_configs'`);
  const compared = await host.run(kollaContainerModule, { action: 'compare_container', ...taskArgs(broken) });
  assert.equal(compared.status, 'failed', JSON.stringify(compared.result));
  assert.match(String(compared.result.msg), /Failed to compare container configuration: ExitCode: 2 Message: boom/);
  assert.deepEqual(await startedAt(host, broken.name), before);
});
