/** The mutation run's mutants: operators swapped where they are code, never inside text, a pattern or an import. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyMutant, findMutants } from './mutants.js';

const described = (text: string) => findMutants(text).map((m) => `${m.original}->${m.replacement}`);

test('comparisons, logic, arithmetic, booleans, numbers and negation each give one mutant', () => {
  assert.deepEqual(described('if (a === b && c < 2 || !d) x = y + 1 - z >= 0 ? true : false;'), [
    '===->!==',
    '&&->||',
    '<-><=',
    '2->3',
    '||->&&',
    '!->',
    '+->-',
    '1->0',
    '-->+',
    '>=->>',
    '0->1',
    'true->false',
    'false->true',
  ]);
  // Shifts are not comparisons: only the lone `>` is one.
  assert.deepEqual(described('a >> 1 > b >>> c'), ['1->0', '>->>=']);
});

test('nothing in strings, comments, regular expressions, template text or import lines', () => {
  const text = [
    "import { a } from './x.js';",
    "const s = 'a < b && c';",
    '// if (a === b)',
    '/* 1 + 2 */',
    'const r = /a+b|c\\/d/g;',
    'const t = `x < ${n > 0} <= y`;',
    'const q = total / 2 / count;',
    "export { a };",
  ].join('\n');
  assert.deepEqual(described(text), ['>->>=', '0->1', '2->3']);
  const [first] = findMutants(text);
  assert.deepEqual([first?.line, first?.column], [6, text.split('\n')[5]?.indexOf('>')]);
});

test('a mutant applied changes exactly its token', () => {
  const text = 'return a <= b;';
  const [m] = findMutants(text);
  assert.ok(m);
  assert.equal(applyMutant(text, m), 'return a < b;');
});

test('a logical operator is reached where its left operand is; any other mutant where it stands', () => {
  const text = 'const v = left.value ?? other || third && x === 1;\n';
  const at = (original: string) => findMutants(text).find((m) => m.original === original);
  assert.equal(at('??')?.anchor, text.indexOf('value'));
  assert.equal(at('||')?.anchor, text.indexOf('other'));
  assert.equal(at('&&')?.anchor, text.indexOf('third'));
  assert.equal(at('===')?.anchor, text.indexOf('==='));
  assert.equal(at('1')?.anchor, text.indexOf('1;'));
});
