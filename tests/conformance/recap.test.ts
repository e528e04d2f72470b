import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRecap } from './support/recap.js';

test('the recap parser reads both engines\' PLAY RECAP and ignores what follows', () => {
  const out = [
    'TASK [x] ***',
    'ok: [node1]',
    '',
    'PLAY RECAP *********************************************************************',
    'node2                      : ok=3    changed=1    unreachable=0    failed=1    skipped=2    rescued=0    ignored=0   ',
    'node1                      : ok=1    changed=0    unreachable=1    failed=0    skipped=0    rescued=1    ignored=4   ',
    '',
    'Run time: 0.45 s',
  ].join('\n');
  const recap = parseRecap(out);
  assert.deepEqual(Object.keys(recap), ['node1', 'node2']);
  assert.deepEqual(recap.node1, { ok: 1, changed: 0, unreachable: 1, failed: 0, skipped: 0, rescued: 1, ignored: 4 });
  assert.equal(recap.node2?.skipped, 2);
  assert.deepEqual(parseRecap('no recap here'), {});
});
