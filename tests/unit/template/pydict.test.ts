/**
 * Dicts with Python keys (src/template/pydict.ts) as JavaScript code hands
 * them around: copied with a spread (the side table of typed keys lost) or
 * given a key by a plain assignment. The Python behaviour of typed keys
 * themselves is compared with ansible-core in the template corpus
 * (dict_typed_keys, pydict_key_kinds...).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDict } from '../../../src/template/pydict.js';
import { tuple } from '../../../src/template/values.js';
import { r } from './helpers.js';

test('a spread copy of a dict with typed keys still gives its keys back typed', () => {
  const typed = makeDict([
    [1, 'a'],
    ['1', 'b'],
    [null, 'n'],
    ['None', 's'],
    [false, 'f'],
    ['False', 'F'],
    ['x', 'y'],
  ]);
  // The copy keeps the properties only: the index-like "1" comes first, as JavaScript orders it.
  assert.equal(r('{{ d.keys() | list }}', { d: { ...typed } }), "['1', 1, None, 'None', False, 'False', 'x']");
  assert.equal(r('{{ d.keys() | list }}', { d: typed }), "[1, '1', None, 'None', False, 'False', 'x']");
  // A tuple key whose text a string key takes is not turned into None by the copy.
  const tupled = makeDict([
    [tuple([1, 2]), 't'],
    ['(1, 2)', 's'],
  ]);
  assert.equal(r("{{ d.keys() | select('none') | list | length }} {{ d | length }}", { d: { ...tupled } }), '0 2');
});

test('a key that JavaScript code sets on a dict with typed keys is found by templates', () => {
  const d = makeDict([[1, 'a']]);
  d['z'] = 'zed';
  assert.equal(r("{{ d.z }} {{ d['z'] }} {{ 'z' in d }} {{ d.get('z') }} {{ d.keys() | list }} {{ d[1] }}", { d }), "zed zed True zed [1, 'z'] a");
});
