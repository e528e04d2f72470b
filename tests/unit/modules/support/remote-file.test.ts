/**
 * remote-file and whole-file on host answers a root test run cannot make
 * (a folder above dest that cannot be entered, a backup or a write that
 * fails): the host's shell is replaced by its scripted answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleContext, RunResult } from '../../../../src/modules/contract.js';
import { applyFile, planFile, type DesiredFile } from '../../../../src/modules/support/remote-file.js';
import { convergeFile } from '../../../../src/modules/support/whole-file.js';

/** A context whose commands answer in turn from `answers`. */
function answering(...answers: Partial<RunResult>[]): ModuleContext {
  const queue = [...answers];
  return {
    host: 'h',
    run: async (command: unknown) => ({ rc: 0, stdout: '', stderr: '', command: String(command), ...queue.shift() }),
    put: async () => {},
    get: async () => undefined,
  } as unknown as ModuleContext;
}

const want: DesiredFile = { dest: '/locked/dir/f', content: Buffer.from('x\n'), attributes: {}, force: true, backup: false };
const DENIED = 'Failed to get information on remote file (/locked/dir/f): Permission denied';

test('a folder above dest that cannot be entered: failed, unchanged, both ways', async () => {
  const query = await planFile(answering({ stdout: 'denied\n' }), want);
  assert.deepEqual([query.changed, query.result], [false, { failed: true, msg: DENIED }]);
  const converged = await convergeFile(answering({ stdout: 'D /locked/dir/f\ndenied\n' }), want);
  assert.deepEqual(converged, { changed: false, failed: true, msg: DENIED });
});

test('a write the shell fails: failed, unchanged, with its stderr (or stdout when stderr is empty)', async () => {
  const r = await convergeFile(answering({ rc: 1, stdout: 'D /d/f\nW\n', stderr: 'No space left on device\n' }), { ...want, dest: '/d/f' });
  assert.deepEqual(r, { failed: true, changed: false, dest: '/d/f', msg: 'No space left on device' });
});

test('a backup that fails stops the write: failed, unchanged', async () => {
  const r = await applyFile(answering({ rc: 1, stderr: 'cp: cannot create regular file\n' }), { dest: '/d/f', content: Buffer.from('x'), attributes: {}, backup: true });
  assert.deepEqual(r, { failed: true, changed: false, msg: 'backup failed: cp: cannot create regular file' });
});
