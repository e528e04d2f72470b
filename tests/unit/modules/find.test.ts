/** find on this machine: patterns, hidden, depth, size and age boundaries, contains, file types; never a change. */
import assert from 'node:assert/strict';
import { symlink, utimes } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
  await h.write('top/a.conf', 'alpha\n');
  await h.write('top/b.txt', '0123456789');
  await h.write('top/.hidden.conf', 'h\n');
  await h.write('top/sub dir/c.conf', 'needle here\n');
  await h.write('top/sub dir/deeper/d.conf', 'x\n');
});
afterEach(() => h.close());

/** The paths found below top/, relative and sorted. */
const found = async (args: Record<string, unknown>) => {
  const r = await assertReadOnly(h, 'find', { paths: h.path('top'), ...args });
  return (r.result.files as Array<{ path: string }>).map((f) => f.path.slice(h.path('top').length + 1)).sort();
};

test('a glob on the base name, top folder only unless recurse', async () => {
  assert.deepEqual(await found({ patterns: '*.conf' }), ['a.conf']);
  assert.deepEqual(await found({ patterns: '*.conf', recurse: true }), ['a.conf', 'sub dir/c.conf', 'sub dir/deeper/d.conf']);
});

test('hidden files only with hidden: yes', async () => {
  assert.deepEqual(await found({ patterns: '*.conf', hidden: true }), ['.hidden.conf', 'a.conf']);
});

test('depth counts from the folder given: depth 2 reaches sub dir/, not deeper/', async () => {
  assert.deepEqual(await found({ patterns: '*.conf', recurse: true, depth: 2 }), ['a.conf', 'sub dir/c.conf']);
  assert.deepEqual(await found({ patterns: '*.conf', recurse: true, depth: 1 }), ['a.conf']);
});

test('size: a file of exactly the size asked is found by 10 and by -10, not by 11', async () => {
  assert.deepEqual(await found({ size: '10' }), ['b.txt']);
  assert.deepEqual(await found({ size: '11' }), []);
  assert.deepEqual(await found({ size: '-10', patterns: '*.txt' }), ['b.txt']);
});

test('age: files older than a day, by mtime', async () => {
  const old = Date.now() / 1000 - 3 * 86400;
  await utimes(h.path('top', 'a.conf'), old, old);
  assert.deepEqual(await found({ age: '1d' }), ['a.conf']);
  assert.deepEqual(await found({ age: '-1d' }), ['b.txt']);
});

test('use_regex matches the whole base name as a Python regexp', async () => {
  assert.deepEqual(await found({ patterns: '[ab]\\.(conf|txt)', use_regex: true }), ['a.conf', 'b.txt']);
  assert.deepEqual(await found({ patterns: 'conf', use_regex: true }), []);
});

test('contains: a line that starts with the pattern', async () => {
  assert.deepEqual(await found({ recurse: true, contains: 'needle' }), ['sub dir/c.conf']);
  assert.deepEqual(await found({ recurse: true, contains: 'here' }), []);
});

test('file_type directory and link', async () => {
  await symlink('a.conf', h.path('top', 'ln'));
  assert.deepEqual(await found({ file_type: 'directory', recurse: true }), ['sub dir', 'sub dir/deeper']);
  assert.deepEqual(await found({ file_type: 'link' }), ['ln']);
});

test('a path that is not a folder is skipped and said so', async () => {
  const r = await assertReadOnly(h, 'find', { paths: [h.path('top', 'a.conf'), h.path('top')], patterns: 'b.txt' });
  assert.equal(r.result.matched, 1);
  assert.equal(r.result.msg, 'Not all paths examined, check warnings for details');
  assert.deepEqual(r.result.skipped_paths, { [h.path('top', 'a.conf')]: `'${h.path('top', 'a.conf')}' is not a directory` });
});

test('a name holding a newline or a tab is one file found, never an entry of its own making for a file elsewhere', async () => {
  const victim = await h.write('elsewhere/victim.conf', 'v\n');
  // Folders named so that, listed one line an entry, the file at their bottom reads as an entry of
  // its own and one for the victim (the text after the newline, then the folders mirroring its path).
  const crafted = `x\nE\tf\t644\t0\t0\t1\t1\t1\t1\t0\t0\t0\troot\troot\t1\t${victim}`;
  await h.write(`top/${crafted}`, 'y\n');
  await h.write('top/tab\there.conf', 't\n');
  const r = await assertReadOnly(h, 'find', { paths: h.path('top'), patterns: '*.conf', recurse: true });
  const paths = (r.result.files as Array<{ path: string }>).map((f) => f.path);
  assert.ok(!paths.includes(victim), 'the file elsewhere is not found');
  assert.ok(paths.includes(h.path('top', crafted)) && paths.includes(h.path('top', 'tab\there.conf')), paths.join('\n'));
  assert.equal(r.result.matched, paths.length);
});
