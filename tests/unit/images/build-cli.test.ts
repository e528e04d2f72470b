import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCommand } from '../../../src/cli/commands/build.js';
import { InputError, UsageError } from '../../../src/errors.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDir } from '../../support/temp-dir.js';

test('--help prints the usage', async () => {
  const io = captureIO();
  assert.equal(await buildCommand(['--help'], io), 0);
  assert.match(io.stdout[0] ?? '', /^Usage: kolla-run build \[REGEX\.\.\.\]/);
});

test('--list prints the tree with each image and its parent', async () => {
  const io = captureIO();
  assert.equal(await buildCommand(['--list', '--tag', 't9', 'keystone'], io), 0);
  assert.deepEqual(io.stdout, [
    'base               kolla/base:t9  (from kolla-run/bookworm-base:latest)',
    '└─ openstack-base  kolla/openstack-base:t9  (parent base)',
    '   └─ keystone     kolla/keystone:t9  (parent openstack-base)',
  ]);
});

for (const [argv, message] of [
  [['--base', 'centos'], /--base supports only debian/],
  [['--push'], /--push needs --registry/],
  [['--threads', 'two'], /--threads expects a whole number/],
  [['--threads', '0'], /--threads must be at least 1/],
  [['--frobnicate'], /Unknown option '--frobnicate'/],
  [['--list', 'no-such-image'], /no image matches "no-such-image"/],
] as const) {
  test(`usage error: ${argv.join(' ')}`, async () => {
    await assert.rejects(buildCommand(argv, captureIO()), (err: unknown) => err instanceof UsageError && message.test(err.message));
  });
}

test('a broken template is an InputError (exit 3) before anything is built', async () => {
  const dir = await tempDir('kolla-run-cli-images-');
  try {
    await mkdir(join(dir, 'bad'));
    await writeFile(join(dir, 'bad', 'Dockerfile.j2'), 'FROM {{ base_image }}\nRUN {{ nope }}\n');
    await assert.rejects(buildCommand(['--images-dir', dir], captureIO()), (err: unknown) => {
      return err instanceof InputError && err.exitCode === 3 && /bad\/Dockerfile\.j2:2: /.test(err.message);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
