/**
 * modprobe on a scripted host: /proc/modules and modules.builtin in a
 * Debian 12 kernel's format, modprobe's own messages; the persistence
 * files live in the host's file map (the probe's answer is made from it,
 * so what apply puts is what the next run reads). The proof on a real
 * host is tests/integration/modules/modprobe.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modprobeModule } from '../../../src/modules/modprobe.js';
import { scriptedHost, type ScriptedHost } from '../../support/scripted-host.js';

const RELEASE = '6.1.0-13-amd64';
const PROC = 'br_netfilter 32768 0 - Live 0x0000000000000000\nbridge 311296 1 br_netfilter, Live 0x0000000000000000\nip_vs 200704 0 - Live 0x0000000000000000\n';
const BUILTIN = 'kernel/drivers/net/dummy.ko\nkernel/fs/ext4/ext4.ko\n';

interface Kernel {
  /** /proc/modules, undefined in a container. */
  proc?: string;
  builtin?: string;
}

/** A host with this kernel; modprobe loads and unloads as the real tool, the persistence probe reads the file map. */
function kernelHost(kernel: Kernel, files: Record<string, string> = {}): { h: ScriptedHost; kernel: Kernel } {
  const h = scriptedHost({ files });
  h.on(/^r=\$\(uname -r\)/, () => ({
    stdout: `R\t${RELEASE}\n${kernel.proc !== undefined ? `P\n${kernel.proc}` : ''}${kernel.builtin !== undefined ? `B\n${kernel.builtin}` : ''}`,
  }));
  h.on(/^for f in \/etc\/modules-load\.d\/\* \/etc\/modprobe\.d\/\*;/, () => ({
    stdout: [...h.files].filter(([path]) => /^\/etc\/(modules-load|modprobe)\.d\/[^/]+$/.test(path)).map(([path, content]) => `F\t${path}\t${content.toString('base64')}\n`).join(''),
  }));
  h.on(/^modprobe (-r )?-n /, {});
  h.onWrite(/^modprobe (?!(-r )?-n )/, (run) => {
    const [, remove, name = ''] = /^modprobe (-r )?(\S+)/.exec(run.text) ?? [];
    kernel.proc = remove ? (kernel.proc ?? '').split('\n').filter((l) => !l.startsWith(`${name} `)).join('\n') : `${kernel.proc ?? ''}${name} 16384 0 - Live 0x0000000000000000\n`;
    return {};
  });
  h.onWrite('mkdir -p /etc/modules-load.d /etc/modprobe.d');
  return { h, kernel };
}

test('a module in /proc/modules (a dash in the name is an underscore there) or built in is loaded: ok, nothing written', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  for (const name of ['br-netfilter', 'ip_vs', 'dummy']) {
    const out = await h.run(modprobeModule, { name });
    assert.deepEqual([out.status, out.result], ['ok', { changed: false, name, params: '', state: 'present' }], name);
  }
  assert.deepEqual(h.writes(), []);
});

test('a module to load: check mode asks modprobe -n only; apply runs modprobe with each param a quoted word; then ok', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  const args = { name: 'ip_vs_rr', params: ' weight=2  note=a;b ' };
  const checked = await h.run(modprobeModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  assert.deepEqual(h.commands().at(-1), "modprobe -n ip_vs_rr weight=2 'note=a;b'");
  assert.deepEqual(h.writes(), []);
  const first = await h.run(modprobeModule, args);
  assert.deepEqual(h.writes(), ["modprobe ip_vs_rr weight=2 'note=a;b'"]);
  assert.deepEqual(first.result, { changed: true, name: 'ip_vs_rr', params: ' weight=2  note=a;b ', state: 'present' });
  h.clear();
  assert.equal((await h.run(modprobeModule, args)).status, 'ok');
  assert.deepEqual(h.writes(), []);
});

test('absent: modprobe -r for a loaded module, nothing for one not loaded', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  assert.equal((await h.run(modprobeModule, { name: 'ip_vs', state: 'absent' })).status, 'changed');
  assert.deepEqual(h.writes(), ['modprobe -r ip_vs']);
  assert.equal((await h.run(modprobeModule, { name: 'ip_vs', state: 'absent' })).status, 'ok');
});

test("modprobe's refusal (dry run) fails the task with its stderr and rc, before anything is run", async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  const stderr = `modprobe: FATAL: Module kr_none not found in directory /lib/modules/${RELEASE}\n`;
  h.on(/^modprobe -n /, { rc: 1, stderr });
  const out = await h.run(modprobeModule, { name: 'kr_none' });
  assert.deepEqual([out.status, out.result.msg, out.result.rc, out.result.stderr], ['failed', stderr, 1, stderr]);
  assert.deepEqual(h.writes(), []);
});

test('a container (no /proc/modules) or a kernel without /lib/modules: a clear failure when there is something to do, ok otherwise', async () => {
  const container = kernelHost({}).h;
  const out = await container.run(modprobeModule, { name: 'dummy', params: 'numdummies=2' });
  assert.equal(out.status, 'failed');
  assert.match(String(out.result.msg), /^modprobe dummy: not supported on this host: .*\/proc\/modules is missing/);
  assert.deepEqual([out.result.name, out.result.params, out.result.state], ['dummy', 'numdummies=2', 'present']);
  assert.equal((await container.run(modprobeModule, { name: 'dummy', state: 'absent' })).status, 'ok');
  const noModules = await kernelHost({ proc: PROC }).h.run(modprobeModule, { name: 'dummy' });
  assert.match(String(noModules.result.msg), new RegExp(`/lib/modules/${RELEASE} is missing`));
});

