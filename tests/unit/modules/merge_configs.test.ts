/** merge_configs on this machine: layered INI sources (missing ones skipped), rendered, put like template. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

test('merge_configs: later sources win key by key, a missing override is skipped, through query then apply', async () => {
  await h.source('templates', 'base.conf', '[DEFAULT]\ndebug = False\nlog_dir = /var/log\n[db]\nconnection = mysql://u:p#w;x@{{ host }}/db\n');
  await h.source('templates', 'override.conf', '[DEFAULT]\ndebug = True\n');
  h.vars.host = 'db1';
  const dest = h.path('nova conf');
  const args = { sources: ['base.conf', 'missing.conf', 'override.conf'], dest, mode: '0640' };
  await assertChangesOnce(h, 'merge_configs', args, { diff: true });
  assert.equal(await h.read('nova conf'), '[DEFAULT]\ndebug = True\nlog_dir = /var/log\n\n[db]\nconnection = mysql://u:p#w;x@db1/db\n');
  assert.equal((await h.sh(`stat -c %a '${dest}'`)).trim(), '640');
});

test('merge_configs: a key before any section names the source and its line, and writes nothing', async () => {
  await h.source('templates', 'pre.conf', '# comment\nkey = 1\n');
  const before = await localSnapshot(h.root);
  const r = await h.run('merge_configs', { sources: ['pre.conf'], dest: h.path('x') });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^pre\.conf:2: /);
  assert.equal(await localSnapshot(h.root), before);
});

test('merge_configs: whitespace: false writes key=value', async () => {
  await h.source('templates', 'c.conf', '[s]\nk = v\n');
  await assertChangesOnce(h, 'merge_configs', { sources: ['c.conf'], dest: h.path('c'), whitespace: false });
  assert.equal(await h.read('c'), '[s]\nk=v\n');
});

test('merge_configs: an existing file of other content is replaced', async () => {
  await h.source('templates', 'c.conf', '[s]\nk = v\n');
  await h.write('old.conf', '[s]\nk = old\n');
  const r = await h.run('merge_configs', { sources: ['c.conf'], dest: h.path('old.conf') });
  assert.equal(r.status, 'changed');
  assert.equal(await h.read('old.conf'), '[s]\nk = v\n');
});
