/** blockinfile on a real host: insert, replace, markers, absent, create, check mode, diff, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockinfileModule } from '../../../src/modules/blockinfile.js';
import { assertIdempotent } from '../../support/module-host.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('blockinfile');

test('a block at EOF, then replaced in place; diff in check mode', async () => {
  await b.host.sh(`printf 'a=1\\nb=2\\n' > ${b.dir}/c`);
  const args = { path: `${b.dir}/c`, block: 'x=1\ny=2' };
  const checked = await b.host.run(blockinfileModule, args, { check: true, diff: true });
  assert.equal(checked.diff?.after, 'a=1\nb=2\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\ny=2\n# END ANSIBLE MANAGED BLOCK\n');
  const first = await assertIdempotent(b.host, blockinfileModule, args, b.dir);
  assert.equal(first.result.msg, 'Block inserted');
  await assertIdempotent(b.host, blockinfileModule, { ...args, block: 'z=3' }, b.dir);
  assert.equal(await b.host.sh(`cat ${b.dir}/c`), 'a=1\nb=2\n# BEGIN ANSIBLE MANAGED BLOCK\nz=3\n# END ANSIBLE MANAGED BLOCK\n');
});

test('custom markers after a match, BOF, and removal', async () => {
  await assertIdempotent(b.host, blockinfileModule, { path: `${b.dir}/c`, block: 'k', marker: '<!-- {mark} kolla -->', marker_begin: 'START', marker_end: 'STOP', insertafter: '^a=' }, b.dir);
  await assertIdempotent(b.host, blockinfileModule, { path: `${b.dir}/c`, block: 'first', insertbefore: 'BOF', marker: '# {mark} top' }, b.dir);
  assert.equal(await b.host.sh(`sed -n 1,6p ${b.dir}/c`), '# BEGIN top\nfirst\n# END top\na=1\n<!-- START kolla -->\nk\n');
  const removed = await assertIdempotent(b.host, blockinfileModule, { path: `${b.dir}/c`, state: 'absent' }, b.dir);
  assert.equal(removed.result.msg, 'Block removed');
});

test('create with a mode; a missing file fails without create', async () => {
  const created = await assertIdempotent(b.host, blockinfileModule, { path: `${b.dir}/n`, block: 'z', create: true, mode: '0600' }, b.dir);
  assert.equal(created.result.msg, 'File created and ownership, perms or SE linux context changed');
  assert.equal(await b.host.sh(`stat -c %a ${b.dir}/n`), '600\n');
  const missing = await b.host.run(blockinfileModule, { path: `${b.dir}/m`, block: 'z' });
  assert.equal(missing.result.msg, `Path ${b.dir}/m does not exist !`);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, blockinfileModule, { path: `${b.dir}/c`, block: 'x', insertafter: 'a', insertbefore: 'b' }, 'insertbefore');
  await assertRejected(b.host, blockinfileModule, { path: `${b.dir}/c`, blocks: 'x' }, 'blocks');
  await assertRejected(b.host, blockinfileModule, { path: `${b.dir}/c`, state: 'gone' }, 'state');
});
