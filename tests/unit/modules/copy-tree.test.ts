/**
 * copy with a folder as src (local connection): what is sent, made and
 * fixed when dest already holds part of the tree, modes new and kept
 * (preserve, symbolic, directory_mode), owner and group, force, failures.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost, modeOf, processUmask as umask } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());


test('the result names the folders as Ansible does: dest with a slash, src as given', async () => {
  await h.source('files', 'conf.d/a', 'a\n');
  const inside = await h.run('copy', { src: 'conf.d/', dest: h.path('in') });
  assert.deepEqual([inside.result.dest, inside.result.src], [`${h.path('in')}/`, `${join(h.controller, 'files', 'conf.d')}/`]);
  const itself = await h.run('copy', { src: 'conf.d', dest: `${h.path('out')}/` });
  assert.deepEqual([itself.result.dest, itself.result.src], [`${h.path('out')}/`, join(h.controller, 'files', 'conf.d')]);
});

test('into a dest that exists: one new file, a missing subfolder, a changed file; new files from the umask', async () => {
  await h.source('files', 't/one', '1\n');
  await h.write('d/.keep', '');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d') });
  assert.equal(await h.read('d/one'), '1\n');
  assert.equal(await modeOf(h.path('d', 'one')), (0o666 & ~umask()).toString(8));
  await h.source('files', 't/sub/two', '2\n');
  await h.source('files', 't/one', 'one\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d') });
  assert.deepEqual([await h.read('d/one'), await h.read('d/sub/two')], ['one\n', '2\n']);
});

test('mode on a tree: new files get it, existing equal files are fixed once, a replaced file too', async () => {
  await h.source('files', 't/a', 'a\n');
  await h.source('files', 't/b', 'b\n');
  await h.write('d/a', 'a\n', 0o600);
  await h.write('d/b', 'old\n', 0o600);
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d'), mode: '0640' });
  assert.deepEqual(await Promise.all(['a', 'b'].map((f) => modeOf(h.path('d', f)))), ['640', '640']);
  await h.source('files', 't/c', 'c\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d'), mode: '0600' });
  assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((f) => modeOf(h.path('d', f)))), ['600', '600', '600']);
});

test('one existing file whose mode alone differs is fixed', async () => {
  await h.source('files', 't/a', 'a\n');
  await h.write('d/a', 'a\n', 0o600);
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d'), mode: '0644' }, { diff: true });
  assert.equal(await modeOf(h.path('d', 'a')), '644');
});

test('symbolic and preserved modes on new files; directory_mode on new folders', async () => {
  const src = await h.source('files', 't/x', 'x\n');
  await chmod(src, 0o751);
  await h.source('files', 't/sub/y', 'y\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('sym'), mode: 'u=rwX,g=rX,o=', directory_mode: 'a=rw,a+X' });
  assert.deepEqual(await Promise.all(['x', 'sub/y'].map((f) => modeOf(h.path('sym', f)))), ['640', '640'], 'X on a new file: no x, whatever the source');
  assert.equal(await modeOf(h.path('sym', 'sub')), '777');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('plus'), mode: 'u+x', directory_mode: 'g+w' });
  assert.deepEqual(await Promise.all(['x', 'sub/y'].map((f) => modeOf(h.path('plus', f)))), [((0o666 & ~umask()) | 0o100).toString(8), ((0o666 & ~umask()) | 0o100).toString(8)]);
  assert.equal(await modeOf(h.path('plus', 'sub')), ((0o777 & ~umask()) | 0o020).toString(8));
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('kept'), mode: 'preserve' });
  assert.equal(await modeOf(h.path('kept', 'x')), '751');
});

test('owner alone and group alone reach new and existing files', async () => {
  await h.source('files', 't/a', 'a\n');
  await h.source('files', 't/b', 'b\n');
  await h.write('o/a', 'a\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('o'), owner: 'nobody' });
  assert.deepEqual(await Promise.all(['a', 'b'].map(async (f) => (await stat(h.path('o', f))).uid)), [65534, 65534]);
  await h.write('g/a', 'a\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('g'), group: 'nogroup' });
  assert.deepEqual(await Promise.all(['a', 'b'].map(async (f) => (await stat(h.path('g', f))).gid)), [65534, 65534]);
});

test('a dest ending in / that is missing: each new folder gets the owner alone or the group alone', async () => {
  await h.source('files', 'a.txt', 'a\n');
  await assertChangesOnce(h, 'copy', { src: 'a.txt', dest: `${h.path('o1', 'o2')}/`, owner: 'nobody' });
  assert.deepEqual(await Promise.all(['o1', 'o1/o2'].map(async (d) => [(await stat(h.path(d))).uid, (await stat(h.path(d))).gid])), [[65534, 0], [65534, 0]]);
  await assertChangesOnce(h, 'copy', { src: 'a.txt', dest: `${h.path('g1', 'g2')}/`, group: 'nogroup' });
  assert.deepEqual(await Promise.all(['g1', 'g1/g2'].map(async (d) => [(await stat(h.path(d))).uid, (await stat(h.path(d))).gid])), [[0, 65534], [0, 65534]]);
});

test('force=no leaves existing files of the tree as they are, yet sends the missing ones', async () => {
  await h.source('files', 't/a', 'new\n');
  await h.source('files', 't/b', 'b\n');
  await h.write('d/a', 'mine\n');
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d'), force: false });
  assert.deepEqual([await h.read('d/a'), await h.read('d/b')], ['mine\n', 'b\n']);
  await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d') });
  assert.equal(await h.read('d/a'), 'new\n');
});

test('a file where the tree needs a folder, or a dest that is a file: failed, with the reason', async () => {
  await h.source('files', 't/sub/y', 'y\n');
  await mkdir(h.path('d'));
  await writeFile(h.path('d', 'sub'), 'in the way');
  for (const diff of [true, false]) {
    const r = await h.run('copy', { src: 't/', dest: h.path('d') }, { diff });
    assert.deepEqual([r.status, r.result.changed], ['failed', false]);
    assert.match(String(r.result.msg), /File exists|Not a directory/);
  }
  const file = await h.write('file', 'f');
  const r = await h.run('copy', { src: 't/', dest: file });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /exists and is not a directory/);
});

// A new folder is a directory when its directory_mode is resolved: X gives it x even where the umask
// took every x away. Ansible (umask 111, directory_mode=u=rwX,g=rX,o=): dest and sub 0750, the file 0666.
test('directory_mode X on new folders under a umask without x: the folders get x, as directories', async () => {
  await h.source('files', 't/sub/y', 'y\n');
  const before = process.umask(0o111);
  try {
    await assertChangesOnce(h, 'copy', { src: 't/', dest: h.path('d'), directory_mode: 'u=rwX,g=rX,o=' });
  } finally {
    process.umask(before);
  }
  assert.deepEqual(await Promise.all([h.path('d'), h.path('d', 'sub'), h.path('d', 'sub', 'y')].map(modeOf)), ['750', '750', '666']);
});
