/** slurp on a real host: base64 content of any bytes, Ansible's failures, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slurpModule } from '../../../src/modules/slurp.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('slurp');

test('content as base64, bytes kept, nothing changed', async () => {
  await b.host.sh(`printf 'bin\\001\\377ary\\n' > ${b.dir}/f`);
  const out = await b.host.run(slurpModule, { src: `${b.dir}/f` }, { check: true });
  assert.equal(out.status, 'ok');
  assert.deepEqual(Buffer.from(String(out.result.content), 'base64'), Buffer.from('bin\x01\xffary\n', 'latin1'));
  assert.equal(out.result.encoding, 'base64');
  assert.equal(out.result.source, `${b.dir}/f`);
  const alias = await b.host.run(slurpModule, { path: `${b.dir}/f` });
  assert.equal(alias.result.content, out.result.content);
});

test('missing file and directory fail with Ansible messages', async () => {
  assert.equal((await b.host.run(slurpModule, { src: `${b.dir}/nope` })).result.msg, `file not found: ${b.dir}/nope`);
  assert.equal((await b.host.run(slurpModule, { src: b.dir })).result.msg, `source is a directory and must be a file: ${b.dir}`);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, slurpModule, {}, 'src');
  await assertRejected(b.host, slurpModule, { src: `${b.dir}/f`, encoding: 'hex' }, 'encoding');
});
