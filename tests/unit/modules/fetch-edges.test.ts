/**
 * fetch at its edges, as Ansible's fetch action answers them: a folder (or
 * a link to one) as src, a dest the controller cannot write, empty names;
 * and, with the host's answers scripted, a file gone between the check and
 * the copy, and a copy whose checksum is not the one the host gave.
 */
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { fetchModule, fetchParams } from '../../../src/modules/fetch.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const DIR_MSG = 'remote file is a directory, fetch cannot work on directories';

test('a folder as src, or a link to one, fails; with fail_on_missing: no it is ignored', async () => {
  await h.write('d/f', 'x');
  await symlink(h.path('d'), h.path('l'));
  for (const src of [h.path('d'), h.path('l')]) {
    const failed = await h.run('fetch', { src, dest: h.path('out') });
    assert.deepEqual([failed.status, failed.result.changed, failed.result.msg], ['failed', false, DIR_MSG], src);
    const ignored = await h.run('fetch', { src, dest: h.path('out'), fail_on_missing: false });
    assert.deepEqual([ignored.status, ignored.result.msg], ['ok', `${DIR_MSG}, not transferring, ignored`], src);
  }
});

test('a dest the controller cannot write fails with the reason', async () => {
  const src = await h.write('r/x', 'x');
  const file = await h.write('plain', 'p');
  const r = await h.run('fetch', { src, dest: `${file}/`, flat: true });
  assert.deepEqual([r.status, r.result.changed], ['failed', false]);
  assert.match(String(r.result.msg), /^Failed to fetch the file: /);
});

test('an empty src or dest is refused as a parameter', async () => {
  assert.match(String((await h.run('fetch', { src: '', dest: h.path('o') })).result.msg), /^fetch: parameter "src"/);
  assert.match(String((await h.run('fetch', { src: h.path('x'), dest: '' })).result.msg), /^fetch: parameter "dest"/);
});

/** A host that answers get() with `data`, and a controller that takes every write. */
function hostGiving(data: Buffer | undefined): ModuleContext {
  return { host: 'h', get: async () => data, local: { controller: { write: async () => {} } } } as unknown as ModuleContext;
}

test('the file gone before the copy, or copied with another checksum than the host gave: failed, unchanged', async () => {
  const p = fetchParams.parse({ src: '/var/log/x', dest: '/tmp/out' });
  const gone = await fetchModule.apply(p, { dest: '/tmp/out/h/var/log/x', remoteChecksum: 'abc' }, hostGiving(undefined));
  assert.deepEqual([gone.failed, gone.changed, gone.msg], [true, false, 'the remote file does not exist, not transferring, ignored']);
  const other = await fetchModule.apply(p, { dest: '/tmp/out/h/var/log/x', remoteChecksum: 'abc' }, hostGiving(Buffer.from('x')));
  assert.deepEqual([other.failed, other.changed, other.msg], [true, false, 'checksum mismatch']);
  const unchecked = await fetchModule.apply({ ...p, validate_checksum: false }, { dest: '/tmp/out/h/var/log/x', remoteChecksum: 'abc' }, hostGiving(Buffer.from('x')));
  assert.equal(unchecked.changed, true);
});
