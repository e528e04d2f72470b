import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { getUrlModule } from '../../../src/modules/get_url.js';
import { ansibleTasks, pick } from '../../support/ansible-task.js';
import { httpServerOn, type NodeServer } from '../../support/http-server.js';
import { assertIdempotent, moduleHost, type ModuleHost } from '../../support/module-host.js';

let node2: ModuleHost;
let node3: ModuleHost;
let s2: NodeServer;
let s3: NodeServer;
const CONTENT = 'kolla-run get_url payload\n';
const SHA256 = createHash('sha256').update(CONTENT).digest('hex');
const dir = `/tmp/kr-get-url-${process.pid}`;

before(async () => {
  [node2, node3] = await Promise.all([moduleHost(1), moduleHost(2)]);
  [s2, s3] = await Promise.all([httpServerOn(node2), httpServerOn(node3)]);
  await Promise.all([[node2, s2], [node3, s3]].map(([h, s]) => (h as ModuleHost).sh(`printf '${CONTENT.replace('\n', '\\n')}' > ${(s as NodeServer).dir}/payload.txt; mkdir -p ${dir}`)));
});
after(async () => {
  try {
    await Promise.all([s2?.stop(), s3?.stop(), node2?.sh(`rm -rf ${dir}`), node3?.sh(`rm -rf ${dir}`)]);
  } finally {
    await Promise.all([node2?.close(), node3?.close()]);
  }
});

test('download with checksum and mode: check mode unchanged, changed, then ok', { timeout: 120_000 }, async () => {
  const args = { url: s3.url('payload.txt'), dest: `${dir}/a.txt`, mode: '0640', checksum: `sha256:${SHA256}` };
  const first = await assertIdempotent(node3, getUrlModule, args, dir);
  assert.equal(first.result.status_code, 200);
  assert.equal(first.result.mode, '0640');
  assert.equal(first.result.size, CONTENT.length);
  assert.equal(first.result.state, 'file');
  assert.equal(first.result.checksum_src, createHash('sha1').update(CONTENT).digest('hex'));
  assert.equal(first.result.checksum_dest, null);
  assert.equal(await node3.sh(`cat ${dir}/a.txt`), CONTENT);
  const modeOnly = await node3.run(getUrlModule, { ...args, mode: '0600' });
  assert.equal(modeOnly.status, 'changed');
  assert.equal(modeOnly.result.msg, 'file already exists but file attributes changed');
});

test('into a folder, a wrong checksum fails and leaves nothing, a missing file fails', { timeout: 120_000 }, async () => {
  const out = await node3.run(getUrlModule, { url: s3.url('payload.txt'), dest: dir });
  assert.equal(out.result.dest, `${dir}/payload.txt`);
  const bad = await node3.run(getUrlModule, { url: s3.url('payload.txt'), dest: `${dir}/b.txt`, checksum: `sha256:${'0'.repeat(64)}` });
  assert.equal(bad.status, 'failed');
  assert.equal(bad.result.msg, `The checksum for ${dir}/b.txt did not match ${'0'.repeat(64)}; it was ${SHA256}.`);
  assert.equal(await node3.sh(`ls -A ${dir} | grep -v -e a.txt -e payload.txt || true`), '');
  const missing = await node3.run(getUrlModule, { url: s3.url('missing'), dest: `${dir}/c.txt` });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, 'Request failed');
  assert.equal(missing.result.status_code, 404);
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await node3.run(getUrlModule, { url: 'http://x/', dest: '/tmp/x', checksum: 'sha256' })).result.msg), /checksum/);
  assert.match(String((await node3.run(getUrlModule, { url: 'http://x/' })).result.msg), /"dest"/);
  assert.match(String((await node3.run(getUrlModule, { url: 'http://x/', dest: '/x', backup: true })).result.msg), /"backup"/);
});

test('differential: ansible-playbook on node2 and kolla-run on node3 register the same fields and files', { timeout: 240_000 }, async () => {
  const task = (s: NodeServer) => ({ url: s.url('payload.txt'), dest: `${dir}/d.txt`, mode: '0644', checksum: `sha256:${SHA256}` });
  const theirs = await ansibleTasks([{ get_url: task(s2) }, { get_url: task(s2) }]);
  const ours = [(await node3.run(getUrlModule, task(s3))).result, (await node3.run(getUrlModule, task(s3))).result];
  const keys = ['changed', 'failed', 'dest', 'checksum_src', 'checksum_dest', 'md5sum', 'mode', 'owner', 'group', 'size', 'state', 'status_code', 'msg'];
  const norm = (r: Record<string, unknown>) => ({ ...pick(r, keys), ...(typeof r.url === 'string' ? { url: r.url.replace(/:\d+\//, ':PORT/') } : {}) });
  assert.deepEqual(ours.map(norm), theirs.map(norm));
  assert.equal(await node3.sh(`stat -c '%a %s' ${dir}/d.txt; sha256sum < ${dir}/d.txt`), await node2.sh(`stat -c '%a %s' ${dir}/d.txt; sha256sum < ${dir}/d.txt`));
});
