/**
 * The small modules' parameters and fixed traits, as Ansible has them:
 * debug, assert, raw, script's path splitting, merge_yaml/merge_configs'
 * sources, and the interface-only modules' str options (Python's str()).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { assertParams } from '../../../src/modules/assert.js';
import { debugModule, debugParams } from '../../../src/modules/debug.js';
import { mergeConfigsParams } from '../../../src/modules/merge_configs.js';
import { deepMerge, mergeYamlParams } from '../../../src/modules/merge_yaml.js';
import { rawModule } from '../../../src/modules/raw.js';
import { scriptModule, splitScript } from '../../../src/modules/script.js';
import { boolish, withAliases } from '../../../src/modules/support/aliases.js';
import { argSpec } from '../../../src/modules/support/arg-spec.js';
import type { ModuleContext } from '../../../src/modules/contract.js';

const evaluated = (expression: string, value: unknown) => ({ expression, value, defined: true });

test('debug: verbosity 0 by default and allowed; msg or var, not both; var must be an evaluated expression', () => {
  assert.equal(debugParams.parse({}).verbosity, 0);
  assert.equal(debugParams.parse({ verbosity: 0 }).verbosity, 0);
  assert.equal(debugParams.safeParse({ var: evaluated('x', 1) }).success, true);
  assert.equal(debugParams.safeParse({ msg: 'm', var: evaluated('x', 1) }).success, false);
  assert.equal(debugParams.safeParse({ var: {} }).success, false);
  assert.equal(debugParams.safeParse({ var: null }).success, false);
});

test('debug msg: always shown (_ansible_verbose_always), Hello world! without one', async () => {
  const r = await debugModule.query(debugParams.parse({}), {} as ModuleContext);
  assert.deepEqual(r.result, { msg: 'Hello world!', _ansible_verbose_always: true });
});

test('assert: that holds evaluated conditions only', () => {
  assert.equal(assertParams.safeParse({ that: [evaluated('a', true)] }).success, true);
  for (const bad of ['x', {}, null]) assert.equal(assertParams.safeParse({ that: [bad] }).success, false, JSON.stringify(bad));
});

test('raw and script print as text in ad-hoc output, like command', () => {
  assert.deepEqual([rawModule.commandLike, scriptModule.commandLike], [true, true]);
});

test('script: a quoted path, closed or not, and the rest as shell text', () => {
  assert.deepEqual(splitScript("'my dir/x.sh' --a 'b c'"), { path: 'my dir/x.sh', args: "--a 'b c'" });
  assert.deepEqual(splitScript('"x.sh'), { path: 'x.sh', args: '' });
  assert.deepEqual(splitScript('x.sh  a b'), { path: 'x.sh', args: 'a b' });
});

test('merge_yaml and merge_configs need at least one source', () => {
  assert.equal(mergeYamlParams.safeParse({ sources: [], dest: '/d' }).success, false);
  assert.equal(mergeConfigsParams.safeParse({ sources: [], dest: '/d' }).success, false);
});

test('merge_yaml: lists replace unless extended, and only a list extends a list', () => {
  assert.deepEqual(deepMerge([1], [2], false), [2]);
  assert.deepEqual(deepMerge({ a: 1 }, [2], true), [2]);
  assert.deepEqual(deepMerge('ab', [2], true), [2]);
});

test('an interface-only module\'s str option takes a number or a boolean as Python\'s str() writes it', () => {
  const schema = argSpec('name=str; state=str/present,absent');
  assert.deepEqual(schema.parse({ name: 5 }), { name: '5' });
  assert.deepEqual(schema.parse({ name: true }), { name: 'True' });
  assert.deepEqual(schema.parse({ name: false, state: 'absent' }), { name: 'False', state: 'absent' });
});

test('boolish: Ansible\'s words as text (an empty text is false), other values as they are', () => {
  for (const yes of ['yes', ' TRUE ', 'on', '1', 'y', 't', true]) assert.equal(boolish.parse(yes), true, String(yes));
  for (const no of ['no', 'false', 'Off', '0', 'n', 'f', '', false]) assert.equal(boolish.parse(no), false, String(no));
  assert.equal(boolish.safeParse('maybe').success, false);
});

test('withAliases: arguments that are not a mapping (null, a list, a text) reach the schema as they are and are refused as of the wrong type', () => {
  // Ansible refuses a module's arguments that are not a dict; the alias renaming must leave such a value whole (not read it as entries, nor throw on null).
  const schema = withAliases({ dest: 'path' }, z.object({ path: z.string().optional() }).strict());
  for (const input of [null, ['a'], 'ab']) {
    const r = schema.safeParse(input);
    assert.equal(r.success, false, JSON.stringify(input));
    assert.deepEqual(r.error?.issues.map((i) => i.code), ['invalid_type'], JSON.stringify(input));
  }
  assert.deepEqual(schema.parse({ dest: '/x' }), { path: '/x' });
});
