/**
 * The bundles' stamp (scripts/build-stamp.mjs): a bundle is skipped only
 * when its key and every input and output it recorded are as they were.
 */
import assert from 'node:assert/strict';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempTreeSync } from '../../support/temp-dir.js';

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}
interface BuildStamp {
  buildKey(...parts: string[]): Promise<string>;
  upToDate(stampPath: string, key: string): Promise<boolean>;
  writeStamp(stampPath: string, key: string, metafile: Metafile, cwd: string): Promise<void>;
}
const stamp = (await import(new URL('../../../../scripts/build-stamp.mjs', import.meta.url).href)) as BuildStamp;

function built(): { root: string; path: string } {
  const root = tempTreeSync('kr-stamp-', { 'src/a.js': 'a', 'src/b.js': 'b', 'out/bundle.js': 'ab' });
  return { root, path: join(root, 'stamp.json') };
}
const meta: Metafile = { inputs: { 'src/a.js': {}, 'src/b.js': {} }, outputs: { 'out/bundle.js': {} } };

test('nothing changed: up to date; no stamp, or another key: not', async () => {
  const { root, path } = built();
  assert.equal(await stamp.upToDate(path, 'k'), false, 'never built');
  await stamp.writeStamp(path, 'k', meta, root);
  assert.equal(await stamp.upToDate(path, 'k'), true);
  assert.equal(await stamp.upToDate(path, 'k2'), false);
});

test('an input rewritten with text of the same size, or an output removed: built again', async () => {
  const { root, path } = built();
  await stamp.writeStamp(path, 'k', meta, root);
  writeFileSync(join(root, 'src/b.js'), 'c');
  utimesSync(join(root, 'src/b.js'), new Date(), new Date(Date.now() + 5000));
  assert.equal(await stamp.upToDate(path, 'k'), false, 'same size, new mtime');
  await stamp.writeStamp(path, 'k', meta, root);
  rmSync(join(root, 'out/bundle.js'));
  assert.equal(await stamp.upToDate(path, 'k'), false, 'output gone');
});

test("the key holds each part given, and apart: ('ab', 'c') is not ('a', 'bc')", async () => {
  assert.equal(await stamp.buildKey('x'), await stamp.buildKey('x'));
  assert.notEqual(await stamp.buildKey('ab', 'c'), await stamp.buildKey('a', 'bc'));
});
