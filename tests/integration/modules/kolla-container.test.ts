/**
 * kolla_container on a testbed node's own engine, through the engine API
 * over SSH: idempotent start, recreate naming the differing field, volumes
 * that keep their data, one-shot containers, managed volumes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { kollaContainerModule } from '../../../src/modules/kolla_container.js';
import { BASE_IMAGE } from '../../../src/testbed/images.js';
import { pushToRegistry, testbedNames } from '../../../src/testbed/index.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

let host: ModuleHost;
let image: string;
const name = `kr_sleeper_${process.pid}`;
const volume = `kr_data_${process.pid}`;
// The sleeper is sh as PID 1 (the base image has no init): it ignores SIGTERM, so stops wait graceful_timeout, kept short.
const base = { name, command: 'sleep infinity', volumes: [`${volume}:/data`, ''], environment: { COLOUR: 'blue' }, graceful_timeout: 2 };

before(async () => {
  const state = await upTestbed(TEST_NODES);
  image = await pushToRegistry(BASE_IMAGE, testbedNames(state.testbed, '/unused'), state.registry.hostPort);
  host = await moduleHost(0);
});
after(async () => {
  await host.connection.exec(`docker rm -f ${name} >/dev/null 2>&1; docker volume rm ${volume} kr_vol_${process.pid} >/dev/null 2>&1; true`);
  await host.close();
});

test('start_container: created and started, then nothing to do', async () => {
  const args = { action: 'start_container', image, ...base };
  const first = await host.run(kollaContainerModule, args);
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.equal((await host.sh(`docker inspect -f '{{.State.Running}} {{.HostConfig.NetworkMode}}' ${name}`)).trim(), 'true host');
  const second = await host.run(kollaContainerModule, args);
  assert.equal(second.status, 'ok', JSON.stringify(second.result));
});

test('one changed environment value: only that container is recreated, and the task says why', async () => {
  await host.sh(`docker exec ${name} sh -c 'echo kept > /data/file'`);
  const idBefore = (await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim();
  const outcome = await host.run(kollaContainerModule, { action: 'start_container', image, ...base, environment: { COLOUR: 'red' } });
  assert.equal(outcome.status, 'changed');
  assert.deepEqual(outcome.result.differences, ['environment']);
  const idAfter = (await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim();
  assert.notEqual(idAfter, idBefore, 'recreated');
  assert.equal(await host.sh(`docker exec ${name} cat /data/file`), 'kept\n', 'the named volume kept its data');
  const check = await host.run(kollaContainerModule, { action: 'compare_container', image, ...base, environment: { COLOUR: 'red' } });
  assert.equal(check.status, 'ok');
});

test('check mode reports the recreate and leaves the container alone', async () => {
  const idBefore = (await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim();
  const outcome = await host.run(kollaContainerModule, { action: 'start_container', image, ...base, privileged: false, cap_add: ['NET_ADMIN'] }, { check: true });
  assert.equal(outcome.status, 'changed');
  assert.deepEqual(outcome.result.differences, ['environment', 'cap_add']);
  assert.equal((await host.sh(`docker inspect -f '{{.Id}}' ${name}`)).trim(), idBefore);
});

test('a one-shot container runs to completion: output captured, container removed', async () => {
  const ok = await host.run(kollaContainerModule, { action: 'start_container', name: `${name}_boot`, image, detach: false, command: "sh -c 'echo bootstrapped; echo note >&2'", environment: { KOLLA_BOOTSTRAP: '' } });
  assert.equal(ok.status, 'changed');
  assert.equal(ok.result.rc, 0);
  assert.equal(ok.result.stdout, 'bootstrapped\n');
  assert.equal(ok.result.stderr, 'note\n');
  assert.equal(await host.sh(`docker ps -aq --filter name=^/${name}_boot$`), '');
  const bad = await host.run(kollaContainerModule, { action: 'start_container', name: `${name}_boot`, image, detach: false, command: "sh -c 'echo broken >&2; exit 3'" });
  assert.equal(bad.status, 'failed');
  assert.equal(bad.result.rc, 3);
  assert.equal(bad.result.stderr, 'broken\n');
});

test("command is split into words as kolla-ansible's docker-py does (shlex), with no shell in between", async () => {
  const args = { action: 'start_container', name: `${name}_words`, image, detach: false } as const;
  const words = await host.run(kollaContainerModule, { ...args, command: `printf '%s|' "$HOME" 'a b' c;d` });
  assert.equal(words.status, 'changed', JSON.stringify(words.result));
  assert.equal(words.result.stdout, '$HOME|a b|c;d|', 'no expansion, no command separator: the words as written');
  const unbalanced = await host.run(kollaContainerModule, { ...args, command: "echo 'oops" });
  assert.equal(unbalanced.status, 'failed');
  assert.match(String(unbalanced.result.msg), /command.*unbalanced quote/);
});

test('create_volume marks the volume as managed; a second run changes nothing', async () => {
  const vol = `kr_vol_${process.pid}`;
  assert.equal((await host.run(kollaContainerModule, { action: 'create_volume', name: vol })).status, 'changed');
  assert.equal((await host.run(kollaContainerModule, { action: 'create_volume', name: vol })).status, 'ok');
  assert.equal((await host.sh(`docker volume inspect -f '{{index .Labels "kolla_managed"}}' ${vol}`)).trim(), 'true');
});

test('stop, then remove; a missing container is an error unless ignore_missing', async () => {
  assert.equal((await host.run(kollaContainerModule, { action: 'stop_container', name, graceful_timeout: 2 })).status, 'changed');
  assert.equal((await host.run(kollaContainerModule, { action: 'stop_container', name })).status, 'ok');
  assert.equal((await host.run(kollaContainerModule, { action: 'stop_and_remove_container', name })).status, 'changed');
  const missing = await host.run(kollaContainerModule, { action: 'stop_container', name });
  assert.equal(missing.status, 'failed');
  assert.equal((await host.run(kollaContainerModule, { action: 'stop_container', name, ignore_missing: true })).status, 'ok');
});

test('bad parameters are refused before the engine is asked', async () => {
  const outcome = await host.run(kollaContainerModule, { action: 'start_container', name });
  assert.equal(outcome.status, 'failed');
  assert.match(String(outcome.result.msg), /image/);
  const unknown = await host.run(kollaContainerModule, { action: 'dance', name });
  assert.match(String(unknown.result.msg), /action/);
});

test('kolla_container_facts reports the state of named containers, and skips missing ones', async () => {
  const { kollaContainerFactsModule } = await import('../../../src/modules/kolla_container_facts.js');
  await host.run(kollaContainerModule, { action: 'start_container', image, ...base });
  const facts = await host.run(kollaContainerFactsModule, { action: 'get_containers_state', name: [name, 'no_such_container'] });
  assert.equal(facts.status, 'ok');
  assert.deepEqual(facts.result.containers, { [name]: 'running' });
});

test('with no registry, an image is streamed from the controller over SSH, only when the host lacks that id', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { docker } = await import('../../../src/testbed/docker-cli.js');
  const { moduleContext } = await import('../../../src/executor/module-context.js');
  const { runModule } = await import('../../../src/executor/module-runner.js');
  const context = await mkdtemp(join(tmpdir(), 'kr-tiny-'));
  await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY marker /marker\n');
  await writeFile(join(context, 'marker'), `built by test ${process.pid}\n`);
  const ref = `kolla-run/tiny-test:${process.pid}`;
  await docker(['build', '-q', '-t', ref, context]);
  const localId = (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).trim();
  const ctx = moduleContext('node1', host.connection);
  const args = { action: 'ensure_image', image: ref, image_source: 'controller' };
  try {
    const first = await runModule(kollaContainerModule, args, ctx, { check: false, diff: false });
    assert.equal(first.status, 'changed', JSON.stringify(first.result));
    assert.equal((await host.sh(`docker image inspect --format '{{.Id}}' ${ref}`)).trim(), localId);
    const second = await runModule(kollaContainerModule, args, ctx, { check: false, diff: false });
    assert.equal(second.status, 'ok');
  } finally {
    await host.connection.exec(`docker rmi ${ref} >/dev/null 2>&1; true`);
    await docker(['rmi', ref]);
  }
});
