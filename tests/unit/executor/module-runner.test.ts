/**
 * The query/apply contract as runModule drives it: in check mode a module
 * only answers query, with or without --diff, even when it offers the
 * one-round-trip converge that ordinary runs use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { defineModule, type ModuleContext } from '../../../src/modules/contract.js';
import { runModule } from '../../../src/executor/module-runner.js';

/** A module that would write a file, recording which of its steps ran. */
function recordingModule() {
  const calls: string[] = [];
  const module = defineModule<{ dest: string }, string>({
    name: 'recording',
    schema: z.object({ dest: z.string() }).strict(),
    check: 'full',
    query: async (p) => {
      calls.push('query');
      return { changed: true, reason: `would write ${p.dest}`, plan: p.dest, diff: { path: p.dest, before: '', after: 'x\n' } };
    },
    apply: async () => {
      calls.push('apply');
      return { changed: true };
    },
    converge: async () => {
      calls.push('converge');
      return { changed: true };
    },
  });
  return { module, calls };
}

const ctx = { host: 'h' } as unknown as ModuleContext;

test('check mode without --diff only queries: neither converge nor apply runs', async () => {
  const { module, calls } = recordingModule();
  const outcome = await runModule(module, { dest: '/tmp/x' }, ctx, { check: true, diff: false });
  assert.deepEqual(calls, ['query']);
  assert.equal(outcome.status, 'changed');
  assert.equal(outcome.diff, undefined);
});

test('check mode with --diff only queries, and shows the diff', async () => {
  const { module, calls } = recordingModule();
  const outcome = await runModule(module, { dest: '/tmp/x' }, ctx, { check: true, diff: true });
  assert.deepEqual(calls, ['query']);
  assert.equal(outcome.diff?.after, 'x\n');
});

test('an ordinary run converges in one step; with --diff it queries then applies', async () => {
  const plain = recordingModule();
  await runModule(plain.module, { dest: '/tmp/x' }, ctx, { check: false, diff: false });
  assert.deepEqual(plain.calls, ['converge']);
  const diffed = recordingModule();
  await runModule(diffed.module, { dest: '/tmp/x' }, ctx, { check: false, diff: true });
  assert.deepEqual(diffed.calls, ['query', 'apply']);
});

test('--diff shows a module state before and after when it reports no file diff', async () => {
  const module = defineModule<{ name: string }, null>({
    name: 'stateful',
    schema: z.object({ name: z.string() }).strict(),
    check: 'full',
    query: async (p) => ({ changed: true, reason: 'would add', plan: null, before: null, after: { name: p.name, state: 'present' } }),
    apply: async () => ({ changed: true }),
  });
  const shown = await runModule(module, { name: 'svc' }, ctx, { check: true, diff: true });
  assert.deepEqual(shown.diff, { path: '', before: '', after: '{\n    "name": "svc",\n    "state": "present"\n}\n' });
  const hidden = await runModule(module, { name: 'svc' }, ctx, { check: true, diff: false });
  assert.equal(hidden.diff, undefined);
});

test('pause waits in check mode too and is ok, not changed (Ansible runs it whatever the mode)', async () => {
  const { pauseModule } = await import('../../../src/modules/pause.js');
  for (const check of [true, false]) {
    const outcome = await runModule(pauseModule, { seconds: 1 }, ctx, { check, diff: false });
    assert.equal(outcome.status, 'ok');
    assert.equal(outcome.result.changed, false);
    assert.match(String(outcome.result.stdout), /^Paused for 1(\.\d+)? seconds$/);
  }
});

test("a module's error, or arguments it refuses, fail the task: failed and not changed", async () => {
  const throwing = defineModule<{ dest: string }, string>({
    name: 'throwing',
    schema: z.object({ dest: z.string() }).strict(),
    check: 'full',
    query: async () => {
      throw new Error('the host said no');
    },
    apply: async () => ({ changed: true }),
  });
  assert.deepEqual(await runModule(throwing, { dest: '/tmp/x' }, ctx, { check: false, diff: false }), {
    status: 'failed',
    result: { failed: true, changed: false, msg: 'the host said no' },
  });
  const refused = await runModule(throwing, { dets: '/tmp/x' }, ctx, { check: false, diff: false });
  assert.deepEqual([refused.status, refused.result.failed, refused.result.changed], ['failed', true, false]);
});

test("a converge that reports a failure fails the task; check mode's would-be change is changed", async () => {
  const failing = defineModule<{ dest: string }, string>({
    name: 'failing',
    schema: z.object({ dest: z.string() }).strict(),
    check: 'full',
    query: async (p) => ({ changed: true, reason: 'would write', plan: p.dest }),
    apply: async () => ({ changed: true }),
    converge: async () => ({ changed: false, failed: true, msg: 'disk full' }),
  });
  assert.equal((await runModule(failing, { dest: '/tmp/x' }, ctx, { check: false, diff: false })).status, 'failed');
  const checked = await runModule(failing, { dest: '/tmp/x' }, ctx, { check: true, diff: false });
  assert.deepEqual([checked.status, checked.result.changed], ['changed', true]);
});
