/**
 * docker_image_info against a fake engine answering with the real
 * engine's answers (Docker 20.10, API 1.41, captured on this machine for
 * an image made with docker import). The proof on a real engine is
 * tests/integration/modules/docker-info-prune.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UnreachableError } from '../../../src/errors.js';
import { dockerImageInfoModule, imageRef } from '../../../src/modules/docker_image_info.js';
import { fakeEngine, type FakeEngine } from '../../support/fake-engine.js';
import { scriptedHost } from '../../support/scripted-host.js';

const ID = 'sha256:29e5e08945951efc6909934bcb541d7582cff30698c692dcd1511618afdc5d5d';
const IMAGE = {
  Id: ID, RepoTags: ['kr-unit/kr_unit_27713:1'], RepoDigests: [], Created: '2026-12-05T02:35:40.798027524Z', Size: 2, Architecture: 'amd64', Os: 'linux',
  Config: { Hostname: '', User: '', Env: null, Cmd: ['/x'], Image: '', Volumes: null, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: { kr_unit_27713: 'yes' } },
};
const MISSING = (ref: string) => ({ status: 404, json: { message: `no such image: ${ref}: No such image: ${ref}` } });

let engine: FakeEngine;
before(async () => {
  engine = await fakeEngine();
  engine
    .on('GET', /^\/images\/[^/]+\/json$/, (r) => MISSING(decodeURIComponent(r.path.split('/')[2] ?? '')))
    .on('GET', `/images/${encodeURIComponent('kr-unit/kr_unit_27713:1')}/json`, { json: IMAGE })
    .on('GET', `/images/${encodeURIComponent(ID)}/json`, { json: IMAGE })
    .on('GET', '/images/json', { json: [{ Id: ID, RepoTags: IMAGE.RepoTags, Labels: IMAGE.Config.Labels, Size: 2 }] });
});
after(() => engine.close());

test('named images inspected as the engine reports them, a missing one left out, in check mode alike; nothing but GETs', async () => {
  const h = scriptedHost({ engine });
  for (const check of [false, true]) {
    engine.requests.length = 0;
    const out = await h.run(dockerImageInfoModule, { name: ['kr-unit/kr_unit_27713:1', 'kr-unit/none:1'] }, { check });
    assert.deepEqual([out.status, out.result], ['ok', { changed: false, images: [IMAGE] }]);
    assert.deepEqual(engine.requests.map((r) => `${r.method} ${r.path}`), ['GET /images/kr-unit%2Fkr_unit_27713%3A1/json', 'GET /images/kr-unit%2Fnone%3A1/json']);
  }
});

test("a name without a tag means latest (a registry's port is no tag); an ID is used as it is; no name lists every image", async () => {
  const h = scriptedHost({ engine });
  engine.requests.length = 0;
  const untagged = await h.run(dockerImageInfoModule, { name: 'registry:4000/kolla/keystone, ' + ID });
  assert.deepEqual(engine.requests.map((r) => r.path), [`/images/${encodeURIComponent('registry:4000/kolla/keystone:latest')}/json`, `/images/${encodeURIComponent(ID)}/json`]);
  assert.deepEqual(untagged.result.images, [IMAGE]);
  const all = await h.run(dockerImageInfoModule, {});
  assert.deepEqual(all.result.images, [IMAGE]);
});

test("the socket docker_host names is the one opened; a TCP docker_host fails at run time; the engine's error is the task's msg", async () => {
  const h = scriptedHost({ engine });
  engine.requests.length = 0;
  await h.run(dockerImageInfoModule, { name: ID, docker_host: 'unix:///run/podman/docker.sock' });
  assert.equal(engine.requests[0]?.socket, '/run/podman/docker.sock');
  const tcp = await h.run(dockerImageInfoModule, { docker_host: 'tcp://127.0.0.1:2375' });
  assert.deepEqual([tcp.status, tcp.result.msg], ['failed', 'docker_host tcp://127.0.0.1:2375: kolla-run reaches the engine through its unix socket only (unix://PATH)']);
  const broken = await fakeEngine();
  try {
    broken.on('GET', '/images/json', { status: 500, json: { message: 'write /var/lib/docker: no space left on device' } });
    const out = await scriptedHost({ engine: broken }).run(dockerImageInfoModule, {});
    assert.deepEqual([out.status, out.result.msg], ['failed', 'An unexpected Docker error occurred: 500 write /var/lib/docker: no space left on device']);
  } finally {
    await broken.close();
  }
});

test("names as community.docker's parse_repository_tag reads them: a bare name gets latest, an ID and a digest are kept, bare hex digits are a repository", () => {
  assert.equal(imageRef('busybox'), 'busybox:latest');
  assert.equal(imageRef(ID), ID);
  assert.equal(imageRef(`kolla/keystone@${ID}`), `kolla/keystone@${ID}`);
  assert.equal(imageRef(ID.slice('sha256:'.length)), `${ID.slice('sha256:'.length)}:latest`);
});

test('an empty name list lists every image; one named image is only that one, missing or not', async () => {
  const h = scriptedHost({ engine });
  assert.deepEqual((await h.run(dockerImageInfoModule, { name: [] })).result.images, [IMAGE]);
  engine.requests.length = 0;
  assert.deepEqual((await h.run(dockerImageInfoModule, { name: 'kr-unit/none:1' })).result.images, []);
  assert.deepEqual(engine.requests.map((r) => r.path), [`/images/${encodeURIComponent('kr-unit/none:1')}/json`]);
});

test('an image removed between the list and its inspection is null, as community.docker registers it', async () => {
  const racing = await fakeEngine();
  try {
    const gone = `sha256:${'9'.repeat(64)}`;
    racing
      .on('GET', '/images/json', { json: [{ Id: ID, RepoTags: IMAGE.RepoTags, Labels: IMAGE.Config.Labels, Size: 2 }, { Id: gone, RepoTags: ['kr-unit/gone:1'], Labels: null, Size: 2 }] })
      .on('GET', `/images/${encodeURIComponent(ID)}/json`, { json: IMAGE })
      .on('GET', `/images/${encodeURIComponent(gone)}/json`, MISSING(gone));
    const out = await scriptedHost({ engine: racing }).run(dockerImageInfoModule, {});
    assert.deepEqual([out.status, out.result], ['ok', { changed: false, images: [IMAGE, null] }]);
  } finally {
    await racing.close();
  }
});

test('an unreachable host stays unreachable (not a failed task)', async () => {
  const unreachable = { ...engine, open: () => Promise.reject(new UnreachableError('node1', 'reset', 'node1: connection reset')) };
  await assert.rejects(scriptedHost({ engine: unreachable }).run(dockerImageInfoModule, {}), UnreachableError);
});
