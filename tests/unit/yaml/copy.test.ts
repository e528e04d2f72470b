/** copyData: a deep copy that keeps what JSON cannot hold (typed dict keys, Maps, Sets, null-prototype mappings). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml } from '../../../src/yaml/load.js';
import { copyData } from '../../../src/yaml/copy.js';

test('mappings, lists, Maps and Sets are new objects; a change to the copy leaves the original', () => {
  const original = { list: [1, { k: 'v' }], map: new Map([['m', [1]]]), set: new Set(['s']) };
  const copy = copyData(original);
  assert.deepEqual(copy, original);
  (copy.list[1] as { k: string }).k = 'changed';
  copy.map.get('m')?.push(2);
  copy.set.add('t');
  assert.deepEqual(original, { list: [1, { k: 'v' }], map: new Map([['m', [1]]]), set: new Set(['s']) });
});

test('a null-prototype mapping stays one, copied; other objects (a date) are shared', () => {
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { inner: { a: 1 } });
  const copy = copyData(bare);
  assert.notEqual(copy, bare);
  assert.equal(Object.getPrototypeOf(copy), null);
  assert.notEqual(copy['inner'], bare['inner']);
  assert.deepEqual({ ...copy }, { inner: { a: 1 } });
  const date = new Date(0);
  assert.equal(copyData({ date }).date, date);
});

test("a YAML mapping's typed keys (1 and '1') survive the copy", () => {
  const loaded = parseYaml("1: int\n'1': text\n", 'keys.yml').value;
  const copy = copyData(loaded);
  assert.deepEqual(Object.keys(copy as object), Object.keys(loaded as object));
  assert.equal(JSON.stringify(copy), JSON.stringify(loaded));
});

test('null and other plain values are copied as they are', () => {
  assert.deepEqual(copyData({ a: null, b: [null, 1, 'x', true] }), { a: null, b: [null, 1, 'x', true] });
  assert.equal(copyData(null), null);
});
