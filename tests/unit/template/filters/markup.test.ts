/**
 * filters/markup.ts: urldecode of bytes that are not UTF-8, which Python's
 * unquote_plus replaces with U+FFFD (expected values from Python 3.11).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { r } from '../helpers.js';

test('urldecode replaces bytes that are no UTF-8 with U+FFFD and keeps the rest', () => {
  assert.equal(r("{{ '%FF' | urldecode }}"), '\ufffd');
  assert.equal(r("{{ 'a%C3%28b' | urldecode }}"), 'a\ufffd(b');
  assert.equal(r("{{ '%41%FF%42' | urldecode }}"), 'A\ufffdB');
});
