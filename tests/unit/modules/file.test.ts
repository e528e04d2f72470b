/** file on this machine (local connection): every state, mode and owner on what exists, refusals, paths with spaces and quotes. */
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readlink, stat, symlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost, localSnapshot, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());


test('directory with parents and a symbolic mode, in a path with a space and a quote', async () => {
  const path = h.path("it's here", 'a b', 'c');
  const first = await assertChangesOnce(h, 'file', { path, state: 'directory', mode: 'u=rwx,g=rx,o=' });
  assert.equal(first.result.path, path);
  assert.equal(first.result.state, 'directory');
  assert.equal(first.result.mode, '0750');
  assert.equal(await modeOf(h.path("it's here", 'a b')), '750', 'parents get the mode too');
  assert.equal(await modeOf(path), '750');
});

test('state=file changes the mode of an existing file; the mode as 644, 0644 or a number is the same', async () => {
  const path = await h.write('f', 'x\n', 0o600);
  const first = await assertChangesOnce(h, 'file', { path, state: 'file', mode: '0644' }, { diff: true });
  assert.equal(first.result.mode, '0644');
  assert.equal(await modeOf(path), '644');
  for (const mode of ['644', 0o644, 'u=rw,g=r,o=r', 'go-wx']) assert.equal((await h.run('file', { path, state: 'file', mode })).status, 'ok', `mode ${String(mode)}`);
});

test('state=file on a missing path fails with Ansible words and creates nothing', async () => {
  const path = h.path('none');
  const r = await h.run('file', { path, state: 'file' });
  assert.equal(r.status, 'failed');
  assert.equal(r.result.msg, `file (${path}) is absent, cannot continue`);
  await assert.rejects(lstat(path));
});

test('no state on an existing file: only the attributes asked', async () => {
  const path = await h.write('m', 'x\n', 0o644);
  const checked = await h.run('file', { path, mode: 'g+w' }, { check: true, diff: true });
  assert.deepEqual(checked.result.diff, { before: { path, mode: '0644' }, after: { path, mode: '0664' } });
  await assertChangesOnce(h, 'file', { path, mode: 'g+w' });
  assert.equal(await modeOf(path), '664');
});

test('owner and group as they are: no change; the current user by name is found', async () => {
  const path = await h.write('o', 'x\n');
  const me = userInfo().username;
  const group = (await h.sh(`id -gn`)).trim();
  for (const diff of [true, false]) assert.equal((await h.run('file', { path, owner: me, group }, { diff })).status, 'ok');
  const r = await h.run('file', { path, owner: 'no-such-user-kr' });
  assert.equal(r.status, 'failed');
  assert.equal(r.result.msg, 'chown failed: failed to look up user no-such-user-kr');
});

// Ansible takes owner='' and group='' and fails on the lookup of the empty name
// (ansible localhost -m file -a "path=/tmp/oe owner=''": "chown failed: failed to look up user ").
test('an empty owner or group is looked up and not found, as in Ansible, and nothing changes', async () => {
  const path = await h.write('e', 'x\n', 0o600);
  for (const [args, msg] of [
    [{ owner: '' }, 'chown failed: failed to look up user '],
    [{ group: '' }, 'chgrp failed: failed to look up group '],
  ] as const) {
    const r = await h.run('file', { path, mode: '0644', ...args });
    assert.deepEqual([r.status, r.result.changed, r.result.msg], ['failed', false, msg], JSON.stringify(args));
    assert.equal(await modeOf(path), '600');
  }
});

test('touch creates a file with its mode; with times preserved a second touch is no change', async () => {
  const path = h.path('t x');
  const args = { path, state: 'touch', mode: '0600', modification_time: 'preserve', access_time: 'preserve' };
  const first = await assertChangesOnce(h, 'file', args);
  assert.equal(first.result.dest, path);
  assert.equal(await modeOf(path), '600');
  assert.equal((await h.run('file', { path, state: 'touch' })).status, 'changed', 'a plain touch always changes the times');
});

test('touch in check mode leaves the times as they were', async () => {
  const path = await h.write('old', 'x\n');
  const before = await localSnapshot(h.root);
  assert.equal((await h.run('file', { path, state: 'touch' }, { check: true })).status, 'changed');
  assert.equal(await localSnapshot(h.root), before);
});

