/** assemble on a real host: fragments in name order, delimiter, regexp, hidden files, mode/owner, idempotency, check mode skipped, diff. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleModule, escapeDecode } from '../../../src/modules/assemble.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('assemble');

const fragments = (dir: string) =>
  `mkdir -p ${dir} && printf 'b\\n' > ${dir}/20-b && printf 'a' > ${dir}/10-a && printf 'hidden\\n' > ${dir}/.30-h && printf 'c\\n' > ${dir}/30-c.skip && mkdir ${dir}/40-dir`;

test('fragments joined in name order with the delimiter (escapes decoded), a newline after a fragment that lacks one; then unchanged', async () => {
  await b.host.sh(fragments(`${b.dir}/f1`));
  const args = { src: `${b.dir}/f1`, dest: `${b.dir}/out1`, delimiter: '### cut\\t', regexp: '^[0-9]+-[a-z]$', ignore_hidden: true, mode: '0640' };
  const check = await b.host.run(assembleModule, args, { check: true });
  assert.equal(check.status, 'skipped', "Ansible's assemble does not run in check mode");
  assert.equal((await b.host.sh(`test -e ${b.dir}/out1 && echo yes || echo no`)).trim(), 'no');
  const first = await b.host.run(assembleModule, args, { diff: true });
  assert.equal(first.status, 'changed');
  assert.equal(await b.host.sh(`cat ${b.dir}/out1`), 'a\n### cut\t\nb\n');
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/out1`)).trim(), '640');
  assert.equal(first.result.msg, 'OK');
  assert.equal(first.result.src, `${b.dir}/f1`);
  assert.equal(first.diff?.after, 'a\n### cut\t\nb\n');
  const again = await b.host.run(assembleModule, args);
  assert.equal(again.status, 'ok');
  assert.equal(again.result.checksum, first.result.checksum);
  const modeOnly = await b.host.run(assembleModule, { ...args, mode: '0600' });
  assert.equal(modeOnly.status, 'changed', 'a mode that differs is fixed');
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/out1`)).trim(), '600');
});

test('hidden fragments count unless ignore_hidden; a new fragment rewrites the file', async () => {
  await b.host.sh(fragments(`${b.dir}/f2`));
  const args = { src: `${b.dir}/f2`, dest: `${b.dir}/out2` };
  assert.equal((await b.host.run(assembleModule, args)).status, 'changed');
  assert.equal(await b.host.sh(`cat ${b.dir}/out2`), 'hidden\na\nb\nc\n');
  assert.equal((await b.host.run(assembleModule, args)).status, 'ok');
  await b.host.sh(`printf 'd\\n' > ${b.dir}/f2/50-d`);
  assert.equal((await b.host.run(assembleModule, args)).status, 'changed');
  assert.equal(await b.host.sh(`cat ${b.dir}/out2`), 'hidden\na\nb\nc\nd\n');
});

test('a missing source or a file as source fails with the module\'s message; bad parameters are refused', async () => {
  const missing = await b.host.run(assembleModule, { src: `${b.dir}/none`, dest: `${b.dir}/o` });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, `Source (${b.dir}/none) does not exist`);
  await b.host.sh(`touch ${b.dir}/file`);
  const notDir = await b.host.run(assembleModule, { src: `${b.dir}/file`, dest: `${b.dir}/o` });
  assert.equal(notDir.result.msg, `Source (${b.dir}/file) is not a directory`);
  await assertRejected(b.host, assembleModule, { src: `${b.dir}/f1` }, 'dest');
  await assertRejected(b.host, assembleModule, { src: `${b.dir}/f1`, dest: '/x', validate: 'true' }, 'validate');
});

test("the delimiter's escapes as Python's escape_decode reads them", () => {
  assert.deepEqual(escapeDecode('a\\nb\\x41\\101\\\\'), Buffer.from('a\nbAA\\'));
  assert.deepEqual(escapeDecode('no escapes'), Buffer.from('no escapes'));
});
