import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitLines } from '../../../src/modules/command.js';

describe('command: stdout_lines', () => {
  it('splits as Python splitlines does: any line ending, no empty line after the last one', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a'), ['a']);
    assert.deepEqual(splitLines('\n\na\n\nb\n\n'), ['', '', 'a', '', 'b', '']);
    assert.deepEqual(splitLines('a\r\nb\rc\fd\ve\u2028f'), ['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
