/** wait_for on this machine, by path: present, appearing, absent, search_regex, the timeout boundary; skipped in check mode. */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

test('a path already there: ok at once, never a change, the path described as Ansible does', async () => {
  const path = await h.write("ready it's", 'x');
  const r = await h.run('wait_for', { path, timeout: 5 });
  assert.equal(r.status, 'ok');
  assert.equal(r.result.changed, false);
  assert.equal(r.result.path, path);
  assert.equal(r.result.state, 'file', "add_path_info's state (the path's type) wins over the parameter");
});

test('timeout 0 fails even for a path already there (Ansible never enters its loop)', async () => {
  const path = await h.write('there', 'x');
  const r = await h.run('wait_for', { path, timeout: 0 });
  assert.equal(r.status, 'failed');
  assert.equal(r.result.msg, `Timeout when waiting for file ${path}`);
});

test('a path that appears while waiting', async () => {
  const path = h.path('later');
  const appear = setTimeout(() => void writeFile(path, 'x'), 200);
  try {
    const r = await h.run('wait_for', { path, timeout: 10, sleep: 1 });
    assert.equal(r.status, 'ok', JSON.stringify(r.result));
  } finally {
    clearTimeout(appear);
  }
});

test('absent: ok when gone; a path that stays fails with its own message', async () => {
  const path = await h.write('stays', 'x');
  const stays = await h.run('wait_for', { path, state: 'absent', timeout: 0 });
  assert.equal(stays.status, 'failed');
  assert.equal(stays.result.msg, `Timeout when waiting for ${path} to be absent.`);
  await rm(path);
  assert.equal((await h.run('wait_for', { path, state: 'absent', timeout: 5 })).status, 'ok');
});

test('search_regex in a file: groups returned; a text that is not there times out with msg', async () => {
  const path = await h.write('log', 'starting\nstate: ready port=42\n');
  const r = await h.run('wait_for', { path, search_regex: 'port=(\\d+)', timeout: 5 });
  assert.equal(r.status, 'ok', JSON.stringify(r.result));
  assert.deepEqual(r.result.match_groups, ['42']);
  const missing = await h.run('wait_for', { path, search_regex: 'never', timeout: 0, msg: 'custom' });
  assert.equal(missing.result.msg, 'custom');
});

test('check mode skips the wait and touches nothing', async () => {
  const before = await localSnapshot(h.root);
  for (const diff of [true, false]) assert.equal((await h.run('wait_for', { path: h.path('none'), timeout: 300 }, { check: true, diff })).status, 'skipped');
  assert.equal(await localSnapshot(h.root), before);
});

test("port and path together are refused with Ansible's words", async () => {
  const r = await h.run('wait_for', { path: h.path('x'), port: 1 });
  assert.equal(r.result.msg, 'port and path parameter can not both be passed to wait_for');
});
