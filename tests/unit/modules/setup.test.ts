/**
 * setup on a scripted host: the gathering command answered with what its
 * parts print on this machine (Debian 12: uname, /etc/os-release,
 * /etc/debian_version, `ip -o addr/link show`, the default route), turned
 * into Ansible's fact names. Local facts (fact_path) are covered by
 * local-facts.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setupModule } from '../../../src/modules/setup.js';
import { scriptedHost } from '../../support/scripted-host.js';

/** This machine's /proc/cpuinfo lines the command keeps (one socket, two cores). */
const CPUINFO_HERE = [0, 1].flatMap((n) => [`processor\t: ${n}`, 'vendor_id\t: AuthenticAMD', 'model name\t: AMD EPYC', 'physical id\t: 0', 'siblings\t: 2', `core id\t\t: ${n}`, 'cpu cores\t: 2']);

const GATHERED = [
  'hostname=node1', 'nodename=node1', 'fqdn=node1.example.org', 'kernel=6.1.0-13-amd64', 'kernel_version=#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)',
  'machine=x86_64', 'system=Linux', 'user_id=root', 'nproc=2', 'memtotal_kb=8148892', 'memfree_kb=1047552',
  'os_NAME="Debian GNU/Linux"', 'os_VERSION_ID="12"', 'os_VERSION_CODENAME=bookworm', 'os_ID=debian', 'debian_version=12.11',
  ...CPUINFO_HERE.map((l) => `cpuinfo=${l}`),
  'route=default via 192.0.2.1 dev eth0 ',
  'addr=1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  'addr=1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
  'addr=4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
  'addr=4: eth0    inet 192.0.2.9/32 scope global eth0\\       valid_lft forever preferred_lft forever',
  'addr=4: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever',
  'addr=1153: br-893e7740eaa2    inet 172.18.0.1/16 brd 172.18.255.255 scope global br-893e7740eaa2\\       valid_lft forever preferred_lft forever',
  'link=1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  'link=2: ifb0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 32\\    link/ether 4e:53:36:02:6d:63 brd ff:ff:ff:ff:ff:ff',
  'link=4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
  'link=1153: br-893e7740eaa2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default \\    link/ether 02:42:5a:1b:2c:3d brd ff:ff:ff:ff:ff:ff',
].join('\n');

const GATHER = /^echo "hostname=\$\(hostname -s 2>\/dev\/null \|\| hostname\)"; /;

async function facts(args: Record<string, unknown> = {}, check = false): Promise<Record<string, unknown>> {
  const h = scriptedHost().on(GATHER, { stdout: `${GATHERED}\n` });
  const out = await h.run(setupModule, args, { check });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.deepEqual(h.writes(), []);
  return out.result.ansible_facts as Record<string, unknown>;
}

test("the distribution as Ansible names it: Debian's full version from /etc/debian_version, its major, the codename, the family", async () => {
  const f = await facts();
  assert.deepEqual(
    [f.ansible_distribution, f.ansible_distribution_version, f.ansible_distribution_major_version, f.ansible_distribution_release, f.ansible_os_family],
    ['Debian', '12.11', '12', 'bookworm', 'Debian'],
  );
  assert.deepEqual([f.ansible_hostname, f.ansible_fqdn, f.ansible_kernel, f.ansible_architecture, f.ansible_system, f.ansible_user_id], ['node1', 'node1.example.org', '6.1.0-13-amd64', 'x86_64', 'Linux', 'root']);
  // Ansible's memtotal_mb is the kB figure floor-divided by 1024.
  assert.deepEqual([f.ansible_memtotal_mb, f.ansible_memfree_mb, f.ansible_processor_vcpus], [7957, 1023, 2]);
  assert.deepEqual(f.ansible_local, {});
});

