/** getent on a real host: the database as facts, repeated keys, Ansible's failures, check mode, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getentModule, parseGetent } from '../../../src/modules/getent.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('getent');

test('a user read from passwd, in check mode too, changing nothing', async () => {
  for (const check of [true, false]) {
    const out = await b.host.run(getentModule, { database: 'passwd', key: 'root' }, { check });
    assert.equal(out.status, 'ok');
    assert.equal(out.result.changed, false);
    assert.deepEqual(out.result.ansible_facts, { getent_passwd: { root: ['x', '0', '0', 'root', '/root', '/bin/bash'] } });
  }
});

test('a user added on the host is seen on the next read (no stale answer)', async () => {
  const user = `kr${b.dir.slice(-8)}`;
  await b.host.sh(`useradd -M -s /bin/false ${user}`);
  try {
    const out = await b.host.run(getentModule, { database: 'passwd', key: user });
    const entry = (out.result.ansible_facts as Record<string, Record<string, string[]>>).getent_passwd?.[user];
    assert.equal(entry?.[5], '/bin/false');
  } finally {
    await b.host.sh(`userdel ${user}`);
  }
});

test('a missing key fails unless fail_key is false; an unknown database fails', async () => {
  const missing = await b.host.run(getentModule, { database: 'group', key: 'kr-nobody-here' });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, 'One or more supplied key could not be found in the database.');
  const tolerated = await b.host.run(getentModule, { database: 'group', key: 'kr-nobody-here', fail_key: 'no' });
  assert.equal(tolerated.status, 'ok');
  assert.deepEqual(tolerated.result.ansible_facts, { getent_group: { 'kr-nobody-here': null } });
  const db = await b.host.run(getentModule, { database: 'kr-not-a-db' });
  assert.equal(db.result.msg, 'Missing arguments, or database unknown.');
});

test('repeated keys become a list of records; whitespace databases split on runs', () => {
  assert.deepEqual(parseGetent('a  b c\na d\nx y\na e\n', undefined), { a: [['b', 'c'], ['d'], ['e']], x: ['y'] });
  assert.deepEqual(parseGetent('root:x:0:\n', ':'), { root: ['x', '0', ''] });
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, getentModule, {}, 'database');
  await assertRejected(b.host, getentModule, { database: 'passwd', nope: 1 }, 'nope');
});
