/**
 * Controller files read once per run and read again once changed; a
 * folder read whole, sorted, with each file's permission bits.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LocalReads } from '../../../src/executor/local-reads.js';
import { tempDirSync } from '../../support/temp-dir.js';

test('a file is read once while unchanged, and again when its size or its mtime changes', async () => {
  const dir = tempDirSync('kr-local-reads-');
  const file = path.join(dir, 'f');
  writeFileSync(file, 'one');
  utimesSync(file, 1000, 1000);
  const reads = new LocalReads();
  const first = reads.read(file);
  assert.equal((await first).toString(), 'one');
  assert.equal(await reads.read(file), await first, 'an unchanged file was read again');
  writeFileSync(file, 'three');
  utimesSync(file, 1000, 1000);
  assert.equal((await reads.read(file)).toString(), 'three', 'a new size was not noticed');
  writeFileSync(file, 'four!');
  utimesSync(file, 2000, 2000);
  assert.equal((await reads.read(file)).toString(), 'four!', 'a new mtime was not noticed');
});

test("a file's permission bits, and a folder read whole in name order; no tree for a file or a missing path", async () => {
  const dir = tempDirSync('kr-local-reads-');
  mkdirSync(path.join(dir, 'root', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'root', 'b'), 'b');
  writeFileSync(path.join(dir, 'root', 'a'), 'a');
  writeFileSync(path.join(dir, 'root', 'sub', 'c'), 'c');
  chmodSync(path.join(dir, 'root', 'a'), 0o4750);
  chmodSync(path.join(dir, 'root', 'b'), 0o640);
  chmodSync(path.join(dir, 'root', 'sub', 'c'), 0o644);
  const reads = new LocalReads();
  assert.equal(await reads.mode(path.join(dir, 'root', 'a')), 0o4750);
  const tree = await reads.tree(path.join(dir, 'root'));
  assert.deepEqual(
    tree && { root: tree.root, dirs: tree.dirs, files: tree.files.map((f) => [f.path, f.content.toString(), f.mode]) },
    {
      root: path.join(dir, 'root'),
      dirs: ['sub'],
      files: [
        ['a', 'a', 0o4750],
        ['b', 'b', 0o640],
        ['sub/c', 'c', 0o644],
      ],
    },
  );
  assert.equal(await reads.tree(path.join(dir, 'root', 'a')), undefined);
  assert.equal(await reads.tree(path.join(dir, 'missing')), undefined);
});
