/** lineinfile on a real host: replace, insert, backrefs, absent, create, check mode, diff, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineinfileModule, present } from '../../../src/modules/lineinfile.js';
import { assertIdempotent } from '../../support/module-host.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('lineinfile');
const CONF = 'a=1\nb=2\n# c=3\nlisten 80\n';

test('regexp replaces the last match; diff shows the file before and after', async () => {
  await b.host.sh(`printf '${CONF}' > ${b.dir}/c && chmod 640 ${b.dir}/c && chown daemon ${b.dir}/c`);
  const args = { path: `${b.dir}/c`, regexp: '^#? ?c=', line: 'c=4' };
  const checked = await b.host.run(lineinfileModule, args, { check: true, diff: true });
  assert.deepEqual(checked.diff, { path: `${b.dir}/c`, before: CONF, after: 'a=1\nb=2\nc=4\nlisten 80\n' });
  const first = await assertIdempotent(b.host, lineinfileModule, args, b.dir);
  assert.equal(first.result.msg, 'line replaced');
  assert.equal(await b.host.sh(`stat -c '%a %U' ${b.dir}/c`), '640 daemon\n', 'mode and owner kept');
});

test('insertafter, insertbefore and BOF', async () => {
  await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'a2=1', insertafter: '^a=' }, b.dir);
  await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'z=0', insertbefore: '^listen' }, b.dir);
  await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, line: '# top', insertbefore: 'BOF' }, b.dir);
  assert.equal(await b.host.sh(`cat ${b.dir}/c`), '# top\na=1\na2=1\nb=2\nc=4\nz=0\nlisten 80\n');
});

test('backrefs, absent, and mode changes reported with the content change', async () => {
  const backrefs = await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, regexp: '^listen (\\d+)$', line: 'listen 127.0.0.1:\\1', backrefs: true }, b.dir);
  assert.equal(backrefs.result.msg, 'line replaced');
  const removed = await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, regexp: '^[ab]', state: 'absent' }, b.dir);
  assert.equal(removed.result.msg, '3 line(s) removed');
  assert.equal(removed.result.found, 3);
  const both = await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'end', mode: '0600' }, b.dir);
  assert.equal(both.result.msg, 'line added and ownership, perms or SE linux context changed');
  assert.equal(await b.host.sh(`stat -c '%a %U' ${b.dir}/c`), '600 daemon\n');
});

test('create makes the folder and the file; a missing file fails without create', async () => {
  const created = await assertIdempotent(b.host, lineinfileModule, { path: `${b.dir}/sub/new`, line: 'x', create: true, mode: '0640' }, b.dir);
  assert.equal(created.result.msg, 'line added and ownership, perms or SE linux context changed');
  assert.equal(await b.host.sh(`stat -c %a ${b.dir}/sub/new; cat ${b.dir}/sub/new`), '640\nx\n');
  const missing = await b.host.run(lineinfileModule, { path: `${b.dir}/none`, line: 'x' });
  assert.equal(missing.result.msg, `Destination ${b.dir}/none does not exist !`);
  assert.equal(missing.result.rc, 257);
});

test('present() keeps Ansible placement rules (no host)', () => {
  const lines = ['a\n', 'b'];
  assert.deepEqual(present(lines, { line: 'c', path: '', state: 'present', backrefs: false, create: false, firstmatch: false, backup: false }).lines, ['a\n', 'b', '\n', 'c\n']);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, lineinfileModule, { path: `${b.dir}/c` }, 'line');
  await assertRejected(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'x', insertafter: 'a', insertbefore: 'b' }, 'insertbefore');
  await assertRejected(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'x', backrefs: true }, 'regexp');
  await assertRejected(b.host, lineinfileModule, { path: `${b.dir}/c`, line: 'x', where: 'EOF' }, 'where');
});
