/**
 * Free names of a template with Jinja2's scoping: what a template binds
 * itself is never reported where it is bound, what it reads from outside is,
 * at its line and column; guards are named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateNames } from '../../../src/template/index.js';

const free = (text: string, kind: 'value' | 'condition' | 'file' = 'value'): string[] => (templateNames(text, kind)?.uses ?? []).map((u) => u.name);

test('a value reads the root of each lookup, not attributes or keys', () => {
  assert.deepEqual(free("{{ a.b['c'] ~ d[e] }}"), ['a', 'd', 'e']);
  assert.deepEqual(free('plain text'), []);
});

test('names the template binds are not free where they are bound', () => {
  assert.deepEqual(free('{% set x = 1 %}{{ x }}'), []);
  assert.deepEqual(free('{% for k, v in m.items() if v %}{{ k }}{{ loop.index }}{% endfor %}'), ['m']);
  assert.deepEqual(free('{% macro f(a, b=c) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{{ caller() }}{% endmacro %}{{ f(1) }}'), ['c']);
  assert.deepEqual(free('{% with y = z %}{{ y }}{% endwith %}'), ['z']);
  assert.deepEqual(free('{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}'), []);
  assert.deepEqual(free('{% call(u) f() %}{{ u }}{% endcall %}'), ['f']);
  assert.deepEqual(free('{{ lookup("env", "HOME") }}{{ query("x") }}{{ True }}{{ none }}'), []);
});

test('a binding inside a loop or a macro does not leak out of it', () => {
  assert.deepEqual(free('{% for i in [1] %}{% set inner = i %}{% endfor %}{{ inner }}{{ i }}'), ['inner', 'i']);
  assert.deepEqual(free('{% macro m(arg) %}{{ arg }}{% endmacro %}{{ arg }}'), ['arg']);
  assert.deepEqual(free('{% if c %}{% set inside_if = 1 %}{% endif %}{{ inside_if }}'), ['c']);
});

test('guards on the root of a name', () => {
  const n = templateNames("{{ a.b | default(1) }}{% if c['x'] is defined and d is not defined and e is undefined %}{{ f | d }}{% endif %}", 'value');
  assert.deepEqual([...(n?.guarded ?? [])].sort(), ['a', 'c', 'd', 'e', 'f']);
  assert.deepEqual([...(templateNames('g | mandatory', 'condition')?.guarded ?? [])], []);
});

test('where a name is read: line and column in the value, the condition and the file', () => {
  assert.deepEqual(templateNames('x {{ abc }}', 'value')?.uses, [{ name: 'abc', line: 1, col: 6 }]);
  assert.deepEqual(templateNames('flag and other', 'condition')?.uses, [
    { name: 'flag', line: 1, col: 1 },
    { name: 'other', line: 1, col: 10, conditional: true },
  ]);
  assert.deepEqual(templateNames('#jinja2: trim_blocks: False\nline\n  {{ deep }}\n', 'file')?.uses, [{ name: 'deep', line: 3, col: 6 }]);
});

test('names read only on some paths are marked conditional', () => {
  const cond = (text: string): string[] => (templateNames(text, 'value')?.uses ?? []).filter((u) => u.conditional).map((u) => u.name);
  assert.deepEqual(cond('{{ a or b }}{{ c and d }}{{ e if f else g }}'), ['b', 'd', 'e', 'g']);
  assert.deepEqual(cond('{% if h %}{{ i }}{% else %}{{ j }}{% endif %}{% for k in l %}{{ m }}{% endfor %}{% macro n() %}{{ o }}{% endmacro %}'), ['i', 'j', 'm', 'o']);
});

test('a template that does not parse gives nothing (the syntax check reports it)', () => {
  assert.equal(templateNames('{{ x ', 'value'), undefined);
});

test('a name imported under an alias is bound by the alias, not by its name', () => {
  assert.deepEqual(free("{% from 'x.j2' import m, a as b %}{{ m }}{{ b }}{{ a }}"), ['a']);
});

test('setting a namespace attribute reads the namespace', () => {
  assert.deepEqual(free('{% set ns.x = 1 %}'), ['ns']);
  assert.deepEqual(free('{% set ns.x %}a{% endset %}'), ['ns']);
});

test("a block's own sets stay inside it, as in Jinja2", () => {
  assert.deepEqual(free('{% block b %}{% set y = 1 %}{{ y }}{% endblock %}{{ y }}'), ['y']);
});

test('call arguments, an absent else and a filter block body are walked', () => {
  assert.deepEqual(free('{{ f(a, k=b) }}'), ['f', 'a', 'b']);
  assert.deepEqual(free('{{ a if b }}{{ c[:d] }}'), ['b', 'a', 'c', 'd']);
  assert.deepEqual(free('{% filter upper %}{{ a }}{% endfilter %}'), ['a']);
  assert.deepEqual(free('{% filter replace(x, "y") %}{{ a }}{% endfilter %}'), ['a', 'x']);
});
