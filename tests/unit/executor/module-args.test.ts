/**
 * The one sentence a task's wrong arguments are reported with: it names the
 * parameter, says what it must be, and guesses the parameter a typo meant,
 * also when the module's schema is wrapped (a transform, a default).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { defineModule } from '../../../src/modules/contract.js';
import { checkModuleArgs } from '../../../src/executor/module-args.js';

function moduleWith(schema: z.ZodType) {
  return defineModule<unknown, unknown>({ name: 'demo', schema, check: 'full', query: async () => ({ changed: false, result: {} }) } as never);
}

const twoParams = moduleWith(z.object({ path: z.string(), state: z.enum(['present', 'absent']).optional() }).strict());

function messageOf(schema: z.ZodType | ReturnType<typeof moduleWith>, args: Record<string, unknown>): string {
  const module = 'schema' in schema && 'name' in schema ? schema : moduleWith(schema as z.ZodType);
  const checked = checkModuleArgs(module, args);
  assert.equal(checked.ok, false, 'the arguments were accepted');
  return checked.ok ? '' : checked.message;
}

test('valid arguments pass, parsed', () => {
  assert.deepEqual(checkModuleArgs(twoParams, { path: '/x' }), { ok: true, params: { path: '/x' } });
});

test('a typo is reported as the unknown name, with the parameter it probably meant, not as the missing one', () => {
  assert.equal(messageOf(twoParams, { paht: '/x' }), 'demo: unsupported parameter "paht"; did you mean "path"?');
});

test('several unknown names are listed together, with no guess', () => {
  assert.equal(messageOf(twoParams, { path: '/x', paht: 1, stat: 2 }), 'demo: unsupported parameters "paht", "stat"');
});

test('an unknown name far from every parameter gets no guess', () => {
  assert.equal(messageOf(twoParams, { path: '/x', colour: 'red' }), 'demo: unsupported parameter "colour"');
});

test('a missing parameter and a wrongly typed one are told apart', () => {
  assert.equal(messageOf(twoParams, {}), 'demo: parameter "path" must be string and is missing');
  assert.equal(messageOf(twoParams, { path: 3 }), 'demo: parameter "path" must be string');
  const nested = z.object({ limits: z.object({ cpus: z.number() }) }).strict();
  assert.equal(messageOf(nested, { limits: {} }), 'demo: parameter "limits.cpus" must be number and is missing');
  assert.equal(messageOf(nested, { limits: { cpus: 'two' } }), 'demo: parameter "limits.cpus" must be number');
  // A preprocessed value (a yes/no word read as a boolean) is still told apart from a missing one.
  const flag = z.object({ force: z.preprocess((v) => (v === 'yes' ? true : v), z.boolean()) }).strict();
  assert.equal(messageOf(flag, { force: 'maybe' }), 'demo: parameter "force" must be boolean');
});

test('a value outside the choices names the parameter and its choices', () => {
  assert.equal(messageOf(twoParams, { path: '/x', state: 'gone' }), 'demo: parameter "state" must be one of "present", "absent"');
});

test('a schema that is not an object says what the arguments must be', () => {
  assert.equal(messageOf(z.string(), {}), 'demo: arguments must be string');
  assert.equal(messageOf(z.enum(['a', 'b']), {}), 'demo: parameter "?" must be one of "a", "b"');
});

test('other issues keep their own message, after the parameter when there is one', () => {
  const positive = z.object({ count: z.number().positive() }).strict();
  assert.match(messageOf(positive, { count: -1 }), /^demo: parameter "count": Too small/);
  const refined = z.object({ a: z.string().optional() }).strict().refine((p) => p.a !== undefined, 'a is required');
  assert.equal(messageOf(refined, {}), 'demo: a is required');
});

test('the guess looks through a transform, a default and an optional wrapper', () => {
  const single = z.object({ dest: z.string() }).strict();
  assert.equal(messageOf(single.transform((p) => p.dest), { dset: '/x' }), 'demo: unsupported parameter "dset"; did you mean "dest"?');
  assert.equal(messageOf(single.default({ dest: '/x' }), { dset: '/x' }), 'demo: unsupported parameter "dset"; did you mean "dest"?');
  assert.equal(messageOf(single.optional(), { dset: '/x' }), 'demo: unsupported parameter "dset"; did you mean "dest"?');
});
