/**
 * getent on a scripted host, answered with what getent prints on this
 * machine (Debian 12). The proof against ansible-playbook is the
 * differential test's getent cases and tests/integration/modules/getent.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getentModule } from '../../../src/modules/getent.js';
import { scriptedHost } from '../../support/scripted-host.js';

test('a passwd entry: colon fields under the key, the same in check mode, and nothing that writes', async () => {
  const h = scriptedHost().on('getent passwd root', { stdout: 'root:x:0:0:root:/root:/bin/bash\n' });
  for (const check of [true, false]) {
    const out = await h.run(getentModule, { database: 'passwd', key: 'root' }, { check });
    assert.deepEqual([out.status, out.result], ['ok', { changed: false, ansible_facts: { getent_passwd: { root: ['x', '0', '0', 'root', '/root', '/bin/bash'] } } }]);
  }
  assert.deepEqual(h.writes(), []);
});

test('a whole database: a key on several lines (hosts) holds a list of records; whitespace runs split', async () => {
  const h = scriptedHost().on('getent hosts', { stdout: '127.0.0.1       localhost\n127.0.0.1       runsc\n127.0.0.1       vm\n::1 localhost ip6-localhost\n' });
  const out = await h.run(getentModule, { database: 'hosts' });
  assert.deepEqual(out.result.ansible_facts, { getent_hosts: { '127.0.0.1': [['localhost'], ['runsc'], ['vm']], '::1': ['localhost', 'ip6-localhost'] } });
});

test('group entries keep their empty member field; split overrides the separator', async () => {
  const h = scriptedHost().on('getent group root', { stdout: 'root:x:0:\n' }).on('getent services 22/tcp', { stdout: 'ssh                   22/tcp\n' });
  assert.deepEqual((await h.run(getentModule, { database: 'group', key: 'root' })).result.ansible_facts, { getent_group: { root: ['x', '0', ''] } });
  assert.deepEqual((await h.run(getentModule, { database: 'services', key: '22/tcp', split: '/' })).result.ansible_facts, { getent_services: { 'ssh                   22': ['tcp'] } });
});

test('the key and the service are quoted words of one getent command', async () => {
  const h = scriptedHost().on("getent passwd 'a b;c' -s files", { rc: 2 });
  await h.run(getentModule, { database: 'passwd', key: 'a b;c', service: 'files', fail_key: false });
  assert.deepEqual(h.commands(), ["getent passwd 'a b;c' -s files"]);
});

test("getent's exit codes: a missing key fails (or is null with fail_key false), an unknown database fails, in Ansible's words", async () => {
  const h = scriptedHost()
    .on('getent group kr-no-such-group', { rc: 2 })
    .on('getent kr-no-such-db', { rc: 1, stderr: 'Unknown database: kr-no-such-db\nTry `getent --help\' or `getent --usage\' for more information.\n' })
    .on('getent ahosts', { rc: 3 });
  const missing = await h.run(getentModule, { database: 'group', key: 'kr-no-such-group' });
  assert.deepEqual([missing.status, missing.result.msg], ['failed', 'One or more supplied key could not be found in the database.']);
  const tolerated = await h.run(getentModule, { database: 'group', key: 'kr-no-such-group', fail_key: 'no' });
  assert.deepEqual([tolerated.status, tolerated.result], ['ok', { changed: false, ansible_facts: { getent_group: { 'kr-no-such-group': null } }, msg: 'One or more supplied key could not be found in the database.' }]);
  const db = await h.run(getentModule, { database: 'kr-no-such-db' });
  assert.deepEqual([db.status, db.result.msg], ['failed', 'Missing arguments, or database unknown.']);
  assert.equal((await h.run(getentModule, { database: 'ahosts' })).result.msg, 'Enumeration not supported on this database.');
});

test("an empty database name is getent's to refuse, as in Ansible: its exit 1 and Ansible's message", async () => {
  const h = scriptedHost().on("getent ''", { rc: 1, stderr: 'Unknown database: \nTry `getent --help\' or `getent --usage\' for more information.\n' });
  const out = await h.run(getentModule, { database: '' });
  assert.deepEqual([out.status, out.result.msg], ['failed', 'Missing arguments, or database unknown.']);
});

test('a host without getent (exit 127) and an exit code getent does not document fail with their messages', async () => {
  const h = scriptedHost().on('getent passwd', { rc: 127, stderr: 'sh: 1: getent: not found\n' }).on('getent group', { rc: 4 });
  assert.deepEqual((await h.run(getentModule, { database: 'passwd' })).result, { changed: false, failed: true, msg: 'Failed to find required executable "getent"' });
  assert.deepEqual((await h.run(getentModule, { database: 'group' })).result, { changed: false, failed: true, msg: 'Unexpected failure!' });
});
