/** Jinja2's `loop` variable; expected texts are Jinja2 3.1's renderings of the same templates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { r } from './helpers.js';

test('revindex0, revindex, index and length count from both ends; depth is 1 and depth0 0 outside recursive loops', () => {
  assert.equal(
    r("{% for i in 'abc' %}{{ loop.revindex0 }}{{ loop.revindex }}{{ loop.depth }}{{ loop.depth0 }}{{ loop.index }}{{ loop.length }} {% endfor %}"),
    '231013 121023 011033 ',
  );
});

test('cycle goes round its arguments and wants at least one', () => {
  assert.equal(r("{% for i in 'abcd' %}{{ loop.cycle(1, 2, 3) }}{% endfor %}"), '1231');
  assert.throws(() => r("{% for i in 'ab' %}{{ loop.cycle() }}{% endfor %}"), (err: unknown) => err instanceof InputError && /no items for cycling given/.test(err.message));
});

test('changed compares all its arguments with those of its last call', () => {
  assert.equal(r('{% for i in [1, 1, 2, 1] %}{{ loop.changed(i) }} {% endfor %}'), 'True False True True ');
  assert.equal(r('{% for i in [[1], [1], [2]] %}{{ loop.changed(i, 1) }} {% endfor %}'), 'True False True ');
  assert.equal(r('{% for i in [1, 1, 2] %}{{ loop.changed() }} {% endfor %}'), 'True False False ');
});
