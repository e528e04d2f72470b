/**
 * file's parameters and states beyond the common cases (local connection):
 * the checks made once the state is known, a missing state, new paths'
 * modes from the umask, follow on links, touch through a link, times, and
 * the path info Ansible adds to check-mode and failed results.
 */
import assert from 'node:assert/strict';
import { lstat, stat, symlink, utimes } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost, localSnapshot, modeOf, processUmask as umask } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());


test('a time is now, preserve or a time in the format; anything else is refused', async () => {
  const path = await h.write('t', 'x');
  assert.equal((await h.run('file', { path, state: 'touch', modification_time: 'now', access_time: 'preserve' })).status, 'changed');
  const r = await h.run('file', { path, state: 'touch', modification_time: 'yesterday' });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /modification_time.*must be 'now', 'preserve' or a time/);
});

test('an empty path or src is refused as a parameter', async () => {
  assert.match(String((await h.run('file', { path: '', state: 'file' })).result.msg), /^file: parameter "path"/);
  assert.match(String((await h.run('file', { path: h.path('l'), src: '', state: 'link' })).result.msg), /^file: parameter "src"/);
});

test('recurse needs state directory and src needs link or hard, a missing state being the path\'s own (Ansible)', async () => {
  const file = await h.write('f', 'x', 0o644);
  for (const args of [{ path: file, recurse: true, state: 'file' }, { path: file, recurse: true }]) {
    const r = await h.run('file', args);
    assert.equal(r.result.msg, "recurse option requires state to be 'directory'", JSON.stringify(args));
    assert.equal(r.result.state, 'file', 'the failure carries the path info');
  }
  for (const args of [{ path: file, src: file, state: 'file', mode: '0600' }, { path: file, src: file, mode: '0600' }, { path: h.path('none'), src: file }]) {
    const r = await h.run('file', args);
    assert.equal(r.result.msg, "src option requires state to be 'link' or 'hard'", JSON.stringify(args));
  }
  assert.equal(await modeOf(file), '644');
  const made = await assertChangesOnce(h, 'file', { path: h.path('tree', 'top'), recurse: true, mode: '0750' });
  assert.equal(made.result.state, 'directory', 'recurse with no state on nothing makes a directory');
});

test('no state on nothing fails as state=file does; on a directory it keeps the directory', async () => {
  const none = h.path('none');
  for (const args of [{ path: none }, { path: none, mode: '0755' }]) {
    const r = await h.run('file', args);
    assert.equal(r.result.msg, `file (${none}) is absent, cannot continue`);
  }
  await assert.rejects(lstat(none));
  await h.write('d/f', 'x');
  const r = await assertChangesOnce(h, 'file', { path: h.path('d'), mode: '0700' });
  assert.equal(r.result.state, 'directory');
});

test('a new directory and a new file start from the umask when the mode is symbolic', async () => {
  const dir = h.path('p', 'q');
  await assertChangesOnce(h, 'file', { path: dir, state: 'directory', mode: 'g+w' });
  const wantDir = ((0o777 & ~umask()) | 0o020).toString(8);
  assert.deepEqual([await modeOf(h.path('p')), await modeOf(dir)], [wantDir, wantDir]);
  const file = h.path('t');
  await assertChangesOnce(h, 'file', { path: file, state: 'touch', mode: 'g+w', modification_time: 'preserve', access_time: 'preserve' });
  assert.equal(await modeOf(file), ((0o666 & ~umask()) | 0o020).toString(8));
});

test('state=file on a link: with follow its target is the path; without, the link is refused with its info', async () => {
  const real = await h.write('real', 'x', 0o644);
  const link = h.path('ln');
  await symlink('real', link);
  const refused = await h.run('file', { path: link, state: 'file', follow: false, mode: '0600' });
  assert.equal(refused.result.msg, `file (${link}) is link, cannot continue`);
  assert.equal(refused.result.state, 'link');
  assert.equal(refused.result.mode, '0777');
  assert.equal(await modeOf(real), '644');
  const followed = await assertChangesOnce(h, 'file', { path: link, state: 'file', mode: '0600' });
  assert.equal(followed.result.path, real);
  assert.equal(await modeOf(real), '600');
});

test('touch through a link: the target gets the mode and times, the result names the link (Ansible)', async () => {
  const real = await h.write('real', 'x', 0o644);
  const link = h.path('ln');
  await symlink('real', link);
  const args = { path: link, state: 'touch', mode: '0600' };
  const checked = await h.run('file', args, { check: true, diff: true });
  assert.equal((checked.result.diff as { before: Record<string, unknown> }).before.mode, '0644', 'the target\'s mode before');
  const r = await h.run('file', args);
  assert.equal(r.status, 'changed');
  assert.deepEqual([r.result.dest, r.result.state, r.result.mode], [link, 'link', '0777']);
  assert.equal(await modeOf(real), '600');
});

test('state=absent in check mode reports what is there, as Ansible\'s add_path_info does', async () => {
  const path = await h.write('f', 'abc', 0o640);
  const checked = await h.run('file', { path, state: 'absent' }, { check: true });
  assert.deepEqual([checked.status, checked.result.state, checked.result.mode, checked.result.size], ['changed', 'file', '0640', 3]);
  const removed = await h.run('file', { path, state: 'absent' });
  assert.equal(removed.result.state, 'absent');
});

test('modification_time alone is set in an ordinary run', async () => {
  const path = await h.write('f', 'x', 0o644);
  await utimes(path, new Date(2021, 5, 1), new Date(2021, 5, 1));
  const before = await localSnapshot(h.root);
  await assertChangesOnce(h, 'file', { path, state: 'file', modification_time: '202001011200.00' });
  assert.notEqual(await localSnapshot(h.root), before);
  assert.equal((await stat(path)).mtime.getTime(), new Date(2020, 0, 1, 12, 0, 0).getTime());
});

test('recurse: a name holding a newline or a tab is one entry, changed itself; it cannot forge an entry for a file outside the tree', async () => {
  const victim = await h.write('outside/victim', 'x', 0o644);
  // Folders named so that, listed one line an entry, the file at their bottom reads as an entry of its
  // own and one for the victim (the text after the newline, then folders mirroring the victim's path).
  const forged = `a\nE\tf\t644\t0\t0\t${victim}`;
  const crafted = await h.write(`tree/${forged}`, 'y', 0o644);
  const tabbed = await h.write('tree/b\tc', 'z', 0o644);
  await assertChangesOnce(h, 'file', { path: h.path('tree'), state: 'directory', recurse: true, mode: '0750' });
  assert.equal(await modeOf(victim), '644', 'the file outside the tree is left alone');
  assert.deepEqual([await modeOf(crafted), await modeOf(tabbed)], ['750', '750']);
});
