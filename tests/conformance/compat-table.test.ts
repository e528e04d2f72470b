import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compatibilityTable, corpusRows, parseRows, readmeSection, withReadmeSection } from './support/compat-table.js';

test('the compatibility table reads back its own rows (escaped pipes included) for partial updates', () => {
  const rows: Array<[string, string, string, string]> = [
    ['a-case', 'serial: 1, a \\| b', '`--tags x`', 'pass'],
    ['b-case', 'loops', '', '**differs**: exit code: ansible 2, kolla-run 0'],
  ];
  const text = compatibilityTable(rows, 'ansible-core 2.14');
  assert.match(text, /\*\*1 of 2 cases pass\.\*\*/);
  assert.deepEqual([...parseRows(text).values()], rows);
});

test('recorded rows win over the earlier table, and a case that left the corpus leaves the table', () => {
  const earlier = compatibilityTable([['a-case', 'old', '', 'pass'], ['gone', 'x', '', 'pass']], 'ansible-core 2.14');
  const rows = corpusRows(['b-case', 'a-case'], { 'b-case': ['b-case', 'new', '', 'pass'] }, earlier);
  assert.deepEqual(rows, [['a-case', 'old', '', 'pass'], ['b-case', 'new', '', 'pass']]);
});

test("the README's section is replaced between its markers, the text around it kept", () => {
  const section = readmeSection([['a-case', 'loops', '', 'pass'], ['b-case', 'serial', '', '**differs**: exit code']], 'ansible-core 2.14');
  assert.match(section, /\(1 of 2 cases pass;/);
  assert.match(section, /\| b-case \| serial \| differs \|/);
  const readme = `before\n${section.replace('a-case', 'old-case')}\nafter\n`;
  assert.equal(withReadmeSection(readme, section), `before\n${section}\nafter\n`);
  assert.throws(() => withReadmeSection('no markers', section), /no compatibility section/);
});