test('persistent present: the module listed and its params set, each once (mode 0644); new params comment the old ones out; absent comments out', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  const args = { name: 'ip_vs', persistent: 'present', params: 'a=1 b=2' };
  assert.equal((await h.run(modprobeModule, args, { check: true })).status, 'changed');
  assert.deepEqual(h.writes(), []);
  assert.equal((await h.run(modprobeModule, args)).status, 'changed');
  assert.deepEqual(h.writes(), ['mkdir -p /etc/modules-load.d /etc/modprobe.d', 'put /etc/modules-load.d/ip_vs.conf', 'put /etc/modprobe.d/ip_vs.conf']);
  assert.deepEqual(h.puts.map((p) => [p.path, p.content, p.options.mode]), [
    ['/etc/modules-load.d/ip_vs.conf', 'ip_vs\n', 0o644],
    ['/etc/modprobe.d/ip_vs.conf', 'options ip_vs a=1\noptions ip_vs b=2\n', 0o644],
  ]);
  h.clear();
  assert.equal((await h.run(modprobeModule, args)).status, 'ok');
  assert.deepEqual(h.writes(), []);
  assert.equal((await h.run(modprobeModule, { ...args, params: 'a=3' })).status, 'changed');
  assert.equal(h.files.get('/etc/modprobe.d/ip_vs.conf')?.toString(), 'options ip_vs a=3\n');
  const absent = { name: 'ip_vs', persistent: 'absent' };
  h.clear();
  assert.equal((await h.run(modprobeModule, { ...absent, state: 'present' })).status, 'changed');
  assert.deepEqual([h.files.get('/etc/modules-load.d/ip_vs.conf')?.toString(), h.files.get('/etc/modprobe.d/ip_vs.conf')?.toString()], ['#ip_vs\n', '#options ip_vs a=3\n']);
  assert.equal((await h.run(modprobeModule, { ...absent, state: 'present' })).status, 'ok');
});

test("persistent: a module listed in another file (with a comment after it) counts; another module's lines are left", async () => {
  const files = { '/etc/modules-load.d/kolla.conf': 'br_netfilter\nip_vs # ipvs\n', '/etc/modprobe.d/kolla.conf': 'options br_netfilter x=1\n' };
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN }, files);
  assert.equal((await h.run(modprobeModule, { name: 'ip_vs', persistent: 'present' })).status, 'ok');
  assert.equal((await h.run(modprobeModule, { name: 'ip_vs', persistent: 'absent' })).status, 'changed');
  assert.equal(h.files.get('/etc/modules-load.d/kolla.conf')?.toString(), 'br_netfilter\n#ip_vs # ipvs\n');
  assert.equal(h.files.get('/etc/modprobe.d/kolla.conf')?.toString(), 'options br_netfilter x=1\n');
});

test('an empty name is refused before anything runs', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  assert.equal((await h.run(modprobeModule, { name: '' })).status, 'failed');
  assert.deepEqual(h.commands(), []);
});

test('persistent present with fewer params than the file has: the file is rewritten with only those', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN }, { '/etc/modules-load.d/ip_vs.conf': 'ip_vs\n', '/etc/modprobe.d/ip_vs.conf': 'options ip_vs a=1\noptions ip_vs b=2\n' });
  assert.equal((await h.run(modprobeModule, { name: 'ip_vs', persistent: 'present', params: 'a=1' })).status, 'changed');
  assert.equal(h.files.get('/etc/modprobe.d/ip_vs.conf')?.toString(), 'options ip_vs a=1\n');
});

test('persistent present writing one file: its folder is made first', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN }, { '/etc/modules-load.d/kolla.conf': 'ip_vs\n' });
  await h.run(modprobeModule, { name: 'ip_vs', persistent: 'present', params: 'x=1' });
  assert.deepEqual(h.writes(), ['mkdir -p /etc/modules-load.d /etc/modprobe.d', 'put /etc/modprobe.d/ip_vs.conf']);
});

test('--diff of a module to load: not loaded before, loaded after', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  const out = await h.run(modprobeModule, { name: 'ip_vs_rr' }, { check: true, diff: true });
  assert.deepEqual(out.diff, { path: '', before: '{\n    "loaded": false\n}\n', after: '{\n    "loaded": true\n}\n' });
});

test('modprobe failing after its dry run passed: failed, not changed, with its rc and stderr', async () => {
  const { h } = kernelHost({ proc: PROC, builtin: BUILTIN });
  const stderr = 'modprobe: ERROR: could not insert \'ip_vs_rr\': Operation not permitted\n';
  h.onWrite('modprobe ip_vs_rr', { rc: 1, stderr });
  const out = await h.run(modprobeModule, { name: 'ip_vs_rr' });
  assert.deepEqual([out.status, out.result], ['failed', { changed: false, name: 'ip_vs_rr', params: '', state: 'present', failed: true, msg: stderr, rc: 1, stdout: '', stderr }]);
});
