/**
 * The text modules' shared read and write (support/text-file.ts), seen
 * through lineinfile and ini_file on this machine: the born file's owner and
 * mode, links, diffs, backups and their names, and the failures of the write.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, stat, symlink } from 'node:fs/promises';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Command } from '../../../../src/connection/index.js';
import { parseId } from '../../../../src/modules/support/text-file.js';
import { localModuleHost, type LocalModuleHost } from '../../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(async () => {
  mock.timers.reset();
  await h.close();
});

const bornMode = () => 0o666 & ~process.umask();

test('parseId: the ids and names of `id`, the id itself where the host has no name', () => {
  assert.deepEqual(parseId('uid=1000(ann) gid=1001(staff) groups=1001(staff)'), { uid: 1000, gid: 1001, owner: 'ann', group: 'staff' });
  assert.deepEqual(parseId('uid=1234 gid=5678 groups=5678'), { uid: 1234, gid: 5678, owner: '1234', group: '5678' });
});

test('a new file owned by the connecting user, as asked, is only "line added" (its born owner and mode are what was asked)', async () => {
  const me = (await h.sh('id -un')).trim();
  const group = (await h.sh('id -gn')).trim();
  const mode = `0${bornMode().toString(8)}`;
  for (const [name, args] of [['o', { owner: me }], ['g', { group }], ['m', { mode }]] as const) {
    const r = await h.run('lineinfile', { path: h.path(name), line: 'x', create: true, ...args });
    assert.deepEqual([r.status, r.result.msg], ['changed', 'line added'], name);
  }
});

test('a new file with a symbolic mode gets it applied to the mode it is born with', async () => {
  const r = await h.run('lineinfile', { path: h.path('sym'), line: 'x', create: true, mode: 'u=rw' });
  assert.equal(r.status, 'changed');
  assert.equal((await stat(h.path('sym'))).mode & 0o777, bornMode() | 0o600);
});

test('through a link: the target is edited and its mode set, the link stays a link', async () => {
  await h.write('target', 'a\n', 0o644);
  await symlink('target', h.path('link'));
  const r = await h.run('lineinfile', { path: h.path('link'), line: 'b', mode: '0600' });
  assert.equal(r.status, 'changed');
  assert.equal(await h.read('target'), 'a\nb\n');
  assert.equal((await stat(h.path('target'))).mode & 0o777, 0o600);
});

test('the diff before is the file as it was', async () => {
  await h.write('f', 'a\n');
  const r = await h.run('lineinfile', { path: h.path('f'), line: 'b' }, { check: true, diff: true });
  assert.deepEqual([r.diff?.before, r.diff?.after], ['a\n', 'a\nb\n']);
});

test('no backup asked, none made; asked, named as Ansible names it (path.PID.YYYY-MM-DD@HH:MM:SS~, local time)', async () => {
  await h.write('dir/f', 'a\n');
  await h.run('lineinfile', { path: h.path('dir', 'f'), line: 'b' });
  assert.deepEqual(await readdir(h.path('dir')), ['f']);
  mock.timers.enable({ apis: ['Date'], now: new Date(2024, 2, 5, 6, 7, 8).getTime() });
  const r = await h.run('lineinfile', { path: h.path('dir', 'f'), line: 'c', backup: true });
  assert.equal(r.result.backup, `${h.path('dir', 'f')}.${process.pid}.2024-03-05@06:07:08~`);
  assert.equal(await h.read(`dir/f.${process.pid}.2024-03-05@06:07:08~`), 'a\nb\n');
});

test('a folder that cannot be made fails the task', async () => {
  await h.write('plain', '');
  const r = await h.run('lineinfile', { path: h.path('plain', 'sub', 'f'), line: 'x', create: true });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /Not a directory/);
});

test('an immutable file whose mode cannot be set fails the task', async (t) => {
  const path = await h.write('frozen', 'a\n', 0o644);
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
  } catch {
    t.skip('chattr +i is not allowed here');
    return;
  }
  try {
    const r = await h.run('lineinfile', { path, line: 'a', mode: '0600' });
    assert.equal(r.status, 'failed');
    assert.match(String(r.result.msg), /Operation not permitted/);
  } finally {
    execFileSync('chattr', ['-i', path]);
  }
});

test('connecting as another user: a new file asked to be that user\'s is only "line added"', async () => {
  // The host answers `id` as for nobody (uid 65534), so the born owner is nobody's, not root's 0.
  const run = h.ctx.run.bind(h.ctx);
  h.ctx.run = (command, ...rest) => run(Command.raw((typeof command === 'string' ? command : command.toShell()).replace('LC_ALL=C id', "echo 'uid=65534(nobody) gid=65534(nogroup)'")), ...rest);
  const r = await h.run('lineinfile', { path: h.path('theirs'), line: 'x', create: true, owner: 'nobody', group: 'nogroup' });
  assert.deepEqual([r.status, r.result.msg], ['changed', 'line added']);
});

test('a new file for an owner no user can be named ("a b", "1abc") fails with Ansible\'s lookup words', async () => {
  // ansible localhost -m lineinfile -a "path=NEW line=x create=yes owner='1abc'": "chown failed: failed to look up user 1abc",
  // changed false. Such a name is not one the one-command create can write (putCommand refuses it): the read fails it.
  for (const owner of ['a b', '1abc']) {
    const r = await h.run('lineinfile', { path: h.path(`new-${owner.length}`), line: 'x', create: true, owner });
    assert.deepEqual([r.status, r.result.changed, r.result.msg], ['failed', false, `chown failed: failed to look up user ${owner}`], owner);
  }
});
