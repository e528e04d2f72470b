/**
 * file's modes at their edges (local connection): 0 and 07777, and the
 * mode compared after a chown, which drops setuid, and setgid when the
 * group may execute (Ansible sets owners first, then stats again).
 */
import assert from 'node:assert/strict';

import { afterEach, beforeEach, test } from 'node:test';
import { type LocalModuleHost, localModuleHost, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

type Diff = { before: Record<string, unknown>; after: Record<string, unknown> };

test('mode 0 and 07777 are modes', async () => {
  const path = await h.write('f', 'x', 0o644);
  assert.equal((await h.run('file', { path, mode: 0 })).status, 'changed');
  assert.equal(await modeOf(path), '0');
  assert.equal((await h.run('file', { path, mode: '07777' })).status, 'changed');
  assert.equal(await modeOf(path), '7777');
});

test('a new owner and the same mode: the diff names the owner alone, whatever the special bits', async () => {
  for (const mode of [0o755, 0o2745, 0o4644]) {
    const path = await h.write(`f${mode.toString(8)}`, 'x', mode);
    const r = await h.run('file', { path, owner: 'nobody', mode: `0${mode.toString(8)}` }, { check: true, diff: true });
    const diff = r.result.diff as Diff;
    assert.deepEqual([diff.before.mode, diff.after.mode], mode === 0o4644 ? ['0644', '04644'] : [undefined, undefined], mode.toString(8));
  }
});

test('setgid with group execute is dropped by chown and set again', async () => {
  const path = await h.write('g', 'x', 0o2755);
  const r = await h.run('file', { path, owner: 'nobody', mode: '02755' }, { diff: true });
  assert.deepEqual([(r.result.diff as Diff).before.mode, (r.result.diff as Diff).after.mode], ['0755', '02755']);
  assert.equal(await modeOf(path), '2755');
});
