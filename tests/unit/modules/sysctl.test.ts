/**
 * sysctl on a scripted host: the file lives in the host's file map, the
 * kernel answers `sysctl -e -n KEY` as it does on this machine (Debian 12:
 * a tab between the words of ip_local_port_range, nothing for an unknown
 * key). The proof against ansible-playbook is the differential test's
 * sysctl cases (tests/integration/modules/differential-cases.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sysctlModule } from '../../../src/modules/sysctl.js';
import { scriptedHost } from '../../support/scripted-host.js';

const FILE = '/etc/sysctl.d/99-kolla.conf';
const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' };

/** A host whose kernel has these values; `sysctl -w` sets one, `sysctl -p FILE` loads the file as the real tool does. */
function sysctlHost(kernel: Record<string, string>, file?: string) {
  const h = scriptedHost(file === undefined ? {} : { files: { [FILE]: file } });
  h.on(/^sysctl -e -n /, (run) => ({ stdout: kernel[run.text.slice('sysctl -e -n '.length)] ?? '' }));
  h.onWrite(/^sysctl (-e )?-w /, (run) => {
    const [key = '', value = ''] = run.text.replace(/^sysctl (-e )?-w /, '').replace(/^'|'$/g, '').split('=');
    kernel[key] = `${value}\n`;
    return { stdout: `${key} = ${value}\n` };
  });
  h.onWrite((run) => run.text === `sysctl -p ${FILE}` || run.text === `sysctl -e -p ${FILE}`, () => {
    const lines = (h.files.get(FILE)?.toString() ?? '').split('\n').filter((l) => /^[a-z]/.test(l));
    for (const line of lines) {
      const [key = '', value = ''] = line.split('=');
      kernel[key] = `${value}\n`;
    }
    return { stdout: lines.map((l) => l.replace('=', ' = ')).join('\n') };
  });
  return h;
}

test('a new key in a missing file: check mode shows the file and writes nothing; apply writes it once; then ok', async () => {
  const h = sysctlHost({ 'vm.swappiness': '60\n' });
  const args = { name: 'vm.swappiness', value: 10, sysctl_file: FILE, reload: false };
  const checked = await h.run(sysctlModule, args, { check: true, diff: true });
  assert.equal(checked.status, 'changed');
  assert.deepEqual(checked.diff, { path: FILE, before: '', after: 'vm.swappiness=10\n' });
  assert.deepEqual(h.writes(), []);
  assert.deepEqual(h.runs.map((r) => [r.text, r.env]), [['sysctl -e -n vm.swappiness', C_LOCALE]]);
  assert.equal((await h.run(sysctlModule, args)).status, 'changed');
  assert.deepEqual(h.writes(), [`put ${FILE}`], 'reload: false runs no sysctl -p');
  assert.equal(h.files.get(FILE)?.toString(), 'vm.swappiness=10\n');
  h.clear();
  assert.equal((await h.run(sysctlModule, args)).status, 'ok');
  assert.deepEqual(h.writes(), []);
});

test("the file rewritten as the module's fix_lines: every key once as k=v, the first occurrence kept, comments kept, the value stripped", async () => {
  const h = sysctlHost({}, '# comment\n\n  vm.swappiness = 60\nkernel.pid_max=4194304\n; old\nvm.swappiness=1\nkernel.pid_max = 99\nno equals here');
  await h.run(sysctlModule, { key: 'vm.swappiness', val: ' 10 ', sysctl_file: FILE, reload: 'no' });
  assert.equal(h.files.get(FILE)?.toString(), '# comment\n\nvm.swappiness=10\nkernel.pid_max=4194304\n; old\nno equals here\n');
});

test('reload: the file already right but the kernel not: changed, sysctl -p FILE only; the kernel right too: ok', async () => {
  const h = sysctlHost({ 'net.ipv4.ip_forward': '0\n' }, 'net.ipv4.ip_forward=1\n');
  const args = { name: 'net.ipv4.ip_forward', value: 'yes', sysctl_file: FILE };
  const first = await h.run(sysctlModule, args);
  assert.equal(first.status, 'changed');
  assert.deepEqual(h.writes(), [`sysctl -p ${FILE}`]);
  h.clear();
  assert.equal((await h.run(sysctlModule, args)).status, 'ok');
  assert.deepEqual(h.writes(), []);
});

test("the kernel's value is compared word by word: a tab between the words (ip_local_port_range) is the same value", async () => {
  const h = sysctlHost({ 'net.ipv4.ip_local_port_range': '32768\t60999\n' }, 'net.ipv4.ip_local_port_range=32768 60999\n');
  const out = await h.run(sysctlModule, { name: 'net.ipv4.ip_local_port_range', value: '32768 60999', sysctl_file: FILE, sysctl_set: true });
  assert.equal(out.status, 'ok');
  assert.deepEqual(h.writes(), []);
});

