/**
 * filters/encoding.ts: the messages of its failures (that they fail at all
 * is compared with ansible-core in the template corpus: b64decode_*_fails),
 * and where it departs from ansible-core on purpose: random and shuffle want
 * a seed, so that a run renders the same text twice (the seeded results
 * themselves are in the corpus: to_uuid_random, random_arguments).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../../src/errors.js';
import { r } from '../helpers.js';

const needsSeed = (filter: string) => (err: unknown) => err instanceof InputError && err.message.includes(`${filter} needs seed=`);

test('random and shuffle without a seed, or with seed=none, fail instead of giving a different answer each run', () => {
  assert.throws(() => r('{{ 10 | random }}'), needsSeed('random'));
  assert.throws(() => r('{{ [1, 2] | random(seed=none) }}'), needsSeed('random'));
  assert.throws(() => r('{{ 10 | random(none, none, none) }}'), needsSeed('random'));
  assert.throws(() => r('{{ [1, 2] | shuffle }}'), needsSeed('shuffle'));
  assert.throws(() => r('{{ [1, 2] | shuffle(seed=none) }}'), needsSeed('shuffle'));
});

const failsWith = (message: string) => (err: unknown) => err instanceof InputError && err.message.includes(message);

test("b64decode fails with Python's binascii messages", () => {
  assert.throws(() => r("{{ 'aGVsbG8gd29ybGQhI' | b64decode }}"), failsWith('Invalid base64-encoded string: number of data characters (17) cannot be 1 more than a multiple of 4'));
  assert.throws(() => r("{{ 'a' | b64decode }}"), failsWith('number of data characters (1) cannot'));
  assert.throws(() => r("{{ 'aGVsbG8' | b64decode }}"), failsWith('Incorrect padding'));
});

test('an encoding Node has no codec for is refused, not replaced by UTF-8', () => {
  assert.throws(() => r("{{ 'x' | b64encode(encoding='utf-32') }}"), failsWith('unsupported encoding: utf-32'));
  assert.throws(() => r("{{ 'eA==' | b64decode('cp1252') }}"), failsWith('unsupported encoding: cp1252'));
});