test('absent removes a file and a whole tree; absent again is no change', async () => {
  await h.write('gone/sub/f', 'x');
  await assertChangesOnce(h, 'file', { path: h.path('gone'), state: 'absent' });
  await assert.rejects(lstat(h.path('gone')));
  const file = await h.write("q'uote", 'x');
  await assertChangesOnce(h, 'file', { path: file, state: 'absent' });
  await assert.rejects(lstat(file));
});

test('link: relative src, then a different src relinks; a file in the way is refused without force', async () => {
  await h.write('target', 'x');
  await h.write('other', 'y');
  const path = h.path('ln');
  const first = await assertChangesOnce(h, 'file', { src: 'target', dest: path, state: 'link' });
  assert.equal(first.result.state, 'link');
  assert.equal(await readlink(path), 'target');
  await assertChangesOnce(h, 'file', { src: 'other', dest: path, state: 'link' });
  assert.equal(await readlink(path), 'other');
  const plain = await h.write('plain', 'p');
  const before = await localSnapshot(h.root);
  const refused = await h.run('file', { src: 'target', path: plain, state: 'link' });
  assert.equal(refused.result.msg, `refusing to convert from file to symlink for ${plain}`);
  assert.equal(await localSnapshot(h.root), before);
  await assertChangesOnce(h, 'file', { src: 'target', path: plain, state: 'link', force: true });
  assert.equal(await readlink(plain), 'target');
});

test('a link whose src does not exist needs force', async () => {
  const path = h.path('dangling');
  const r = await h.run('file', { src: h.path('nowhere'), path, state: 'link' });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^src file does not exist/);
  await assertChangesOnce(h, 'file', { src: h.path('nowhere'), path, state: 'link', force: true });
  assert.equal(await readlink(path), h.path('nowhere'));
});

test('hard link shares the inode; the same link again is no change', async () => {
  const src = await h.write('s p', 'x');
  const path = h.path('hl');
  const first = await assertChangesOnce(h, 'file', { src, path, state: 'hard' });
  assert.equal(first.result.state, 'hard');
  assert.equal((await stat(path)).ino, (await stat(src)).ino);
});

test('state=directory on a file is refused; state=file on a link follows it', async () => {
  const plain = await h.write('p', 'x', 0o600);
  const r = await h.run('file', { path: plain, state: 'directory' });
  assert.equal(r.status, 'failed');
  assert.equal(r.result.msg, `${plain} already exists as a file`);
  await symlink(plain, h.path('via'));
  await assertChangesOnce(h, 'file', { path: h.path('via'), state: 'file', mode: '0640' });
  assert.equal(await modeOf(plain), '640', 'the target changes, not the link');
});

test("state=directory through a link to a file fails naming the target, with the target's path info (fail_json's add_path_info)", async () => {
  const plain = await h.write('p', 'hello', 0o600);
  await symlink(plain, h.path('via'));
  const r = await h.run('file', { path: h.path('via'), state: 'directory' });
  // `ansible localhost -m file -a "path=VIA state=directory"`: msg and path name the target; state, mode and size are the file's.
  const { uid, gid, owner, group, ...rest } = r.result;
  assert.deepEqual(rest, { changed: false, failed: true, msg: `${plain} already exists as a file`, path: plain, state: 'file', mode: '0600', size: 5 });
  assert.deepEqual([uid, gid, owner, group], [userInfo().uid, userInfo().gid, userInfo().username, r.result.group]);
  assert.equal(typeof group, 'string');
  // The same through a link to a folder: ok, and the path info is the folder's (ansible: state directory, its mode), not the link's.
  await mkdir(h.path('dd'), { mode: 0o700 });
  await chmod(h.path('dd'), 0o700);
  await symlink(h.path('dd'), h.path('vd'));
  const ok = await h.run('file', { path: h.path('vd'), state: 'directory' });
  assert.deepEqual([ok.status, ok.result.path, ok.result.state, ok.result.mode], ['ok', h.path('dd'), 'directory', '0700']);
  const checked = await h.run('file', { path: h.path('vd'), state: 'directory', mode: '0750' }, { check: true });
  assert.deepEqual([checked.status, checked.result.path, checked.result.state, checked.result.mode], ['changed', h.path('dd'), 'directory', '0700']);
});

test('recurse sets the mode with X on the whole tree', async () => {
  await h.write('r/s/f', 'x', 0o600);
  await h.write('r/g', 'y', 0o755);
  await assertChangesOnce(h, 'file', { path: h.path('r'), state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=' });
  assert.deepEqual(await Promise.all(['r', 'r/s', 'r/s/f', 'r/g'].map((p) => modeOf(h.path(p)))), ['750', '750', '640', '750']);
});
