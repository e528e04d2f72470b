/**
 * ini_file's line edit against community.general's do_ini (the 6.x that
 * ansible 2.14 ships): each row's answer is what do_ini wrote, its changed
 * flag and its message, for the same file text and parameters (multiple
 * values, allow_no_value, exclusive: no, absent with values, options before
 * any section, files without a last newline).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doIni, iniFileParams } from '../../../src/modules/ini_file.js';

type Row = [text: string, args: Record<string, unknown>, answer: { text: string; changed: boolean; msg: string }];
const ROWS: Row[] = [
  ["[a]\nx = 1", {"section": "a", "option": "x", "value": "1"}, {"text": "[a]\nx = 1\n", "changed": true, "msg": "OK"}],
  ["[a]\nx = 1\n", {"section": "a", "option": "x", "values": ["1", "2"]}, {"text": "[a]\nx = 1\nx = 2\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\nx = 3\nx = 4\n", {"section": "a", "option": "x", "values": ["2", "1"]}, {"text": "[a]\nx = 1\nx = 2\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\nx = 3\nx = 4\n", {"section": "a", "option": "x", "values": ["1", "2"], "exclusive": false}, {"text": "[a]\nx = 1\nx = 3\nx = 4\nx = 2\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "values": ["2", "1", "2"]}, {"text": "[a]\nx = 1\nx = 2\n", "changed": false, "msg": "OK"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "value": "1"}, {"text": "[a]\nx = 1\n", "changed": true, "msg": "option changed"}],
  ["x = 1\nx = 2\n[a]\ny = 1\n", {"option": "x", "value": "2"}, {"text": "x = 2\n[a]\ny = 1\n", "changed": true, "msg": "option changed"}],
  ["x = 0\n[a]\ny = 1\n", {"option": "z", "value": "2"}, {"text": "x = 0\nz = 2\n[a]\ny = 1\n", "changed": true, "msg": "option added"}],
  ["[a]\ny = 1\n", {"section": "a", "option": "x", "allow_no_value": true}, {"text": "[a]\ny = 1\nx\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\ny = 1\n", {"section": "a", "option": "x", "allow_no_value": true}, {"text": "[a]\nx\ny = 1\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx\ny = 1\n", {"section": "a", "option": "x", "allow_no_value": true}, {"text": "[a]\nx\ny = 1\n", "changed": false, "msg": "OK"}],
  ["[a]\nx\ny = 1\n", {"section": "a", "option": "x", "value": "", "allow_no_value": true}, {"text": "[a]\nx\ny = 1\n", "changed": false, "msg": "OK"}],
  ["[a]\nx = \ny = 1\n", {"section": "a", "option": "x", "value": ""}, {"text": "[a]\nx = \ny = 1\n", "changed": false, "msg": "OK"}],
  ["[a]\nx\n", {"section": "a", "option": "x", "value": "", "allow_no_value": true, "exclusive": false}, {"text": "[a]\nx\n", "changed": false, "msg": "OK"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "value": "3", "allow_no_value": true}, {"text": "[a]\nx = 1\nx = 2\nx = 3\n", "changed": true, "msg": "option added"}],
  ["[b]\ny = 1\n", {"section": "a", "option": "x", "allow_no_value": true}, {"text": "[b]\ny = 1\n[a]\nx\n", "changed": true, "msg": "section and option added"}],
  ["[b]\ny = 1\n", {"section": "a", "allow_no_value": true}, {"text": "[b]\ny = 1\n[a]\n", "changed": true, "msg": "only section added"}],
  ["[b]\ny = 1\n", {"section": "a", "option": "x", "values": ["1", "2"]}, {"text": "[b]\ny = 1\n[a]\nx = 1\nx = 2\n", "changed": true, "msg": "section and option added"}],
  ["[a]\nx = 1\nx = 2\nx = 3\n", {"section": "a", "option": "x", "values": ["2"], "state": "absent", "exclusive": false}, {"text": "[a]\nx = 1\nx = 3\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "state": "absent", "exclusive": false}, {"text": "[a]\nx = 1\nx = 2\n", "changed": false, "msg": "OK"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "state": "absent"}, {"text": "[a]\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "values": ["2"], "state": "absent"}, {"text": "[a]\n", "changed": true, "msg": "option changed"}],
  ["[a]\n# x = 1\n;x = 2\n", {"section": "a", "option": "x", "state": "absent"}, {"text": "[a]\n# x = 1\n;x = 2\n", "changed": false, "msg": "OK"}],
  ["[a]\n[b]\ny = 1\n", {"section": "a", "state": "absent"}, {"text": "[b]\ny = 1\n", "changed": true, "msg": "section removed"}],
  ["[b]\ny = 1\n", {"section": "a", "state": "absent"}, {"text": "[b]\ny = 1\n", "changed": false, "msg": "OK"}],
  ["[a]\nx = 1\n\n# end\n[b]\n", {"section": "a", "option": "y", "values": ["1", "2"]}, {"text": "[a]\nx = 1\ny = 1\ny = 2\n\n# end\n[b]\n", "changed": true, "msg": "option added"}],
  ["[a]\n\n\n", {"section": "a", "option": "y", "value": "1"}, {"text": "[a]\ny = 1\n\n\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\n# x = 2\nx = 3\n", {"section": "a", "option": "x", "values": ["5", "6"]}, {"text": "[a]\nx = 5\nx = 6\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\n\tx = 2\n", {"section": "a", "option": "x", "value": "1"}, {"text": "[a]\nx = 1\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\n", {"section": "a", "option": "x", "values": [], "allow_no_value": true}, {"text": "[a]\nx\n", "changed": true, "msg": "option changed"}],
  ["[a]\nz = 0\n[b]\n", {"section": "a", "option": "x", "allow_no_value": true, "value": "3"}, {"text": "[a]\nz = 0\nx = 3\n[b]\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\nx = 2\n", {"section": "a", "option": "x", "allow_no_value": true, "values": ["1", "2"]}, {"text": "[a]\nx = 1\nx = 2\nx\n", "changed": true, "msg": "option added"}],
  ["[a]\nx = 1\nx = 1\n", {"section": "a", "option": "x", "value": "1"}, {"text": "[a]\nx = 1\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\n", {"section": "a", "option": "x", "value": "1", "state": "absent"}, {"text": "[a]\n", "changed": true, "msg": "option changed"}],
  ["[a]\nx = 1\n", {"section": "a", "option": "x", "values": ["2"], "state": "absent"}, {"text": "[a]\n", "changed": true, "msg": "option changed"}],
  ["[a]\n", {"section": "a", "option": "x", "value": "1", "state": "absent", "exclusive": false}, {"text": "[a]\n", "changed": false, "msg": "OK"}],
  ["[a]\n [a] = 1\n", {"section": "a", "option": "[a]", "value": "1"}, {"text": "[a]\n[a] = 1\n", "changed": true, "msg": "option changed"}],
  ["[a]\ny = 1\n\n# c\n", {"section": "a", "option": "x", "allow_no_value": true}, {"text": "[a]\ny = 1\nx\n\n# c\n", "changed": true, "msg": "option added"}],
];

test('do_ini as community.general has it, row by row', () => {
  for (const [text, args, answer] of ROWS) assert.deepEqual(
    doIni(text, iniFileParams.parse({ path: '/x', ...args })),
    answer,
    `${JSON.stringify(text)} ${JSON.stringify(args)}`,
  );
});
