/** merge_yaml on this machine: layered YAML sources (missing ones skipped), rendered, put like template. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

test('merge_yaml: mappings merged deep, lists replaced unless extended, through converge', async () => {
  await h.source('templates', 'a.yml', 'top:\n  keep: 1\n  list: [1]\nname: "{{ who }}"\n');
  await h.source('templates', 'b.yml', 'top:\n  list: [2]\n  add: x\n');
  h.vars.who = 'kolla';
  await assertChangesOnce(h, 'merge_yaml', { sources: ['a.yml', 'none.yml', 'b.yml'], dest: h.path('out.yml') });
  assert.equal(await h.read('out.yml'), 'top:\n  keep: 1\n  list:\n    - 2\n  add: x\nname: kolla\n');
  await assertChangesOnce(h, 'merge_yaml', { sources: ['a.yml', 'b.yml'], dest: h.path('ext.yml'), extend_lists: true });
  assert.match(await h.read('ext.yml'), /list:\n {4}- 1\n {4}- 2\n/);
});

test('merge_yaml: no source found writes an empty mapping', async () => {
  await assertChangesOnce(h, 'merge_yaml', { sources: ['none.yml'], dest: h.path('empty.yml') });
  assert.equal(await h.read('empty.yml'), '{}\n');
});

test('merge_yaml: an existing file of other content is replaced', async () => {
  await h.source('templates', 'a.yml', 'k: 1\n');
  await h.write('old.yml', 'k: 0\n');
  const r = await h.run('merge_yaml', { sources: ['a.yml'], dest: h.path('old.yml') });
  assert.equal(r.status, 'changed');
  assert.equal(await h.read('old.yml'), 'k: 1\n');
});
