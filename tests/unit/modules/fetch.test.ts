/** fetch on this machine (host and controller the same): dest/<host>/<src>, flat, unchanged copies kept, missing files. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

test('into dest/<host>/<src>, then the same file is no change', async () => {
  const src = await h.write("remote dir/it's.log", 'log\n');
  const dest = h.path('fetched');
  const first = await assertChangesOnce(h, 'fetch', { src, dest });
  const local = `${dest}/localhost${src}`;
  assert.equal(first.result.dest, local);
  assert.equal(await readFile(local, 'utf8'), 'log\n');
});

test('flat with a trailing slash: the base name in that folder; a changed remote is fetched again', async () => {
  const src = await h.write('r/app.conf', 'v1\n');
  const args = { src, dest: `${h.path('flat')}/`, flat: true };
  assert.equal((await h.run('fetch', args)).status, 'changed');
  assert.equal(await readFile(h.path('flat', 'app.conf'), 'utf8'), 'v1\n');
  await h.write('r/app.conf', 'v2\n');
  await assertChangesOnce(h, 'fetch', args);
  assert.equal(await readFile(h.path('flat', 'app.conf'), 'utf8'), 'v2\n');
});

test('flat onto an existing folder without the slash is refused', async () => {
  const src = await h.write('r/x', 'x');
  await h.write('d/.keep', '');
  const r = await h.run('fetch', { src, dest: h.path('d'), flat: true });
  assert.equal(r.status, 'failed');
  assert.equal(r.result.msg, 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory');
});

test('a missing file fails, or with fail_on_missing: no is ignored, writing nothing', async () => {
  const before = await localSnapshot(h.root);
  const src = h.path('none');
  const failed = await h.run('fetch', { src, dest: h.path('out') });
  assert.equal(failed.status, 'failed');
  const ignored = await h.run('fetch', { src, dest: h.path('out'), fail_on_missing: false });
  assert.equal(ignored.status, 'ok');
  assert.equal(ignored.result.msg, 'the remote file does not exist, not transferring, ignored');
  assert.equal(await localSnapshot(h.root), before);
});

test('an empty remote file is fetched as an empty file', async () => {
  const src = await h.write('empty', '');
  await assertChangesOnce(h, 'fetch', { src, dest: `${h.path('o')}/`, flat: true });
  assert.equal(await readFile(h.path('o', 'empty'), 'utf8'), '');
});
