/** find on a real host: patterns, recursion, hidden, file types, contains, age/size, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findModule, fnmatch } from '../../../src/modules/find.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('find');
const paths = (r: Record<string, unknown>) => (r.files as { path: string }[]).map((f) => f.path.slice(b.dir.length)).sort();

test('globs, recursion, hidden names skipped unless asked', async () => {
  await b.host.sh(`cd ${b.dir} && mkdir -p s/.h && echo a > a.log && echo b > b.txt && echo c > s/c.conf && echo d > s/.h/d.log && echo e > .e.log`);
  const top = await b.host.run(findModule, { paths: b.dir, patterns: '*.log,*.conf' });
  assert.deepEqual(paths(top.result), ['/a.log']);
  assert.equal(top.result.msg, 'All paths examined');
  const deep = await b.host.run(findModule, { paths: [b.dir], patterns: ['*.log', '*.conf'], recurse: true, get_checksum: true });
  assert.deepEqual(paths(deep.result), ['/a.log', '/s/.h/d.log', '/s/c.conf']);
  assert.equal(deep.result.matched, 3);
  const first = (deep.result.files as Record<string, unknown>[]).find((f) => f.path === `${b.dir}/a.log`);
  assert.equal(first?.checksum, '3f786850e387550fdab836ed7e6dc881de23001b');
  assert.equal(first?.mode, '0644');
  const hidden = await b.host.run(findModule, { paths: b.dir, patterns: '*.log', recurse: true, hidden: true });
  assert.deepEqual(paths(hidden.result), ['/.e.log', '/a.log', '/s/.h/d.log']);
  const dirs = await b.host.run(findModule, { paths: b.dir, file_type: 'directory', recurse: true, hidden: true });
  assert.deepEqual(paths(dirs.result), ['/s', '/s/.h']);
});

test('contains, size and age filters; a path that is no folder', async () => {
  await b.host.sh(`mkdir -p ${b.dir}/c && cd ${b.dir}/c && echo needle > a && echo hay > b && printf 'x\\n  needle' > c && : > d`);
  const contains = await b.host.run(findModule, { paths: `${b.dir}/c`, contains: 'needle' });
  assert.deepEqual(paths(contains.result), ['/c/a']);
  const big = await b.host.run(findModule, { paths: `${b.dir}/c`, size: '5' });
  assert.deepEqual(paths(big.result), ['/c/a', '/c/c']);
  const old = await b.host.run(findModule, { paths: `${b.dir}/c`, age: '1d' });
  assert.deepEqual(paths(old.result), []);
  const none = await b.host.run(findModule, { paths: `${b.dir}/nope` });
  assert.equal(none.result.msg, 'Not all paths examined, check warnings for details');
  assert.deepEqual(none.result.skipped_paths, { [`${b.dir}/nope`]: `'${b.dir}/nope' is not a directory` });
});

test('fnmatch as Python has it', () => {
  assert.ok(fnmatch('a.log', '*.log'));
  assert.ok(fnmatch('a1', '[a-c]?'));
  assert.ok(!fnmatch('d1', '[!d]1'));
  assert.ok(!fnmatch('x.log.1', '*.log'));
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, findModule, { patterns: '*' }, 'paths');
  await assertRejected(b.host, findModule, { paths: b.dir, file_type: 'pipe' }, 'file_type');
  await assertRejected(b.host, findModule, { paths: b.dir, age: 'old' }, 'age');
});
