/**
 * file's timestamps and recursion (local connection), as Ansible's
 * update_timestamp_for_file and recursive_set_attributes do them: explicit
 * times set exactly and compared, now and preserve apart for each time,
 * X on directories without x, owner and mode through links in the tree.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, stat, symlink, utimes } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, type LocalModuleHost, localModuleHost, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const seconds = (d: Date) => d.getTime() / 1000;
const OLD = new Date(2021, 5, 1, 8, 0, 0);
type Diff = { before: Record<string, unknown>; after: Record<string, unknown> };

test('explicit times are set exactly, shown in the diff, then no change', async () => {
  const path = await h.write('f', 'x');
  await utimes(path, OLD, OLD);
  const args = { path, state: 'file', modification_time: '202001011200.00', access_time: '201912312359.30' };
  const checked = await h.run('file', args, { check: true, diff: true });
  const diff = checked.result.diff as Diff;
  const [m, a] = [seconds(new Date(2020, 0, 1, 12, 0, 0)), seconds(new Date(2019, 11, 31, 23, 59, 30))];
  assert.deepEqual([diff.before.mtime, diff.after.mtime, diff.before.atime, diff.after.atime], [seconds(OLD), m, seconds(OLD), a]);
  await assertChangesOnce(h, 'file', args);
  const st = await stat(path);
  assert.deepEqual([seconds(st.mtime), seconds(st.atime)], [m, a]);
});

test('one explicit time, the other preserved: only that one changes, and once', async () => {
  const path = await h.write('f', 'x');
  await utimes(path, OLD, OLD);
  await assertChangesOnce(h, 'file', { path, access_time: '202001011200.00' });
  const st = await stat(path);
  assert.deepEqual([seconds(st.atime), seconds(st.mtime)], [seconds(new Date(2020, 0, 1, 12, 0, 0)), seconds(OLD)]);
});

test('touch: now for one time and an explicit or preserved other', async () => {
  const path = await h.write('f', 'x');
  await utimes(path, OLD, OLD);
  const started = Date.now() / 1000 - 2;
  await h.run('file', { path, state: 'touch', access_time: '202001011200.00' });
  let st = await stat(path);
  assert.equal(seconds(st.atime), seconds(new Date(2020, 0, 1, 12, 0, 0)), 'the explicit atime');
  assert.ok(seconds(st.mtime) >= started, 'mtime now');
  await utimes(path, OLD, OLD);
  const r = await h.run('file', { path, state: 'touch', access_time: 'preserve' }, { diff: true });
  assert.equal(r.status, 'changed');
  st = await stat(path);
  assert.deepEqual([seconds(st.atime) === seconds(OLD), seconds(st.mtime) >= started], [true, true], 'atime kept, mtime now');
  const after = (r.result.diff as Diff).after.mtime as number;
  assert.ok(Math.abs(after - Date.now() / 1000) < 60, `the diff's mtime is now: ${after}`);
  await utimes(path, OLD, OLD);
  assert.equal((await h.run('file', { path, state: 'touch', modification_time: 'preserve' })).status, 'changed');
  st = await stat(path);
  assert.deepEqual([seconds(st.mtime) === seconds(OLD), seconds(st.atime) >= started], [true, true], 'mtime kept, atime now');
});

test('recurse: X gives a directory without x its x; links are followed to their targets for owner and mode', async () => {
  await mkdir(h.path('r', 'closed'), { recursive: true });
  await h.write('r/closed/f', 'x', 0o600);
  await h.sh(`chmod 600 '${h.path('r', 'closed')}'`);
  const outFile = await h.write('out.txt', 'o', 0o600);
  await mkdir(h.path('outdir'));
  await h.sh(`chmod 600 '${h.path('outdir')}'`);
  await symlink('../out.txt', h.path('r', 'ln'));
  await symlink('../outdir', h.path('r', 'dl'));
  await assertChangesOnce(h, 'file', { path: h.path('r'), state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=', owner: 'nobody' });
  assert.deepEqual(await Promise.all(['r', 'r/closed', 'r/closed/f', 'out.txt', 'outdir'].map((p) => modeOf(h.path(p)))), ['750', '750', '640', '640', '750']);
  assert.deepEqual([(await stat(outFile)).uid, (await lstat(h.path('r', 'ln'))).uid], [65534, 65534], 'the target and the link itself');
});

test('recurse with follow=no: a link in the tree is chowned itself, its target is left alone', async () => {
  const outside = await h.write('out.txt', 'o');
  await mkdir(h.path('r'));
  await symlink('../out.txt', h.path('r', 'ln'));
  await assertChangesOnce(h, 'file', { path: h.path('r'), state: 'directory', recurse: true, follow: false, owner: 'nobody' });
  assert.deepEqual([(await lstat(h.path('r', 'ln'))).uid, (await stat(outside)).uid], [65534, 0]);
});