test('the default route names the interface of default_ipv4, with its gateway, address, netmask, network, mac and mtu', async () => {
  const f = await facts();
  assert.deepEqual(f.ansible_default_ipv4, {
    address: '192.0.2.2', netmask: '255.255.255.0', network: '192.0.2.0', prefix: '24', broadcast: '192.0.2.255',
    interface: 'eth0', alias: 'eth0', gateway: '192.0.2.1', macaddress: '02:fc:00:00:00:01', mtu: 1400, type: 'ether',
  });
});

test('interfaces: every device, dashes made underscores in the fact name, secondaries apart, lo left out of all_ipv4_addresses', async () => {
  const f = await facts();
  assert.deepEqual((f.ansible_interfaces as string[]).sort(), ['br-893e7740eaa2', 'eth0', 'ifb0', 'lo']);
  const eth0 = f.ansible_eth0 as Record<string, unknown>;
  assert.deepEqual(eth0.ipv4_secondaries, [{ address: '192.0.2.9', netmask: '255.255.255.255', network: '192.0.2.9', prefix: '32' }]);
  assert.deepEqual(eth0.ipv6, [{ address: 'fe80::fc:ff:fe00:1', prefix: '64', scope: 'link' }]);
  assert.equal(eth0.active, true);
  assert.equal((f.ansible_ifb0 as Record<string, unknown>).active, false);
  assert.deepEqual((f.ansible_br_893e7740eaa2 as Record<string, unknown>).ipv4, { address: '172.18.0.1', netmask: '255.255.0.0', network: '172.18.0.0', prefix: '16', broadcast: '172.18.255.255' });
  assert.deepEqual(f.ansible_all_ipv4_addresses, ['192.0.2.2', '192.0.2.9', '172.18.0.1']);
});

test('filter keeps the facts whose name matches a glob, with or without the ansible_ prefix; check mode gathers alike', async () => {
  assert.deepEqual(Object.keys(await facts({ filter: 'ansible_distribution*' }, true)).sort(), [
    'ansible_distribution', 'ansible_distribution_major_version', 'ansible_distribution_release', 'ansible_distribution_version',
  ]);
  assert.deepEqual(Object.keys(await facts({ filter: ['kernel', 'ansible_machin?'] })).sort(), ['ansible_kernel', 'ansible_machine']);
});

test('a host where the command prints nothing and fails: the task fails with its stderr', async () => {
  const h = scriptedHost().on(GATHER, { rc: 127, stderr: 'sh: 1: hostname: not found\n' });
  const out = await h.run(setupModule, {});
  assert.deepEqual([out.status, out.result.msg], ['failed', 'sh: 1: hostname: not found']);
});

async function factsOf(stdout: string): Promise<Record<string, unknown>> {
  const h = scriptedHost().on(GATHER, { stdout });
  const out = await h.run(setupModule, {});
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  return out.result.ansible_facts as Record<string, unknown>;
}

/** GATHERED with its os-release and debian_version lines replaced. */
const withOs = (os: string[]) => `${GATHERED.split('\n').filter((l) => !/^(os_|debian_version=)/.test(l)).concat(os).join('\n')}\n`;

test('Ubuntu: the name, VERSION_ID (not /etc/debian_version), its major, the codename, the Debian family', async () => {
  // Ubuntu 22.04's /etc/os-release lines the sed keeps, and its /etc/debian_version.
  const f = await factsOf(withOs(['os_NAME="Ubuntu"', 'os_VERSION_ID="22.04"', 'os_VERSION_CODENAME=jammy', 'os_ID=ubuntu', 'os_ID_LIKE=debian', 'debian_version=bookworm/sid']));
  assert.deepEqual(
    [f.ansible_distribution, f.ansible_distribution_version, f.ansible_distribution_major_version, f.ansible_distribution_release, f.ansible_os_family],
    ['Ubuntu', '22.04', '22', 'jammy', 'Debian'],
  );
});

