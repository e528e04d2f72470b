/** Lazily rendered variables (src/template/lazy.ts): templates nested in a variable's value, and the errors they raise. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLazyVars, Templar } from '../../../src/template/index.js';

const t = new Templar();

test('a template nested in a dict or a list is rendered when the variable is read', () => {
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { y: '{{ b + 1 }}' });
  const vars = createLazyVars([{ b: 2, a: { x: ['{{ b }}'] }, bare }], t);
  assert.equal(t.render("{{ a.x[0] }} {{ a }} {{ bare.y }} {{ bare['y'] }}", vars), "2 {'x': [2]} 3 3");
});

test("an error inside a variable's template names the variable", () => {
  const vars = createLazyVars([{ a: '{{ nope }}', c: '{{ 1 + }}' }], t);
  assert.throws(() => t.render('{{ a }}', vars, { file: 'play.yml' }), /InputError: variable 'a':1: 'nope' is undefined$/);
  assert.throws(() => t.render('{{ c }}', vars, { file: 'play.yml' }), /InputError: variable 'c':1: template syntax error/);
});
