/**
 * file's states link and hard (local connection), against what Ansible's
 * ensure_symlink and ensure_hardlink answer: a directory in the way, a src
 * that is a dangling link, a missing src, follow=no, the result's fields.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readlink, stat, symlink, writeFile, link as hardlink } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const NOBODY = 65534;

test('a link over a directory: refused without force, refused when not empty, made when empty', async () => {
  await h.write('real', 'x');
  const dir = h.path('d');
  await mkdir(dir);
  assert.equal((await h.run('file', { path: dir, src: '../real', state: 'link' })).result.msg, `refusing to convert from directory to symlink for ${dir}`);
  await writeFile(h.path('d', 'real'), 'y');
  assert.equal((await h.run('file', { path: dir, src: 'real', state: 'link', force: true })).result.msg, `the directory ${dir} is not empty, refusing to convert it`);
  const empty = h.path('e');
  await mkdir(empty);
  await assertChangesOnce(h, 'file', { path: empty, src: 'real', state: 'link', force: true });
  assert.equal(await readlink(empty), 'real');
});

test('a src that is a dangling link does not exist (os.path.exists follows it)', async () => {
  await symlink('nowhere', h.path('dang'));
  const path = h.path('ln');
  const r = await h.run('file', { path, src: 'dang', state: 'link' });
  assert.equal(r.result.msg, `src file does not exist, use "force=yes" if you really want to create the link: ${h.path('dang')}`);
  await assert.rejects(lstat(path));
  const dir = h.path('d');
  await mkdir(dir);
  await symlink('nowhere', h.path('d', 'dang'));
  const inDir = await h.run('file', { path: dir, src: 'dang', state: 'link' });
  assert.equal(inDir.result.msg, `src file does not exist, use "force=yes" if you really want to create the link: ${h.path('d', 'dang')}`, 'relative to the directory itself');
  const hard = await h.run('file', { path: h.path('hl'), src: h.path('dang'), state: 'hard' });
  assert.deepEqual([hard.result.msg, hard.result.src], ['src does not exist', h.path('dang')]);
});

test('a dangling link made with force: its result has no path info, as add_path_info finds nothing there', async () => {
  const path = h.path('dangling');
  const r = await h.run('file', { src: h.path('nowhere'), path, state: 'link', force: true });
  assert.deepEqual([r.status, r.result.dest, r.result.state, r.result.mode], ['changed', path, undefined, undefined]);
});

test('state=link without src: an existing link keeps its target, a dangling one answers src null, a new one needs src', async () => {
  await h.write('real', 'x');
  await symlink('real', h.path('ln'));
  const kept = await h.run('file', { path: h.path('ln'), state: 'link' });
  assert.deepEqual([kept.status, kept.result.src], ['ok', 'real']);
  await symlink('nowhere', h.path('dang'));
  const dangling = await h.run('file', { path: h.path('dang'), state: 'link' });
  assert.deepEqual([dangling.status, dangling.result.src], ['ok', null]);
  const before = await localSnapshot(h.root);
  const none = await h.run('file', { path: h.path('new'), state: 'link' });
  assert.equal(none.result.msg, 'src is required for creating new symlinks');
  assert.equal(await localSnapshot(h.root), before);
});

test('link and hard results name the src; a check-mode change on an existing path reports it as it is', async () => {
  await h.write('real', 'abc');
  const ln = await assertChangesOnce(h, 'file', { path: h.path('ln'), src: 'real', state: 'link' });
  assert.equal(ln.result.src, 'real');
  const relink = await h.run('file', { path: h.path('ln'), src: h.path('real'), state: 'link' }, { check: true });
  assert.deepEqual([relink.status, relink.result.state, relink.result.size], ['changed', 'link', 4]);
  const hl = await assertChangesOnce(h, 'file', { path: h.path('hl'), src: h.path('real'), state: 'hard' });
  assert.equal(hl.result.src, h.path('real'));
  await h.write('plain', 'p', 0o600);
  const over = await h.run('file', { path: h.path('plain'), src: h.path('real'), state: 'hard', force: true }, { check: true });
  assert.deepEqual([over.status, over.result.state, over.result.mode], ['changed', 'file', '0600']);
});

test('follow=no: owner and group go to the link itself, never to its target', async () => {
  const real = await h.write('real', 'x');
  const path = h.path('ln');
  await assertChangesOnce(h, 'file', { path, src: 'real', state: 'link', follow: false, owner: 'nobody' });
  assert.equal((await lstat(path)).uid, NOBODY);
  assert.equal((await stat(real)).uid, process.getuid?.());
  const grouped = h.path('lg');
  await assertChangesOnce(h, 'file', { path: grouped, src: 'real', state: 'link', follow: false, group: 'nogroup' });
  assert.equal((await lstat(grouped)).gid, NOBODY);
  await h.write('other', 'y');
  await assertChangesOnce(h, 'file', { path, src: 'other', state: 'link', follow: false, owner: 'nobody' });
  assert.deepEqual([await readlink(path), (await lstat(path)).uid], ['other', NOBODY], 'the new link is chowned too');
  await assertChangesOnce(h, 'file', { path, state: 'link', follow: false, owner: 'root' });
  assert.equal((await lstat(path)).uid, 0);
});

test('hard over a symbolic link replaces it with a hard link', async () => {
  const real = await h.write('real', 'x');
  const path = h.path('ln');
  await symlink('real', path);
  await assertChangesOnce(h, 'file', { path, src: real, state: 'hard' });
  assert.equal((await lstat(path)).ino, (await stat(real)).ino);
});

test('hard over a different hard link or a file needs force; a directory stands for the src\'s name inside it (Ansible)', async () => {
  const real = await h.write('real', 'x');
  const other = await h.write('other', 'y');
  const path = h.path('hl');
  await hardlink(other, path);
  const different = await h.run('file', { path, src: real, state: 'hard' });
  assert.deepEqual([different.result.msg, different.result.dest], ['Cannot link, different hard link exists at destination', path]);
  await assertChangesOnce(h, 'file', { path, src: real, state: 'hard', force: true });
  assert.equal((await stat(path)).ino, (await stat(real)).ino);
  const plain = await h.write('plain', 'p');
  assert.equal((await h.run('file', { path: plain, src: real, state: 'hard' })).result.msg, 'Cannot link, file exists at destination');
  await assertChangesOnce(h, 'file', { path: plain, src: real, state: 'hard', force: true });
  assert.equal((await stat(plain)).ino, (await stat(real)).ino);
  const dir = h.path('d');
  await mkdir(dir);
  const inside = await assertChangesOnce(h, 'file', { path: dir, src: real, state: 'hard' });
  assert.equal(inside.result.dest, h.path('d', 'real'));
  assert.equal((await stat(h.path('d', 'real'))).ino, (await stat(real)).ino);
  await mkdir(h.path('e', 'real'), { recursive: true });
  const refused = await h.run('file', { path: h.path('e'), src: real, state: 'hard' });
  assert.deepEqual([refused.result.msg, refused.result.dest], ['Cannot link: different hard link exists at destination', h.path('e', 'real')]);
});

test("hard with force over a folder of the src's name: check mode says changed, naming that folder as dest (ansible -C); a real run fails as Ansible's, the folder kept, empty or not", async () => {
  const real = await h.write('real', 'x');
  await mkdir(h.path('e', 'real'), { recursive: true });
  // `ansible localhost -C -m file -a "src=REAL path=E state=hard force=yes"`: changed, dest E/real, before state directory.
  const checked = await h.run('file', { path: h.path('e'), src: real, state: 'hard', force: true }, { check: true });
  assert.deepEqual([checked.status, checked.result.dest, checked.result.state], ['changed', h.path('e', 'real'), 'directory']);
  assert.equal((await stat(h.path('e', 'real'))).isDirectory(), true);
  // Without -C, Ansible links under a temporary name and renames it over the folder: EISDIR, the folder's info in the result.
  for (const folder of ['e', "it's"]) {
    await mkdir(h.path(folder, 'real'), { recursive: true });
    if (folder === "it's") await h.write(`${folder}/real/inner`, 'kept');
    const failed = await h.run('file', { path: h.path(folder), src: real, state: 'hard', force: true });
    const target = h.path(folder, 'real');
    const quoted = folder === "it's" ? `b"${target}"` : `b'${target}'`;
    assert.deepEqual([failed.status, failed.result.msg, failed.result.path, failed.result.state], ['failed', `Error while replacing: [Errno 21] Is a directory: ${quoted}`, target, 'directory']);
    assert.equal((await stat(target)).isDirectory(), true, 'the folder is kept');
  }
  assert.equal(await h.read("it's/real/inner"), 'kept');
});
