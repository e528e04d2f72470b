/**
 * The small modules no other unit test runs (debug runs in every executor
 * test, pause in module-runner.test.ts): ping, raw, assert, fail, debug's
 * var, wait_for_connection, on the scripted host. Their fields are
 * Ansible's, as the differential test compares them (differential-cases.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evaluated } from '../../../src/modules/contract.js';
import { scriptedHost } from '../../support/scripted-host.js';

const evaluated = (expression: string, value: unknown, defined = true): Evaluated => ({ expression, value, defined });

test('ping: the host runs `true` and answers data (pong by default); a failing shell fails the task', async () => {
  const h = scriptedHost().on('true', {});
  assert.deepEqual((await h.run('ping', {})).result, { changed: false, ping: 'pong' });
  assert.deepEqual((await h.run('ping', { data: 'crash?' }, { check: true })).result, { changed: false, ping: 'crash?' });
  const broken = scriptedHost().on('true', { rc: 126, stderr: 'sh: permission denied\n' });
  assert.deepEqual((await broken.run('ping', {})).result, { changed: false, failed: true, msg: 'sh: permission denied' });
});

test('raw: the text as it is (executable wraps it as one quoted word); check mode registers only skipped; rc != 0 fails', async () => {
  const h = scriptedHost().onWrite('echo $HOME; ls', { stdout: '/root\nf\n' }).onWrite("/bin/bash -c 'echo $HOME; ls'", { rc: 2, stderr: 'ls: cannot access\n' });
  const checked = await h.run('raw', { _raw_params: 'echo $HOME; ls' }, { check: true });
  assert.deepEqual([checked.status, checked.result, h.writes()], ['skipped', { changed: false, skipped: true }, []]);
  const out = await h.run('raw', { _raw_params: 'echo $HOME; ls' });
  assert.deepEqual(out.result, { changed: true, rc: 0, stdout: '/root\nf\n', stderr: '', stdout_lines: ['/root', 'f'], stderr_lines: [] });
  const bash = await h.run('raw', { _raw_params: 'echo $HOME; ls', executable: '/bin/bash' });
  assert.deepEqual([bash.status, bash.result.rc, bash.result.msg], ['failed', 2, 'non-zero return code']);
});

test('assert: the first false condition fails with its expression and fail_msg (or msg); all true passes with success_msg', async () => {
  const h = scriptedHost();
  const failed = await h.run('assert', { that: [evaluated('a == 1', true), evaluated('b is defined', false)], fail_msg: 'b is missing', msg: 'not this' });
  assert.deepEqual(failed.result, { changed: false, failed: true, assertion: 'b is defined', evaluated_to: false, msg: 'b is missing' });
  assert.equal((await h.run('assert', { that: [evaluated('x', false)], msg: 'from msg' })).result.msg, 'from msg');
  assert.equal((await h.run('assert', { that: [evaluated('x', 'yes')] })).result.msg, 'Assertion failed', 'only true passes');
  assert.deepEqual((await h.run('assert', { that: [evaluated('a == 1', true)] })).result, { changed: false, msg: 'All assertions passed', _ansible_verbose_always: true });
  assert.deepEqual((await h.run('assert', { that: [evaluated('a', true)], success_msg: 'fine', quiet: true })).result, { changed: false, msg: 'fine' });
  assert.deepEqual(h.commands(), []);
});

test("fail: fails with its msg or Ansible's default; debug var: the value under the expression, or VARIABLE IS NOT DEFINED!", async () => {
  const h = scriptedHost();
  assert.deepEqual((await h.run('fail', {})).result, { changed: false, failed: true, msg: 'Failed as requested from task' });
  assert.deepEqual((await h.run('fail', { msg: { why: 'x' } })).result, { changed: false, failed: true, msg: { why: 'x' } });
  assert.deepEqual((await h.run('debug', { var: evaluated('groups.all', ['node1']) })).result, { changed: false, 'groups.all': ['node1'], _ansible_verbose_always: true });
  assert.deepEqual((await h.run('debug', { var: evaluated('nope', undefined, false) })).result, { changed: false, nope: 'VARIABLE IS NOT DEFINED!', _ansible_verbose_always: true });
  assert.deepEqual((await h.run('debug', {})).result.msg, 'Hello world!');
});

test('wait_for_connection: skipped in check mode; retries until the shell answers pong; gives up at the timeout with the last error', async () => {
  let answers = [{ rc: 255, stderr: 'ssh: connect to host node1 port 22: Connection refused\n' }, { stdout: 'pong\n' }];
  const h = scriptedHost().on('echo pong', () => answers.shift() ?? { rc: 1 });
  assert.equal((await h.run('wait_for_connection', {}, { check: true })).status, 'skipped');
  assert.deepEqual(h.commands(), []);
  const out = await h.run('wait_for_connection', { sleep: 0, timeout: 5 });
  assert.deepEqual([out.status, out.result.changed, out.result.elapsed, h.commands()], ['ok', false, 0, ['echo pong', 'echo pong']]);
  answers = [];
  const given = await h.run('wait_for_connection', { sleep: 0, timeout: 0 });
  assert.deepEqual([given.status, given.result.msg], ['failed', 'timed out waiting for ping module test: ping test failed: rc 1']);
});
