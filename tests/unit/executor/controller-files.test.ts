/**
 * Files on the controller as modules that write there (fetch) see them:
 * whether a path is a folder, and a write that makes its folders first and
 * leaves nothing but the file behind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { controllerFiles } from '../../../src/executor/controller-files.js';
import { tempDirSync } from '../../support/temp-dir.js';

test('isDir: true for a folder, false for a file or a path that does not exist', async () => {
  const dir = tempDirSync('kr-controller-');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'file'), 'x');
  assert.deepEqual(
    await Promise.all(['sub', 'file', 'missing'].map((name) => controllerFiles.isDir(path.join(dir, name)))),
    [true, false, false],
  );
});

test('write makes the missing folders of the path, and leaves only the file there', async () => {
  const dir = tempDirSync('kr-controller-');
  const target = path.join(dir, 'fetched', 'h1', 'etc', 'hosts');
  await controllerFiles.write(target, Buffer.from('one'));
  await controllerFiles.write(target, Buffer.from('two'));
  assert.equal(readFileSync(target, 'utf8'), 'two');
  assert.deepEqual(readdirSync(path.dirname(target)), ['hosts']);
  assert.equal((await controllerFiles.read(target))?.toString(), 'two');
  assert.equal(await controllerFiles.read(path.dirname(target)), undefined);
});
