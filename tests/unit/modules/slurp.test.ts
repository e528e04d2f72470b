/** slurp on this machine: the content base64-encoded, byte for byte; Ansible's messages when it cannot. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

test('binary content and a name with a space and a quote come back exactly', async () => {
  const bytes = Buffer.from([0, 1, 2, 10, 255, 254, 13, 10]);
  const src = await h.write("bin 'x", bytes);
  const r = await assertReadOnly(h, 'slurp', { src });
  assert.deepEqual(Buffer.from(String(r.result.content), 'base64'), bytes);
  assert.equal(r.result.encoding, 'base64');
  assert.equal(r.result.source, src);
});

test('an empty file is empty content; the path alias works', async () => {
  const src = await h.write('e', '');
  assert.equal((await assertReadOnly(h, 'slurp', { path: src })).result.content, '');
});

test('a missing file and a folder fail with Ansible words', async () => {
  const missing = await h.run('slurp', { src: h.path('none') });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, `file not found: ${h.path('none')}`);
  await h.write('d/f', '');
  const dir = await h.run('slurp', { src: h.path('d') });
  assert.equal(dir.result.msg, `source is a directory and must be a file: ${h.path('d')}`);
});

test('an empty src is a file not found, as Ansible says', async () => {
  assert.equal((await h.run('slurp', { src: '' })).result.msg, 'file not found: ');
});

test('a file that fails as it is read: unable to slurp, with the reason', { skip: process.getuid?.() !== 0 && 'root reads a write-only file' }, async () => {
  // Readable for root by its mode, yet reading it fails (EINVAL), as Ansible's read does.
  const r = await h.run('slurp', { src: '/proc/self/clear_refs' });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^unable to slurp file: .*Invalid argument/);
});
