/** docker_image_info and docker_prune against a real node's engine, with an image made there (docker import, no registry). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dockerImageInfoModule, imageRef } from '../../../src/modules/docker_image_info.js';
import { dockerPruneModule } from '../../../src/modules/docker_prune.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('docker');
const label = `kr_prune_${Math.random().toString(36).slice(2, 8)}`;
const tag = `kr-test/${label}:1`;

async function makeImage(): Promise<string> {
  await b.host.sh(`mkdir -p ${b.dir}/root && echo x > ${b.dir}/root/x && tar -C ${b.dir}/root -c . | docker import -c 'LABEL ${label}=yes' -c 'CMD ["/x"]' - ${tag} >/dev/null`);
  return (await b.host.sh(`docker image inspect -f '{{.Id}}' ${tag}`)).trim();
}

test('docker_image_info: named images inspected as the engine reports them, missing ones left out, by ID too; changes nothing', async () => {
  const id = await makeImage();
  for (const check of [false, true]) {
    const r = await b.host.run(dockerImageInfoModule, { name: [tag, 'kr-test/none:1'] }, { check });
    assert.equal(r.status, 'ok');
    const images = r.result.images as { Id: string; RepoTags: string[]; Config: { Labels: Record<string, string> } }[];
    assert.equal(images.length, 1);
    assert.equal(images[0]?.Id, id);
    assert.deepEqual(images[0]?.RepoTags, [tag]);
    assert.equal(images[0]?.Config.Labels[label], 'yes');
  }
  const byId = await b.host.run(dockerImageInfoModule, { name: id });
  assert.equal((byId.result.images as { Id: string }[])[0]?.Id, id);
  const all = await b.host.run(dockerImageInfoModule, {});
  assert.ok((all.result.images as { Id: string }[]).some((i) => i.Id === id));
  const untagged = await b.host.run(dockerImageInfoModule, { name: `kr-test/${label}` });
  assert.deepEqual(untagged.result.images, [], 'no tag means latest, which does not exist');
});

test('docker_prune: the stopped container and then the labelled image removed, a second run changes nothing, check mode skips', async () => {
  await makeImage();
  const container = `kr-prune-${label}`;
  await b.host.sh(`docker create --name ${container} --label ${label}=yes ${tag} >/dev/null`);
  const args = { containers: true, containers_filters: { label: [label] }, images: true, images_filters: { label: label, dangling: false } };
  const check = await b.host.run(dockerPruneModule, args, { check: true });
  assert.equal(check.status, 'skipped');
  assert.equal((await b.host.sh(`docker ps -aq -f name=${container} | wc -l`)).trim(), '1');
  const first = await b.host.run(dockerPruneModule, args);
  assert.equal(first.status, 'changed');
  assert.equal((first.result.containers as string[]).length, 1);
  assert.ok((first.result.images as { Untagged?: string }[]).some((i) => i.Untagged === tag));
  assert.equal((await b.host.sh(`docker images -q ${tag} | wc -l`)).trim(), '0');
  const second = await b.host.run(dockerPruneModule, args);
  assert.equal(second.status, 'ok');
  assert.deepEqual([second.result.containers, second.result.images, second.result.containers_space_reclaimed], [[], [], 0]);
});

test('image names as community.docker reads them; a TCP docker_host is refused at run time; bad parameters refused', async () => {
  assert.equal(imageRef('registry:4000/kolla/keystone'), 'registry:4000/kolla/keystone:latest');
  assert.equal(imageRef('kolla/keystone:2024.1'), 'kolla/keystone:2024.1');
  const tcp = await b.host.run(dockerImageInfoModule, { docker_host: 'tcp://127.0.0.1:2375' });
  assert.equal(tcp.status, 'failed');
  assert.match(String(tcp.result.msg), /unix socket only/);
  await assertRejected(b.host, dockerPruneModule, { imagez: true }, 'imagez');
});
