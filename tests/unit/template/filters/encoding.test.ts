/**
 * filters/encoding.ts where it departs from ansible-core on purpose: random
 * and shuffle want a seed, so that a run renders the same text twice (the
 * seeded results themselves are compared with ansible-core in the template
 * corpus: to_uuid_random, random_arguments).
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