test('a distribution like Debian (ID_LIKE=debian: Kali) is of the Debian family; Rocky is not, nor named Ubuntu', async () => {
  const kali = await factsOf(withOs(['os_NAME="Kali GNU/Linux"', 'os_VERSION_ID="2024.1"', 'os_VERSION_CODENAME=kali-rolling', 'os_ID=kali', 'os_ID_LIKE=debian', 'debian_version=kali-rolling']));
  assert.equal(kali.ansible_os_family, 'Debian');
  assert.notEqual(kali.ansible_distribution, 'Ubuntu');
  const rocky = await factsOf(withOs(['os_NAME="Rocky Linux"', 'os_ID="rocky"', 'os_ID_LIKE="rhel centos fedora"', 'os_VERSION_ID="9.3"']));
  assert.notEqual(rocky.ansible_os_family, 'Debian');
  assert.notEqual(rocky.ansible_distribution, 'Ubuntu');
});

test('a host without /etc/os-release: the distribution facts are not defined (rather than defined as nothing)', async () => {
  const f = await factsOf(withOs([]));
  for (const name of ['ansible_distribution', 'ansible_distribution_version', 'ansible_distribution_major_version', 'ansible_distribution_release', 'ansible_os_family']) {
    assert.ok(!(name in f), name);
  }
});

test('netmask and network of a /8 (lo) and of a /0', async () => {
  const f = await factsOf(`${GATHERED}\naddr=9: wg0    inet 10.9.8.7/0 scope global wg0\\       valid_lft forever preferred_lft forever\n`);
  assert.deepEqual((f.ansible_lo as Record<string, unknown>).ipv4, { address: '127.0.0.1', netmask: '255.0.0.0', network: '127.0.0.0', prefix: '8' });
  assert.deepEqual((f.ansible_wg0 as Record<string, unknown>).ipv4, { address: '10.9.8.7', netmask: '0.0.0.0', network: '0.0.0.0', prefix: '0' });
});

test('a device with addresses but gone from the link list (removed between the two ip commands): inactive, default_ipv4 without mac and mtu', async () => {
  const f = await factsOf(`${GATHERED.split('\n').filter((l) => !l.startsWith('link=4: eth0:')).join('\n')}\n`);
  assert.equal((f.ansible_eth0 as Record<string, unknown>).active, false);
  const def = f.ansible_default_ipv4 as Record<string, unknown>;
  assert.deepEqual([def.interface, def.macaddress, def.mtu], ['eth0', '', 0]);
});

test('a command that printed the facts but exited non-zero (its temporary folder not removed) still gives them', async () => {
  const h = scriptedHost().on(GATHER, { rc: 1, stdout: `${GATHERED}\n`, stderr: "rm: cannot remove '/tmp/tmp.x': Read-only file system\n" });
  const out = await h.run(setupModule, {});
  assert.deepEqual([out.status, (out.result.ansible_facts as Record<string, unknown>).ansible_hostname], ['ok', 'node1']);
});

test('become refused before anything was printed: the task fails with sudo\'s message', async () => {
  const h = scriptedHost().on(GATHER, { rc: 1, stderr: 'sudo: a password is required\n' });
  const out = await h.run(setupModule, {});
  assert.deepEqual([out.status, out.result.msg], ['failed', 'sudo: a password is required']);
});

test('one local fact script failing: one warning registered', async () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const f = `localfact=${b64('/etc/ansible/facts.d/kolla.fact')} x 3  ${b64('oops\n')}`;
  const h = scriptedHost().on(GATHER, { stdout: `${GATHERED}\n${f}\n` });
  const out = await h.run(setupModule, {});
  assert.deepEqual(out.result.warnings, ['Failure executing fact script (/etc/ansible/facts.d/kolla.fact), rc: 3, err: oops\n']);
});

/** A /proc/cpuinfo of `n` processors, each block's lines made by `block(i)`. */
const cpuinfoOf = (n: number, block: (i: number) => string[]) => Array.from({ length: n }, (_, i) => block(i)).flat();
const PROCESSOR_FACTS = ['ansible_processor_count', 'ansible_processor_cores', 'ansible_processor_threads_per_core', 'ansible_processor_vcpus', 'ansible_processor_nproc'];

