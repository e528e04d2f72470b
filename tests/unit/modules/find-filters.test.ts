/**
 * find's filters at their edges, as Ansible's find.py has them: every age
 * and size unit at its exact boundary (the clock is pinned, so the boundary
 * second is exact), depth 0 and below, checksums, the stat fields of each
 * file, bracket globs, and the result's counts and message.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, lstat, truncate, utimes } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

const NOW = 2_000_000_000; // seconds; Date is pinned here in the age tests
let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(async () => {
  mock.timers.reset();
  await h.close();
});

type Found = Array<Record<string, unknown> & { path: string }>;
/**
 * find's result; `sparse`: the files are too big to snapshot (assertReadOnly reads them), so run it
 * plainly, and never with checksums: a mutant of get_checksum's default would otherwise have sha1sum
 * read a terabyte of zeros, long after the test itself has timed out.
 */
const run = async (dir: string, args: Record<string, unknown>, sparse = false) => {
  const all = { paths: h.path(dir), ...(sparse ? { get_checksum: false } : {}), ...args };
  const outcome = sparse ? await h.run('find', all) : await assertReadOnly(h, 'find', all);
  assert.equal(outcome.status, 'ok');
  return outcome.result;
};
/** The base names found in `dir`, sorted. */
const names = async (dir: string, args: Record<string, unknown>, sparse = false) => ((await run(dir, args, sparse)).files as Found).map((f) => f.path.slice(h.path(dir).length + 1)).sort();

/** Files in ages/ named by their age in seconds, with the clock pinned at NOW. */
async function filesAged(...ages: number[]): Promise<void> {
  for (const age of ages) {
    const path = await h.write(`ages/${age}`, 'x');
    await utimes(path, NOW - age, NOW - age);
  }
  mock.timers.enable({ apis: ['Date'], now: NOW * 1000 });
}

test('age: each unit, a file exactly that old is found, one a second younger is not', async () => {
  await filesAged(99, 100, 5999, 6000, 359_999, 360_000, 8_639_999, 8_640_000, 60_479_999, 60_480_000);
  assert.deepEqual(await names('ages', { age: '100s' }), ['100', '359999', '360000', '5999', '6000', '60479999', '60480000', '8639999', '8640000']);
  assert.deepEqual(await names('ages', { age: '100' }), await names('ages', { age: '100s' }));
  assert.deepEqual(await names('ages', { age: '100m' }), ['359999', '360000', '6000', '60479999', '60480000', '8639999', '8640000']);
  assert.deepEqual(await names('ages', { age: '100h' }), ['360000', '60479999', '60480000', '8639999', '8640000']);
  assert.deepEqual(await names('ages', { age: '100d' }), ['60479999', '60480000', '8640000']);
  assert.deepEqual(await names('ages', { age: '100W' }), ['60480000']);
});

test('age: a negative age finds files at most that old; age 0 finds every file', async () => {
  await filesAged(10, 6000, 6001);
  assert.deepEqual(await names('ages', { age: '-100m' }), ['10', '6000']);
  assert.deepEqual(await names('ages', { age: '0' }), ['10', '6000', '6001']);
});

test('size: each unit, a file of exactly that size is found, one a byte smaller is not', async () => {
  const sizes = [4, 5, 2047, 2048, 1024 ** 2 - 1, 1024 ** 2, 1024 ** 3 - 1, 1024 ** 3, 1024 ** 4 - 1, 1024 ** 4];
  for (const size of sizes) await truncate(await h.write(`sizes/${size}`, ''), size); // sparse
  const bigger = (than: number) => sizes.filter((s) => s >= than).map(String).sort();
  assert.deepEqual(await names('sizes', { size: '5b' }, true), bigger(5));
  assert.deepEqual(await names('sizes', { size: '2k' }, true), bigger(2048));
  assert.deepEqual(await names('sizes', { size: '1m' }, true), bigger(1024 ** 2));
  assert.deepEqual(await names('sizes', { size: '1g' }, true), bigger(1024 ** 3));
  assert.deepEqual(await names('sizes', { size: '1T' }, true), bigger(1024 ** 4));
});

test('size 0 finds every file, the empty one too', async () => {
  await h.write('sizes/empty', '');
  await h.write('sizes/full', 'x');
  assert.deepEqual(await names('sizes', { size: '0' }), ['empty', 'full']);
});

test('file_type any: folders whatever their size, files by size', async () => {
  await h.write('t/small', 'x');
  await h.write('t/large', 'x'.repeat(100));
  await h.write('t/sub/inner', 'x');
  assert.deepEqual(await names('t', { file_type: 'any', size: '50' }), ['large', 'sub']);
});

