/**
 * modprobe on a real host: the testbed's nodes are containers, which cannot
 * load kernel modules, so loading fails saying so at run time, while
 * absent for a module not loaded is ok unchanged. The decision on a host
 * that can (loaded, built in) is checked on /proc/modules and
 * modules.builtin texts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cannotLoad, isLoaded, modprobeModule, parseProbe } from '../../../src/modules/modprobe.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('modprobe');

test('a container node: loading fails with "not supported on this host" and why, in check mode too; absent is ok', async () => {
  for (const check of [false, true]) {
    const r = await b.host.run(modprobeModule, { name: 'dummy', params: 'numdummies=2' }, { check });
    assert.equal(r.status, 'failed');
    assert.match(String(r.result.msg), /^modprobe dummy: not supported on this host: /);
    assert.deepEqual([r.result.name, r.result.params, r.result.state], ['dummy', 'numdummies=2', 'present']);
  }
  const absent = await b.host.run(modprobeModule, { name: 'dummy', state: 'absent' });
  assert.equal(absent.status, 'ok');
});

test('loaded means listed in /proc/modules (dashes as underscores) or built in; present is then nothing to do', () => {
  const kernel = parseProbe('R\t6.1.0-13-amd64\nP\nbr_netfilter 32768 0 - Live 0x0\nip_vs 200704 0 - Live 0x0\nB\nkernel/drivers/net/dummy.ko\n');
  assert.equal(kernel.release, '6.1.0-13-amd64');
  assert.equal(isLoaded('br-netfilter', kernel), true);
  assert.equal(isLoaded('ip_vs', kernel), true);
  assert.equal(isLoaded('dummy', kernel), true, 'built in');
  assert.equal(isLoaded('ip_vs_rr', kernel), false);
  assert.equal(cannotLoad(kernel), undefined);
  assert.match(String(cannotLoad(parseProbe('R\t6.1\n'))), /^not supported on this host: .*\/proc\/modules is missing/);
  assert.match(String(cannotLoad(parseProbe('R\t6.1\nP\nfoo 1 0 - Live 0x0\n'))), /^not supported on this host: \/lib\/modules\/6\.1 is missing/);
});

test('persistent: the module and its params kept in modules-load.d and modprobe.d, then commented out; each once', async () => {
  const name = `kr_test_${Math.random().toString(36).slice(2, 8)}`;
  const files = `/etc/modules-load.d/${name}.conf /etc/modprobe.d/${name}.conf`;
  const cat = () => b.host.sh(`cat ${files} 2>/dev/null || true`);
  try {
    const args = { name, state: 'absent', persistent: 'present', params: 'a=1 b=2' };
    assert.equal((await b.host.run(modprobeModule, args, { check: true })).status, 'changed');
    assert.equal(await cat(), '', 'check mode wrote nothing');
    assert.equal((await b.host.run(modprobeModule, args)).status, 'changed');
    assert.equal(await cat(), `${name}\noptions ${name} a=1\noptions ${name} b=2\n`);
    assert.equal((await b.host.run(modprobeModule, args)).status, 'ok');
    assert.equal((await b.host.run(modprobeModule, { ...args, params: 'a=3' })).status, 'changed');
    assert.equal(await cat(), `${name}\noptions ${name} a=3\n`);
    const absent = { name, state: 'absent', persistent: 'absent' };
    assert.equal((await b.host.run(modprobeModule, absent)).status, 'changed');
    assert.equal(await cat(), `#${name}\n#options ${name} a=3\n`);
    assert.equal((await b.host.run(modprobeModule, absent)).status, 'ok');
  } finally {
    await b.host.sh(`rm -f ${files}`);
  }
});

test('bad parameters are refused', async () => {
  await assertRejected(b.host, modprobeModule, { state: 'present' }, 'name');
  await assertRejected(b.host, modprobeModule, { name: 'dummy', state: 'loaded' }, 'state');
});
