/** The mutation run's command line: folders, and --files to measure part of a folder. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, selectFiles } from './options.js';

test('--files takes a comma list, and may be given more than once', () => {
  const options = parseOptions(['src/template', '--files', 'tests.ts,filters/core.ts', '--files', 'pyfloat.ts', '--workers', '1']);
  assert.deepEqual(options.folders, ['src/template']);
  assert.deepEqual(options.files, ['tests.ts', 'filters/core.ts', 'pyfloat.ts']);
  assert.equal(options.workers, 1);
  assert.deepEqual(parseOptions(['src/template']).files, []);
});

test('a --files name picks the compiled files whose path ends with it, and nothing else', () => {
  const js = ['/r/dist/src/template/tests.js', '/r/dist/src/template/filters/core.js', '/r/dist/src/template/filters/tests.js', '/r/dist/src/template/pytests.js'];
  assert.deepEqual(selectFiles(js, []), js);
  assert.deepEqual(selectFiles(js, ['filters/core.ts']), ['/r/dist/src/template/filters/core.js']);
  assert.deepEqual(selectFiles(js, ['template/tests.ts']), ['/r/dist/src/template/tests.js']);
  assert.deepEqual(selectFiles(js, ['tests.ts']), ['/r/dist/src/template/tests.js', '/r/dist/src/template/filters/tests.js']);
  assert.throws(() => selectFiles(js, ['core.ts', 'nothere.ts']), /nothere\.ts names no file/);
});
