/**
 * The controller's own images, through a fake `docker` first on PATH (a
 * shell script that records its arguments and answers as the CLI does): the
 * image's id, its archive saved whole with its size, the temporary folder
 * removed, and each failure of the CLI.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { controllerImage } from '../../../src/containers/local-images.js';
import { eventually } from '../../support/eventually.js';
import { tempDirSync } from '../../support/temp-dir.js';

const bin = tempDirSync('kr-fake-docker-');
const calls = join(bin, 'calls.log');
// The archives' temporary folders land here, to be counted (the other tests of a bundled group
// run in the same process, and one may make a temporary folder of its own meanwhile).
const tmp = tempDirSync('kr-local-images-');
const archiveFolders = (): string[] => readdirSync(tmp).filter((name) => name.startsWith('kolla-run-image-'));
const noDocker = tempDirSync('kr-no-docker-');
const { TMPDIR, PATH } = process.env;
before(() => {
  process.env.TMPDIR = tmp;
  process.env.PATH = `${bin}:${PATH ?? ''}`;
});
after(() => {
  process.env.PATH = PATH;
  if (TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = TMPDIR;
});

/** A `docker` that logs its arguments, then answers inspect and save as the script says. */
function fakeDocker(inspect: string, save: string): void {
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$1" in\n  image) ${inspect} ;;\n  save) ${save} ;;\nesac\n`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  writeFileSync(calls, '');
}

const called = (): string[] => readFileSync(calls, 'utf8').trim().split('\n');

function read(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (b: Buffer) => (text += b.toString()));
    stream.on('close', () => resolve(text));
    stream.on('error', reject);
  });
}

test("an image on the controller: its id, then its archive saved whole with its size, the archive's folder removed once read", async () => {
  fakeDocker('echo " sha256:abc "', 'printf "tar bytes" > "$3"');
  const image = await controllerImage('kolla/keystone:1');
  assert.equal(image?.id, 'sha256:abc');
  const archive = await image?.archive();
  assert.equal(archive?.size, 9);
  assert.deepEqual(archiveFolders().length, 1);
  assert.equal(await read(archive!.stream), 'tar bytes');
  // The folder goes once the stream has closed, without a promise to wait on.
  await eventually('the archive folder removed', 5000, async () => (archiveFolders().length === 0 ? true : undefined), 10);
  const [inspect, save] = called();
  assert.equal(inspect, 'image inspect --format {{.Id}} kolla/keystone:1');
  assert.match(save ?? '', /^save -o \S+\/image\.tar kolla\/keystone:1$/);
});

test('an image the controller does not have is undefined', async () => {
  fakeDocker('echo "Error: No such image" >&2; exit 1', 'exit 0');
  assert.equal(await controllerImage('kolla/absent:1'), undefined);
});

test('a failed save is an error naming the image, its folder removed with what it left', async () => {
  fakeDocker('echo sha256:abc', 'printf "half a t" > "$3"; exit 2');
  const image = await controllerImage('kolla/keystone:1');
  await assert.rejects(image!.archive(), { message: 'docker save kolla/keystone:1 failed' });
  assert.deepEqual(archiveFolders(), []);
});

test('a save killed by a signal is a failure too', async () => {
  fakeDocker('echo sha256:abc', 'kill -9 $$');
  const image = await controllerImage('kolla/keystone:1');
  await assert.rejects(image!.archive(), { message: 'docker save kolla/keystone:1 failed' });
});

test('without a docker CLI there is no controller image, and a save fails', async () => {
  fakeDocker('echo sha256:abc', 'exit 0');
  const image = await controllerImage('kolla/keystone:1');
  const path = process.env.PATH;
  process.env.PATH = noDocker;
  try {
    assert.equal(await controllerImage('kolla/keystone:1'), undefined);
    await assert.rejects(image!.archive(), { message: 'docker save kolla/keystone:1 failed' });
  } finally {
    process.env.PATH = path;
  }
  assert.deepEqual(archiveFolders(), []);
});