test('depth 0 is no limit and a negative depth finds nothing, as `if depth:` in Ansible; examined counts one level below the depth', async () => {
  await h.write('d/a', 'x');
  await h.write('d/one/b', 'x');
  await h.write('d/one/two/c', 'x');
  assert.deepEqual(await names('d', { recurse: true, depth: 0 }), ['a', 'one/b', 'one/two/c']);
  assert.deepEqual(await names('d', { recurse: true, depth: -1 }), []);
  assert.deepEqual(await names('d', { depth: -1 }), []);
  assert.equal((await run('d', { recurse: true, depth: -1 })).examined, 2);
  assert.equal((await run('d', { recurse: true, depth: 1 })).examined, 4);
  assert.equal((await run('d', { recurse: true, depth: 0 })).examined, 5);
});

test('no paths at all: nothing found, nothing skipped, no command run', async () => {
  let commands = 0;
  const run = h.ctx.run.bind(h.ctx);
  h.ctx.run = (...args) => ((commands += 1), run(...args));
  const r = (await assertReadOnly(h, 'find', { paths: [] })).result;
  assert.equal(commands, 0);
  assert.deepEqual(r, { changed: false, files: [], msg: 'All paths examined', matched: 0, examined: 0, skipped_paths: {} });
});

test('get_checksum: the sha1 of each regular file (a backslash in its name too), none for a folder; none asked, none given', async () => {
  await h.write('c/plain', 'x');
  await h.write('c/back\\slash', 'x');
  await h.write('c/sub/inner', 'y');
  const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
  const sums = async (args: Record<string, unknown>) => Object.fromEntries(((await run('c', args)).files as Found).map((f) => [f.path.slice(h.path('c').length + 1), f.checksum]));
  assert.deepEqual(await sums({ get_checksum: true, file_type: 'any' }), { plain: sha1('x'), 'back\\slash': sha1('x'), sub: undefined });
  assert.deepEqual(await sums({ get_checksum: true, recurse: true, patterns: 'inner' }), { 'sub/inner': sha1('y') });
  assert.deepEqual(await sums({ file_type: 'any' }), { plain: undefined, 'back\\slash': undefined, sub: undefined });
});

test('each file as Ansible stats it: mode with its special bits, every permission flag, ids, names, times', async () => {
  const modes: Record<string, number> = { only_xoth: 0o001, only_woth: 0o002, all: 0o6777 };
  for (const [name, mode] of Object.entries(modes)) await chmod(await h.write(`m/${name}`, 'abc'), mode);
  const files = Object.fromEntries(((await run('m', {})).files as Found).map((f) => [f.path.slice(h.path('m').length + 1), f]));
  const flags = ['rusr', 'wusr', 'xusr', 'rgrp', 'wgrp', 'xgrp', 'roth', 'woth', 'xoth', 'isuid', 'isgid'];
  const set = (name: string) => flags.filter((flag) => files[name]?.[flag] === true);
  assert.deepEqual(set('only_xoth'), ['xoth']);
  assert.deepEqual(set('only_woth'), ['woth']);
  assert.deepEqual(set('all'), flags);
  const st = await lstat(h.path('m', 'all'));
  const me = userInfo().username;
  const { atime, mtime, ctime, ...rest } = files.all as Record<string, unknown>;
  assert.deepEqual(rest, {
    path: h.path('m', 'all'), mode: '6777', ...Object.fromEntries(flags.map((f) => [f, true])),
    isreg: true, isdir: false, islnk: false, isfifo: false, issock: false, ischr: false, isblk: false,
    uid: st.uid, gid: st.gid, size: 3, inode: st.ino, dev: st.dev, nlink: 1, pw_name: me, gr_name: files.all?.gr_name,
  });
  for (const [got, want] of [[atime, st.atimeMs], [mtime, st.mtimeMs], [ctime, st.ctimeMs]] as const) assert.ok(Math.abs(Number(got) - want / 1000) < 1e-3, `${got} vs ${want}`);
  assert.equal(files.only_xoth?.mode, '0001');
  assert.notEqual(files.all?.gr_name, '');
});

test('bracket globs as Python fnmatch: a set, a negated set, a ] first in the set, an unclosed [', async () => {
  for (const name of ['a1', 'b1', 'c1', ']1', 'x[1']) await h.write(`g/${name}`, '');
  assert.deepEqual(await names('g', { patterns: '[ab]1' }), ['a1', 'b1']);
  assert.deepEqual(await names('g', { patterns: '[!ab]1' }), [']1', 'c1']);
  assert.deepEqual(await names('g', { patterns: '[]a]1' }), [']1', 'a1']);
  assert.deepEqual(await names('g', { patterns: 'x[1' }), ['x[1']);
});

test('contains with a single candidate file, and the message when all paths were examined', async () => {
  await h.write('one/only', 'needle\n');
  const r = await run('one', { contains: 'needle' });
  assert.equal(r.matched, 1);
  assert.equal(r.msg, 'All paths examined');
});
