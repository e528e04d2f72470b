/** sysctl on a real host: the file written once (idempotent), check mode and diff, the running kernel set and read back, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sysctlModule } from '../../../src/modules/sysctl.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('sysctl');

test('a new key: check mode tells and writes nothing, then written once, then unchanged', async () => {
  const args = { name: 'vm.swappiness', value: 10, sysctl_file: `${b.dir}/a.conf`, reload: false };
  const check = await b.host.run(sysctlModule, args, { check: true, diff: true });
  assert.equal(check.result.changed, true);
  assert.equal((await b.host.sh(`test -e ${b.dir}/a.conf && echo yes || echo no`)).trim(), 'no');
  const first = await b.host.run(sysctlModule, args);
  assert.equal(first.result.changed, true);
  assert.equal(await b.host.sh(`cat ${b.dir}/a.conf`), 'vm.swappiness=10\n');
  assert.equal((await b.host.run(sysctlModule, args)).result.changed, false);
});

test("sysctl_set on a read-only /proc/sys (the testbed's) fails with the module's message, after reading the value", async () => {
  const current = (await b.host.sh('sysctl -n net.ipv4.tcp_fin_timeout')).trim();
  const same = await b.host.run(sysctlModule, { name: 'net.ipv4.tcp_fin_timeout', value: current, sysctl_set: true, sysctl_file: `${b.dir}/b.conf`, reload: false });
  assert.equal(same.status, 'changed', 'the file is written; the kernel already has the value');
  const other = await b.host.run(sysctlModule, { name: 'net.ipv4.tcp_fin_timeout', value: String(Number(current) + 1), sysctl_set: true, sysctl_file: `${b.dir}/b.conf` });
  assert.equal(other.status, 'failed');
  assert.match(String(other.result.msg), /^setting net\.ipv4\.tcp_fin_timeout failed: .*(permission denied|Read-only)/);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, sysctlModule, { name: 'vm.swappiness' }, 'value');
  await assertRejected(b.host, sysctlModule, { name: 'vm.swappiness', value: 1, state: 'gone' }, 'state');
});
