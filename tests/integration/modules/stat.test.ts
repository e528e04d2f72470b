/** stat on a real host: Ansible's fields, checksums, links, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statModule } from '../../../src/modules/stat.js';
import { snapshot } from '../../support/module-host.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('stat');

test('a file: mode as 0640, owner names, sha1 by default, never changed', async () => {
  await b.host.sh(`printf hello > ${b.dir}/f && chmod 640 ${b.dir}/f && chown daemon:daemon ${b.dir}/f`);
  const before = await snapshot(b.host, b.dir);
  const out = await b.host.run(statModule, { path: `${b.dir}/f` }, { check: true });
  assert.equal(out.status, 'ok');
  const st = out.result.stat as Record<string, unknown>;
  assert.equal(st.exists, true);
  assert.equal(st.isreg, true);
  assert.equal(st.isdir, false);
  assert.equal(st.mode, '0640');
  assert.equal(st.pw_name, 'daemon');
  assert.equal(st.gr_name, 'daemon');
  assert.equal(st.size, 5);
  assert.equal(st.checksum, 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
  assert.equal(await snapshot(b.host, b.dir), before);
});

test('checksum_algorithm, get_checksum and a missing path', async () => {
  const sha = await b.host.run(statModule, { path: `${b.dir}/f`, checksum_algorithm: 'sha256' });
  assert.equal((sha.result.stat as Record<string, unknown>).checksum, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  const md5 = await b.host.run(statModule, { path: `${b.dir}/f`, checksum: 'md5' });
  assert.equal((md5.result.stat as Record<string, unknown>).checksum, '5d41402abc4b2a76b9719d911017c592');
  const none = await b.host.run(statModule, { path: `${b.dir}/f`, get_checksum: false });
  assert.equal((none.result.stat as Record<string, unknown>).checksum, undefined);
  const missing = await b.host.run(statModule, { path: `${b.dir}/nope` });
  assert.deepEqual(missing.result, { changed: false, stat: { exists: false } });
});

test('links: lstat by default, the target with follow', async () => {
  await b.host.sh(`ln -sf f ${b.dir}/l && mkdir -p ${b.dir}/d`);
  const link = (await b.host.run(statModule, { path: `${b.dir}/l` })).result.stat as Record<string, unknown>;
  assert.equal(link.islnk, true);
  assert.equal(link.lnk_target, 'f');
  assert.equal(link.lnk_source, `${b.dir}/f`);
  assert.equal(link.checksum, undefined);
  const followed = (await b.host.run(statModule, { path: `${b.dir}/l`, follow: true })).result.stat as Record<string, unknown>;
  assert.equal(followed.isreg, true);
  assert.equal(followed.mode, '0640');
  const dir = (await b.host.run(statModule, { path: `${b.dir}/d` })).result.stat as Record<string, unknown>;
  assert.equal(dir.isdir, true);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, statModule, { path: `${b.dir}/f`, checksum_algorithm: 'crc32' }, 'checksum_algorithm');
  await assertRejected(b.host, statModule, { path: `${b.dir}/f`, get_sha: true }, 'get_sha');
  await assertRejected(b.host, statModule, {}, 'path');
});
