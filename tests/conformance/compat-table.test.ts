import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compatibilityTable, parseRows } from './support/compat-table.js';

test('the compatibility table reads back its own rows (escaped pipes included) for partial updates', () => {
  const rows: Array<[string, string, string, string]> = [
    ['a-case', 'serial: 1, a \\| b', '`--tags x`', 'pass'],
    ['b-case', 'loops', '', '**differs**: exit code: ansible 2, kolla-run 0'],
  ];
  const text = compatibilityTable(rows, 'ansible-core 2.14');
  assert.match(text, /\*\*1 of 2 cases pass\.\*\*/);
  assert.deepEqual([...parseRows(text).values()], rows);
});
