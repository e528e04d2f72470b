/** fetch from a real host: tree and flat destinations, checksum compare, missing files, schema. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fetchModule } from '../../../src/modules/fetch.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('fetch');
let local = '';
before(async () => {
  local = await mkdtemp(join(tmpdir(), 'kr-fetch-'));
});
after(async () => rm(local, { recursive: true, force: true }));

test('dest/<host>/<src>, then ok while the copy matches, changed when it differs', async () => {
  await b.host.sh(`echo fetched > ${b.dir}/f`);
  const args = { src: `${b.dir}/f`, dest: `${local}/tree` };
  const first = await b.host.run(fetchModule, args);
  assert.equal(first.status, 'changed');
  const dest = join(local, 'tree', b.host.ctx.host, b.dir, 'f');
  assert.equal(first.result.dest, dest);
  assert.equal(first.result.checksum, first.result.remote_checksum);
  assert.equal(await readFile(dest, 'utf8'), 'fetched\n');
  const second = await b.host.run(fetchModule, args);
  assert.equal(second.status, 'ok');
  assert.equal(second.result.file, `${b.dir}/f`);
  await writeFile(dest, 'tampered');
  assert.equal((await b.host.run(fetchModule, args)).status, 'changed');
  assert.equal(await readFile(dest, 'utf8'), 'fetched\n');
});

test('flat: into a folder with a trailing slash, or to the named file', async () => {
  const into = await b.host.run(fetchModule, { src: `${b.dir}/f`, dest: `${local}/flat/`, flat: true });
  assert.equal(into.result.dest, join(local, 'flat', 'f'));
  const named = await b.host.run(fetchModule, { src: `${b.dir}/f`, dest: `${local}/named.txt`, flat: true });
  assert.equal(await readFile(String(named.result.dest), 'utf8'), 'fetched\n');
  const dir = await b.host.run(fetchModule, { src: `${b.dir}/f`, dest: `${local}/flat`, flat: true });
  assert.match(String(dir.result.msg), /dest is an existing directory/);
});

test('a missing file fails, or is ignored with fail_on_missing=false', async () => {
  const missing = await b.host.run(fetchModule, { src: `${b.dir}/nope`, dest: local });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, 'the remote file does not exist, not transferring, ignored');
  const ignored = await b.host.run(fetchModule, { src: `${b.dir}/nope`, dest: local, fail_on_missing: false });
  assert.equal(ignored.status, 'ok');
});

test('check mode skips, as Ansible does', async () => {
  const checked = await b.host.run(fetchModule, { src: `${b.dir}/f`, dest: `${local}/check` }, { check: true });
  assert.equal(checked.status, 'skipped');
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, fetchModule, { src: `${b.dir}/f` }, 'dest');
  await assertRejected(b.host, fetchModule, { src: `${b.dir}/f`, dest: local, flat: 'maybe' }, 'flat');
  await assertRejected(b.host, fetchModule, { src: `${b.dir}/f`, dest: local, mode: '0644' }, 'mode');
});