test('sysctl_set: sysctl -w KEY=VALUE (one quoted word, -e with ignoreerrors) before the file is written and loaded', async () => {
  const h = sysctlHost({ 'net.ipv4.tcp_fin_timeout': '60\n' });
  const args = { name: 'net.ipv4.tcp_fin_timeout', value: '45', sysctl_set: true, sysctl_file: FILE, ignoreerrors: true };
  await h.run(sysctlModule, args, { check: true });
  assert.deepEqual(h.writes(), []);
  assert.equal((await h.run(sysctlModule, args)).status, 'changed');
  assert.deepEqual(h.writes(), ['sysctl -e -w net.ipv4.tcp_fin_timeout=45', `put ${FILE}`, `sysctl -e -p ${FILE}`]);
  assert.equal((await h.run(sysctlModule, args)).status, 'ok');
});

test("a value with a space is one quoted word for sysctl -w", async () => {
  const h = sysctlHost({ 'net.ipv4.ip_local_port_range': '32768\t60999\n' });
  await h.run(sysctlModule, { name: 'net.ipv4.ip_local_port_range', value: '1024 65000', sysctl_set: true, sysctl_file: FILE, reload: false });
  assert.deepEqual(h.writes(), ["sysctl -w 'net.ipv4.ip_local_port_range=1024 65000'", `put ${FILE}`]);
});

test("a read-only /proc/sys: sysctl -w exits 0 but says so on stderr, and the task fails with the module's message", async () => {
  const h = sysctlHost({ 'net.ipv4.tcp_fin_timeout': '60\n' });
  h.onWrite(/^sysctl -w /, { stderr: 'sysctl: setting key "net.ipv4.tcp_fin_timeout": Read-only file system\n' });
  const out = await h.run(sysctlModule, { name: 'net.ipv4.tcp_fin_timeout', value: '45', sysctl_set: true, sysctl_file: FILE });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.msg, 'setting net.ipv4.tcp_fin_timeout failed: sysctl: setting key "net.ipv4.tcp_fin_timeout": Read-only file system\n');
  assert.deepEqual(h.puts, [], 'the file is not written after the kernel refused');
});

test('absent: the key dropped from the file; a key not there is ok', async () => {
  const h = sysctlHost({}, 'kernel.pid_max=1\nvm.swappiness=5\n');
  const out = await h.run(sysctlModule, { name: 'kernel.pid_max', state: 'absent', sysctl_file: FILE, reload: false }, { diff: true });
  assert.equal(out.status, 'changed');
  assert.equal(h.files.get(FILE)?.toString(), 'vm.swappiness=5\n');
  assert.deepEqual(out.diff, { path: FILE, before: 'kernel.pid_max=1\nvm.swappiness=5\n', after: 'vm.swappiness=5\n' });
  assert.equal((await h.run(sysctlModule, { name: 'kernel.pid_max', state: 'absent', sysctl_file: FILE })).status, 'ok');
});

test('state present with an empty value is refused as Ansible does; absent takes one', async () => {
  const h = sysctlHost({}, 'vm.swappiness=5\n');
  const blank = await h.run(sysctlModule, { name: 'vm.swappiness', value: '', sysctl_file: FILE });
  assert.equal(blank.status, 'failed');
  assert.match(String(blank.result.msg), /value cannot be blank/);
  assert.deepEqual(h.commands(), []);
  assert.equal((await h.run(sysctlModule, { name: 'vm.swappiness', value: '', state: 'absent', sysctl_file: FILE, reload: false })).status, 'changed');
  assert.equal(h.files.get(FILE)?.toString(), '');
});

test('absent: a key whose value is the one given is removed; a key with an empty value counts as not set (as the module\'s truth test)', async () => {
  const h = sysctlHost({}, 'vm.swappiness=5\nkernel.pid_max=\n');
  assert.equal((await h.run(sysctlModule, { name: 'vm.swappiness', value: '5', state: 'absent', sysctl_file: FILE, reload: false })).status, 'changed');
  assert.equal(h.files.get(FILE)?.toString(), 'kernel.pid_max=\n');
  h.clear();
  assert.deepEqual([(await h.run(sysctlModule, { name: 'kernel.pid_max', state: 'absent', sysctl_file: FILE, reload: false })).status, h.writes()], ['ok', []]);
});

test("sysctl -p failing (a key this kernel does not have: exit 1) fails the task with the module's message", async () => {
  const h = sysctlHost({});
  h.onWrite(`sysctl -p ${FILE}`, { rc: 1, stderr: 'sysctl: cannot stat /proc/sys/net/kr/nosuch: No such file or directory\n' });
  const out = await h.run(sysctlModule, { name: 'net.kr.nosuch', value: '1', sysctl_file: FILE });
  assert.deepEqual([out.status, out.result.msg], ['failed', 'Failed to reload sysctl: sysctl: cannot stat /proc/sys/net/kr/nosuch: No such file or directory\n']);
});
