/**
 * filters/pyrandom.ts: Python's random.Random, number for number. Every
 * expected value is CPython 3.11's (`random.Random(seed).randrange(...)`,
 * `.shuffle(...)`, `.getrandbits(...)`), the Python ansible-core runs on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../../src/errors.js';
import { PyRandom } from '../../../../src/template/filters/pyrandom.js';
import { PyFloat, TemplateError } from '../../../../src/template/values.js';
import { r } from '../helpers.js';

const below1000 = (seed: unknown) => new PyRandom(seed).randrange(0, 1000, 1);
const failsWith = (message: string) => (err: unknown) => (err instanceof InputError || err instanceof TemplateError) && err.message.includes(message);

test("a string seed is its UTF-8 bytes followed by their SHA-512 (Python's seed version 2)", () => {
  assert.equal(r("{{ 10 | random(5, seed='s') }}"), '8');
  assert.equal(below1000(''), 983);
  assert.equal(below1000('é'), 992);
});

test('an int seed counts by its absolute value, in 32-bit words; a bool is an int', () => {
  assert.equal(r('{{ 20 | random(seed=4) }}'), '7');
  assert.equal(r('{{ 20 | random(seed=0) }}'), '12');
  assert.equal(r('{{ 100 | random(seed=5) }}|{{ 100 | random(seed=-5) }}'), '79|79');
  assert.equal(below1000(2 ** 40 + 7), 628);
  assert.equal(below1000(2 ** 64 + 4096), 564);
  assert.equal(below1000(true), 137);
  assert.equal(below1000(false), below1000(0));
});

test("a float seed is Python's hash of the float", () => {
  assert.equal(r('{{ 1000 | random(seed=1.5) }}|{{ 1000 | random(seed=2.0) }}|{{ 1000 | random(seed=-1.5) }}'), '565|978|727');
  assert.equal(below1000(new PyFloat(2)), below1000(2));
  assert.equal(below1000(new PyFloat(-1)), 134);
  assert.equal(below1000(new PyFloat(-0)), 864);
  assert.equal(below1000(new PyFloat(2 ** 60)), 286);
  assert.equal(below1000(new PyFloat(1e300)), 267);
  assert.equal(below1000(0.1), 825);
  assert.equal(below1000(5e-324), 490);
  assert.equal(below1000(Infinity), 196);
  assert.equal(below1000(-Infinity), 840);
});

test('seeds Python refuses, or cannot repeat, fail', () => {
  assert.throws(() => r('{{ 10 | random(seed=[1]) }}'), failsWith('The only supported seed types are: None,\nint, float, str, bytes, and bytearray.'));
  assert.throws(() => new PyRandom(NaN), failsWith('nan seed'));
});

test('the generator runs on past its first 624 words (shuffle of 1000 items)', () => {
  const out = JSON.parse(r("{{ range(1000) | shuffle(seed='x') | to_json }}")) as number[];
  assert.deepEqual(out.slice(0, 10), [509, 828, 21, 40, 748, 514, 594, 130, 651, 550]);
  assert.deepEqual(out.slice(-10), [604, 396, 941, 781, 66, 495, 614, 611, 322, 645]);
});

test('shuffle swaps from the end as Python does', () => {
  assert.equal(r("{{ range(10) | shuffle(seed='h1') }}"), '[3, 4, 7, 5, 2, 0, 6, 9, 1, 8]');
  assert.equal(r("{{ range(10) | shuffle(seed='h2') }}"), '[1, 4, 0, 6, 3, 2, 8, 5, 9, 7]');
  assert.equal(r('{{ range(10) | shuffle(seed=1) }}'), '[6, 8, 9, 7, 5, 3, 0, 4, 1, 2]');
  assert.equal(r('{{ range(10) | shuffle(seed=2) }}'), '[5, 9, 3, 4, 6, 7, 2, 8, 1, 0]');
});

test('getrandbits(1) takes the top bit of each word', () => {
  const g = new PyRandom(7);
  assert.deepEqual(Array.from({ length: 8 }, () => g.getrandbits(1)), [0, 1, 0, 0, 1, 0, 0, 1]);
});

test('random with a step counts the steps up to the end, whether the step is positive or negative', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i);
  assert.deepEqual(seeds.map((s) => Number(r(`{{ 18 | random(step=3, seed=${s}) }}`))), [9, 3, 0, 3, 3, 12, 12, 6, 3, 9, 12, 9]);
  assert.deepEqual(seeds.slice(0, 10).map((s) => Number(r(`{{ 0 | random(10, -2, seed=${s}) }}`))), [4, 8, 10, 8, 8, 2, 2, 6, 8, 4]);
});

test('a negative step stops before the end: 9 down to 0 by -3 is 9, 6 and 3', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i);
  assert.deepEqual(seeds.map((s) => new PyRandom(s).randrange(9, 0, -3)), [6, 9, 9, 9, 9, 3, 3, 6, 9, 6, 3, 6]);
});

test('a range of one number gives that number, whatever the step', () => {
  assert.equal(r('{{ 1 | random(seed=1) }}'), '0');
  assert.deepEqual([0, 1, 2].map((s) => new PyRandom(s).randrange(0, 1, 2)), [0, 0, 0]);
  // Python refuses a step that leaves no number at all (it would look for one forever otherwise)
  assert.throws(() => new PyRandom(1).randrange(0, 0, 2), failsWith('empty range for randrange()'));
});

test('a start or step that is not a whole number fails as in Python 3.11; 2.0 is taken as 2', () => {
  assert.throws(() => r('{{ 10 | random(step=0.5, seed=1) }}'), failsWith('non-integer step for randrange()'));
  assert.throws(() => r('{{ 10 | random(0.5, 2, seed=1) }}'), failsWith('non-integer arg 1 for randrange()'));
  assert.equal(r('{{ 10 | random(step=2.0, seed=1) }}'), '2');
});

test('a range of 2**31 and more takes all 32 bits of a word', () => {
  assert.deepEqual([0, 1, 2].map((s) => new PyRandom(s).randrange(0, 2 ** 31 + 5, 1)), [1654615998, 577090037, 242886303]);
});

test('a range above 2**32 takes 32-bit words, the least significant first', () => {
  const seeds = [0, 1, 2];
  assert.deepEqual(seeds.map((s) => new PyRandom(s).randrange(0, 2 ** 32, 1)), [3626764237, 3280387012, 242886303]);
  assert.deepEqual(seeds.map((s) => new PyRandom(s).randrange(0, 2 ** 40 + 3, 1)), [849735321549, 140719340484, 197811381919]);
  assert.equal(r('{{ (2 ** 53 - 1) | random(seed=1) }}'), '5126933103096309');
});

test("an empty range or sequence fails with Python's messages", () => {
  assert.throws(() => r('{{ 0 | random(seed=1) }}'), failsWith('empty range for randrange() (0, 0, 0)'));
  assert.throws(() => r('{{ 5 | random(10, seed=1) }}'), failsWith('empty range for randrange() (10, 5, -5)'));
  assert.throws(() => r('{{ 0 | random(10, 2, seed=1) }}'), failsWith('empty range for randrange()'));
  assert.throws(() => new PyRandom(1).randrange(0, 10, 0), failsWith('zero step for randrange()'));
  assert.throws(() => r('{{ [] | random(seed=1) }}'), failsWith('Cannot choose from an empty sequence'));
  assert.throws(() => r('{{ {} | random(seed=1) }}'), failsWith('Cannot choose from an empty sequence'));
});
