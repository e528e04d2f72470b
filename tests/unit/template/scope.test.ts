/** A variable scope is told from a plain mapping of variables by having both get and has. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVarScope, plainScope } from '../../../src/template/scope.js';

test('a mapping with only a get function is variables, not a scope', () => {
  assert.equal(isVarScope({ get: () => 1 }), false);
  assert.equal(isVarScope({ has: () => true }), false);
  assert.equal(isVarScope(plainScope({ a: 1 })), true);
  assert.equal(isVarScope(null), false);
});
