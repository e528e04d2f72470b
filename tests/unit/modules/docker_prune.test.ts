/**
 * docker_prune against a fake engine answering with the real engine's
 * prune answers (Docker 20.10, API 1.41, captured on this machine: a
 * labelled container and image made and pruned, then nothing left). The
 * proof on a real engine is tests/integration/modules/docker-info-prune.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dockerPruneModule } from '../../../src/modules/docker_prune.js';
import { fakeEngine, type FakeEngine } from '../../support/fake-engine.js';
import { scriptedHost } from '../../support/scripted-host.js';

const CONTAINER = 'c67a573c1f85f5392026c81727dd1525b34d8a7d14106d588053ff2ec796e1e3';
const IMAGES_DELETED = [
  { Untagged: 'kr-unit/kr_unit_27713:1' },
  { Deleted: 'sha256:29e5e08945951efc6909934bcb541d7582cff30698c692dcd1511618afdc5d5d' },
  { Deleted: 'sha256:3ef0c349a0719bbdd97f234fda98bd83c3c6320742bf4c0e379ab7863f3d1014' },
];

let engine: FakeEngine;
/** Whether the labelled container and image are still there to prune. */
let present = true;
before(async () => {
  engine = await fakeEngine();
  engine
    .on('POST', '/containers/prune', () => ({ json: present ? { ContainersDeleted: [CONTAINER], SpaceReclaimed: 0 } : { ContainersDeleted: null, SpaceReclaimed: 0 } }))
    .on('POST', '/images/prune', () => {
      const answer = present ? { ImagesDeleted: IMAGES_DELETED, SpaceReclaimed: 2 } : { ImagesDeleted: null, SpaceReclaimed: 0 };
      present = false;
      return { json: answer };
    })
    .on('POST', '/networks/prune', { json: { NetworksDeleted: null } })
    .on('POST', '/volumes/prune', { json: { VolumesDeleted: [], SpaceReclaimed: 0 } })
    .on('POST', '/build/prune', { json: { CachesDeleted: null, SpaceReclaimed: 0 } });
});
after(() => engine.close());

test('check mode skips the task without a request; the run prunes with the filters as the engine wants them; a second run changes nothing', async () => {
  const h = scriptedHost({ engine });
  const args = { containers: true, containers_filters: { label: ['kr_unit'] }, images: true, images_filters: { label: 'kr_unit', dangling: false } };
  const checked = await h.run(dockerPruneModule, args, { check: true });
  assert.equal(checked.status, 'skipped');
  assert.equal(engine.requests.length, 0, "no request in check mode");
  const first = await h.run(dockerPruneModule, args);
  assert.deepEqual(engine.requests.map((r) => [r.method, decodeURIComponent(r.path)]), [
    ['POST', '/containers/prune?filters={"label":["kr_unit"]}'],
    // Booleans as the words the engine knows, every value a list (community.docker's convert_filters).
    ['POST', '/images/prune?filters={"label":["kr_unit"],"dangling":["false"]}'],
  ]);
  assert.deepEqual([first.status, first.result], ['changed', { changed: true, containers: [CONTAINER], containers_space_reclaimed: 0, images: IMAGES_DELETED, images_space_reclaimed: 2 }]);
  const second = await h.run(dockerPruneModule, args);
  assert.deepEqual([second.status, second.result], ['ok', { changed: false, containers: [], containers_space_reclaimed: 0, images: [], images_space_reclaimed: 0 }]);
});

test('networks (which reclaim no space), volumes and the build cache: their fields; no filters is an empty object', async () => {
  engine.requests.length = 0;
  const out = await scriptedHost({ engine }).run(dockerPruneModule, { networks: true, volumes: true, builder_cache: true });
  assert.deepEqual(engine.requests.map((r) => decodeURIComponent(r.path)), ['/networks/prune?filters={}', '/volumes/prune?filters={}', '/build/prune']);
  assert.deepEqual([out.status, out.result], ['ok', { changed: false, networks: [], volumes: [], volumes_space_reclaimed: 0, builder_cache_space_reclaimed: 0 }]);
});

test("the engine's refusal fails the task, keeping what was pruned before it", async () => {
  const broken = await fakeEngine();
  try {
    broken.on('POST', '/containers/prune', { json: { ContainersDeleted: [CONTAINER], SpaceReclaimed: 0 } }).on('POST', '/images/prune', { status: 409, json: { message: 'a prune operation is already running' } });
    const out = await scriptedHost({ engine: broken }).run(dockerPruneModule, { containers: true, images: true });
    assert.equal(out.status, 'failed');
    assert.deepEqual(out.result, { changed: true, failed: true, containers: [CONTAINER], containers_space_reclaimed: 0, msg: 'An unexpected Docker error occurred: 409 a prune operation is already running' });
  } finally {
    await broken.close();
  }
});

test("any reclaimed byte is a change, as community.docker's rule says, even with nothing listed as deleted; a true filter is the word true", async () => {
  const reclaiming = await fakeEngine();
  try {
    reclaiming
      .on('POST', /^\/(containers|images|volumes)\/prune/, { json: { ContainersDeleted: null, ImagesDeleted: null, VolumesDeleted: null, SpaceReclaimed: 1 } })
      .on('POST', '/build/prune', { json: { CachesDeleted: null, SpaceReclaimed: 1 } });
    const h = scriptedHost({ engine: reclaiming });
    for (const kind of ['containers', 'images', 'volumes']) {
      const out = await h.run(dockerPruneModule, { [kind]: true, [`${kind}_filters`]: { label: 'kr_unit', dangling: true } });
      assert.deepEqual([out.status, out.result], ['changed', { changed: true, [kind]: [], [`${kind}_space_reclaimed`]: 1 }], kind);
    }
    assert.equal(decodeURIComponent(reclaiming.requests[0]?.path ?? ''), '/containers/prune?filters={"label":["kr_unit"],"dangling":["true"]}');
    const cache = await h.run(dockerPruneModule, { builder_cache: true });
    assert.deepEqual([cache.status, cache.result], ['changed', { changed: true, builder_cache_space_reclaimed: 1 }]);
  } finally {
    await reclaiming.close();
  }
});
