/**
 * Modes that depend on the host's umask, on a host whose umask is not the
 * usual 022: the local connection's shell inherits this process's umask,
 * set to 027 for this file (node:test runs a file's tests one at a time).
 */
import assert from 'node:assert/strict';

import { after, before, test } from 'node:test';
import { type LocalModuleHost, localModuleHost, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
let saved: number;
before(async () => {
  saved = process.umask(0o027);
  h = await localModuleHost();
});
after(async () => {
  await h.close();
  process.umask(saved);
});


test('file: new paths with a symbolic mode start from umask 027; +x without who is masked by it', async () => {
  await h.run('file', { path: h.path('d'), state: 'directory', mode: 'g+w' });
  assert.equal(await modeOf(h.path('d')), '770');
  await h.run('file', { path: h.path('t'), state: 'touch', mode: 'g+w' });
  assert.equal(await modeOf(h.path('t')), '660');
  await h.run('file', { path: h.path('x'), state: 'touch', mode: '+x' });
  assert.equal(await modeOf(h.path('x')), '750');
});

test('copy of a folder: new files and folders from umask 027', async () => {
  await h.source('files', 't/sub/f', 'f\n');
  const r = await h.run('copy', { src: 't', dest: `${h.path('c')}/`, directory_mode: 'g+w' });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.deepEqual([await modeOf(h.path('c', 't', 'sub', 'f')), await modeOf(h.path('c', 't', 'sub'))], ['640', '770']);
});
