/**
 * resolveMode against Ansible's own _symbolic_mode_to_octal (the oracle,
 * tests/fixtures/modules/_oracle/symbolic_mode.py): every symbolic mode
 * below, on files and folders of several modes, under two umasks.
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { resolveMode } from '../../../../src/modules/support/file-mode.js';
import { askPythonScript } from '../../../support/python-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));

const MODES = [
  'u+x', 'g-w', 'o=r', 'a+X', '+x', '-w', '=r', 'u=rwX,g=rX,o=', 'a=rw,a+X', 'u=rw,u+X', 'ug+s', 'u+s', 'g+s', 'o+s', '+t', 'o+t', 'u+t', 'a-st',
  'g=u', 'o=g', 'u=o', 'go=u-w', 'u=,g=,o=', 'a=', 'u=rwxs,g=rxs,o=t', 'u-x,g+x,o=rwx', 'ugo+rwx', 'a-x', 'o-rwx,g+X', '=X', '+X', 'u=X', 'go+u',
];
const CURRENT = [0o000, 0o001, 0o010, 0o100, 0o644, 0o755, 0o640, 0o4755, 0o2750, 0o1777, 0o7777, 0o604];

test('every symbolic mode resolves as Ansible resolves it', async () => {
  const cases = MODES.flatMap((mode) => CURRENT.flatMap((current) => [false, true].flatMap((isDir) => [0o022, 0o027].map((umask) => ({ mode, current, isDir, umask })))));
  const answers = await askPythonScript<Array<number | { error: string }>>(join(TREE, 'tests', 'fixtures', 'modules', '_oracle', 'symbolic_mode.py'), JSON.stringify(cases), { root: TREE });
  const wrong = cases.flatMap((c, i) => {
    const ours = resolveMode(c.mode, c.current, c.isDir, c.umask);
    const theirs = answers[i];
    return typeof theirs === 'number' && ours !== theirs ? [`${c.mode} on ${c.isDir ? 'dir' : 'file'} ${c.current.toString(8)} umask ${c.umask.toString(8)}: ${ours.toString(8)}, Ansible ${theirs.toString(8)}`] : [];
  });
  assert.deepEqual(wrong, []);
});