async function processorFacts(machine: string, cpuinfo: string[], nproc = '4'): Promise<unknown[]> {
  const lines = GATHERED.split('\n').filter((l) => !/^(cpuinfo|nproc|machine)=/.test(l)).concat(`machine=${machine}`, `nproc=${nproc}`, ...cpuinfo.map((l) => `cpuinfo=${l}`));
  const f = await factsOf(`${lines.join('\n')}\n`);
  return PROCESSOR_FACTS.map((name) => f[name]);
}

// The expected counts are what ansible-core 2.14's get_cpu_facts returns for the same /proc/cpuinfo.
test('processors as Ansible counts them: this machine (one socket, two cores), and nproc (the affinity) apart from vcpus', async () => {
  const f = await facts();
  assert.deepEqual(PROCESSOR_FACTS.map((name) => f[name]), [1, 2, 1, 2, 2]);
  assert.deepEqual(f.ansible_processor, ['0', 'AuthenticAMD', 'AMD EPYC', '1', 'AuthenticAMD', 'AMD EPYC']);
});

test('processors: two sockets of two cores of two threads', async () => {
  const xeon = cpuinfoOf(8, (i) => [`processor\t: ${i}`, 'vendor_id\t: GenuineIntel', 'model name\t: Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz', `physical id\t: ${i >> 2}`, 'siblings\t: 4', `core id\t\t: ${(i >> 1) & 1}`, 'cpu cores\t: 2']);
  assert.deepEqual(await processorFacts('x86_64', xeon, '6'), [2, 2, 2, 8, 6]);
});

test('processors without sockets: a VM (vendor and model per processor), aarch64 and armv7 (its one "Processor" line not counted)', async () => {
  const qemu = cpuinfoOf(3, (i) => [`processor\t: ${i}`, 'vendor_id\t: GenuineIntel', 'model name\t: QEMU Virtual CPU version 2.5+']);
  assert.deepEqual(await processorFacts('x86_64', qemu, '3'), [3, 1, 1, 3, 3]);
  assert.deepEqual(await processorFacts('aarch64', cpuinfoOf(4, (i) => [`processor\t: ${i}`])), [4, 1, 1, 4, 4]);
  const armv7 = ['Processor\t: ARMv7 Processor rev 4 (v7l)', ...cpuinfoOf(4, (i) => [`processor\t: ${i}`])];
  assert.deepEqual(await processorFacts('armv7l', armv7, ''), [4, 1, 1, 4, 4]);
});

test('no /proc/cpuinfo to read: no processor facts, as Ansible', async () => {
  assert.deepEqual(await processorFacts('x86_64', []), [undefined, undefined, undefined, undefined, undefined]);
});

test('processors: one x86 VM processor; riscv64 (no vendor lines: every processor line counts); sockets without cpu cores', async () => {
  const one = ['processor\t: 0', 'vendor_id\t: GenuineIntel', 'model name\t: QEMU Virtual CPU version 2.5+'];
  assert.deepEqual(await processorFacts('x86_64', one, '1'), [1, 1, 1, 1, 1]);
  assert.deepEqual(await processorFacts('riscv64', cpuinfoOf(2, (i) => [`processor\t: ${i}`]), '2'), [2, 1, 1, 2, 2]);
  const noCores = cpuinfoOf(4, (i) => [`processor\t: ${i}`, 'vendor_id\t: GenuineIntel', 'model name\t: X', `physical id\t: ${i >> 1}`]);
  assert.deepEqual(await processorFacts('x86_64', noCores, '4'), [2, 1, 1, 2, 4]);
});

test("processors in a container whose /proc/cpuinfo shows one processor with the host's siblings and cores (LXCFS): Ansible's arithmetic", async () => {
  const lxcfs = ['processor\t: 0', 'vendor_id\t: AuthenticAMD', 'model name\t: AMD EPYC 7763 64-Core Processor', 'physical id\t: 0', 'siblings\t: 8', 'core id\t\t: 3', 'cpu cores\t: 4'];
  assert.deepEqual(await processorFacts('x86_64', lxcfs, '1'), [1, 4, 2, 8, 1]);
});
