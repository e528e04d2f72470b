/** copy on this machine (local connection): content, src, folders, mode, backup, force, and both apply paths. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, symlink } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost, localSnapshot, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());


for (const diff of [true, false]) {
  const way = diff ? 'query then apply' : 'converge';
  test(`content to a new file with a mode (${way}): check, change, then ok`, async () => {
    const dest = h.path('dir with space', "it's.conf");
    await h.write('dir with space/.keep', '');
    const first = await assertChangesOnce(h, 'copy', { content: 'a = 1\n', dest, mode: '0640' }, { diff });
    assert.equal(await h.read("dir with space/it's.conf"), 'a = 1\n');
    assert.equal(await modeOf(dest), '640');
    assert.equal(first.result.dest, dest);
    assert.equal(first.result.checksum, createHash('sha1').update('a = 1\n').digest('hex'));
  });

  test(`new content replaces the old one, nothing else changes (${way})`, async () => {
    const dest = await h.write('f', 'old\n', 0o600);
    await assertChangesOnce(h, 'copy', { content: 'new\n', dest }, { diff });
    assert.equal(await h.read('f'), 'new\n');
    assert.equal(await modeOf(dest), '600', 'no mode asked: the file keeps its own');
  });

  test(`only the mode differs: the file is fixed, not rewritten (${way})`, async () => {
    const dest = await h.write('m', 'same\n', 0o600);
    await assertChangesOnce(h, 'copy', { content: 'same\n', dest, mode: '0644' }, { diff });
    assert.equal(await modeOf(dest), '644');
  });

  test(`src from the controller's files/ into a folder dest ending in / that does not exist (${way})`, async () => {
    await h.source('files', 'app.cfg', 'x=1\n');
    const first = await assertChangesOnce(h, 'copy', { src: 'app.cfg', dest: `${h.path('etc', 'app')}/` }, { diff });
    assert.equal(await h.read('etc/app/app.cfg'), 'x=1\n');
    assert.equal(first.result.dest, h.path('etc', 'app', 'app.cfg'));
  });

  test(`src into an existing folder dest lands under its own name (${way})`, async () => {
    await h.source('files', 'a.txt', 'A\n');
    await h.write('d/.keep', '');
    await assertChangesOnce(h, 'copy', { src: 'a.txt', dest: h.path('d') }, { diff });
    assert.equal(await h.read('d/a.txt'), 'A\n');
  });

  test(`a trailing newline is content: 'x' and 'x\\n' differ (${way})`, async () => {
    await h.write('n', 'x\n');
    await assertChangesOnce(h, 'copy', { content: 'x', dest: h.path('n') }, { diff });
    assert.equal(await h.read('n'), 'x');
  });
}

test("mode '644' and '0644' and 0o644 name the same mode: no change", async () => {
  const dest = await h.write('p', 'p\n', 0o644);
  for (const mode of ['644', '0644', 0o644]) {
    for (const diff of [true, false]) assert.equal((await h.run('copy', { content: 'p\n', dest, mode }, { diff })).status, 'ok', `mode ${String(mode)}`);
  }
});

test('owner and group equal to the current ones: no change', async () => {
  const dest = await h.write('o', 'o\n');
  const [owner = '', group = ''] = (await h.sh(`stat -c '%U %G' ${dest}`)).trim().split(' ');
  for (const diff of [true, false]) assert.equal((await h.run('copy', { content: 'o\n', dest, owner, group }, { diff })).status, 'ok');
});

test('force: no leaves an existing file as it is, yet creates a missing one', async () => {
  const dest = await h.write('keep', 'mine\n');
  for (const diff of [true, false]) assert.equal((await h.run('copy', { content: 'theirs\n', dest, force: false }, { diff })).status, 'ok');
  assert.equal(await h.read('keep'), 'mine\n');
  await assertChangesOnce(h, 'copy', { content: 'new\n', dest: h.path('fresh'), force: false });
  assert.equal(await h.read('fresh'), 'new\n');
});

test('backup keeps the old content beside the file and names it', async () => {
  const dest = await h.write('b.conf', 'v1\n');
  const r = await h.run('copy', { content: 'v2\n', dest, backup: true });
  assert.equal(r.status, 'changed');
  assert.equal(await h.read('b.conf'), 'v2\n');
  const backups = (await readdir(h.root)).filter((n) => n.startsWith('b.conf.') && n !== 'b.conf');
  assert.equal(backups.length, 1, String(backups));
  assert.equal(r.result.backup_file, h.path(backups[0] ?? ''));
  assert.equal(await h.read(backups[0] ?? ''), 'v1\n');
  assert.equal((await h.run('copy', { content: 'v2\n', dest, backup: true })).status, 'ok', 'no change, no new backup');
  assert.equal((await readdir(h.root)).length, 2);
});

test('backups of one file in the same second keep every old content (the name is not the shell $$ alone)', async () => {
  const dest = await h.write('same-second.conf', 'v0\n');
  for (const v of ['v1', 'v2', 'v3']) await h.run('copy', { content: `${v}\n`, dest, backup: true });
  const backups = (await readdir(h.root)).filter((n) => n.startsWith('same-second.conf.'));
  assert.match(backups[0] ?? '', /^same-second\.conf\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
  const contents = await Promise.all(backups.map((b) => h.read(b)));
  assert.deepEqual(contents.sort(), ['v0\n', 'v1\n', 'v2\n']);
});

test('a folder as src copies its tree; a second run changes nothing', async () => {
  await h.source('files', 'conf.d/a', 'a\n');
  await h.source('files', 'conf.d/sub/b', 'b\n');
  await assertChangesOnce(h, 'copy', { src: 'conf.d', dest: `${h.path('out')}/` });
  assert.equal(await h.read('out/conf.d/a'), 'a\n');
  assert.equal(await h.read('out/conf.d/sub/b'), 'b\n');
});

test('content into a folder is refused as Ansible refuses it, changing nothing', async () => {
  await h.write('dir/.keep', '');
  const before = await localSnapshot(h.root);
  for (const diff of [true, false]) {
    const r = await h.run('copy', { content: 'x', dest: h.path('dir') }, { diff });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, 'can not use content with a dir as dest');
  }
  assert.equal(await localSnapshot(h.root), before);
});

test('remote_src copies a file already on the host, through a link in its path', async () => {
  await h.write('real/src.txt', 'remote\n');
  await symlink(h.path('real'), h.path('via'));
  await assertChangesOnce(h, 'copy', { src: h.path('via', 'src.txt'), dest: h.path('copied.txt'), remote_src: true });
  assert.equal(await h.read('copied.txt'), 'remote\n');
});
