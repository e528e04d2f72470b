/**
 * setup: gathers facts with one shell command (no interpreter on the host),
 * printed as `key=value` lines and turned into Ansible's fact names here.
 */
import { z } from 'zod';
import { defineModule, type ResultFields } from './contract.js';
import { localFactsSnippet, parseLocalFacts } from './support/local-facts.js';
import { num } from './support/params.js';

export const setupParams = z
  .object({
    gather_subset: z.union([z.string(), z.array(z.string())]).optional(),
    filter: z.union([z.string(), z.array(z.string())]).optional(),
    gather_timeout: num().optional(),
    fact_path: z.string().optional(),
  })
  .strict();
export type SetupParams = z.infer<typeof setupParams>;

const SCRIPT = [
  'echo "hostname=$(hostname -s 2>/dev/null || hostname)"',
  'echo "nodename=$(uname -n)"',
  'echo "fqdn=$(hostname -f 2>/dev/null || hostname)"',
  'echo "kernel=$(uname -r)"',
  'echo "kernel_version=$(uname -v)"',
  'echo "machine=$(uname -m)"',
  'echo "system=$(uname -s)"',
  'echo "user_id=$(id -un)"',
  'echo "nproc=$(nproc 2>/dev/null)"',
  // The lines Ansible's get_cpu_facts reads (the others it skips).
  'grep -E "^(processor|vendor_id|model name|Processor|cpu|Vendor|physical id|core id|cpu cores|siblings)[[:space:]]*:" /proc/cpuinfo 2>/dev/null | sed "s/^/cpuinfo=/"',
  'echo "memtotal_kb=$(awk \'/^MemTotal:/{print $2}\' /proc/meminfo)"',
  'echo "memfree_kb=$(awk \'/^MemFree:/{print $2}\' /proc/meminfo)"',
  'if [ -r /etc/os-release ]; then sed -n "s/^\\(ID\\|VERSION_ID\\|VERSION_CODENAME\\|NAME\\|ID_LIKE\\)=/os_\\1=/p" /etc/os-release; fi',
  'if [ -r /etc/debian_version ]; then echo "debian_version=$(cat /etc/debian_version)"; fi',
  'ip -4 route show default 2>/dev/null | head -n 1 | sed "s/^/route=/"',
  'ip -o addr show 2>/dev/null | sed "s/^/addr=/"',
  'ip -o link show 2>/dev/null | sed "s/^/link=/"',
].join('; ');

interface Iface {
  device: string;
  active: boolean;
  macaddress?: string;
  mtu?: number;
  ipv4?: { address: string; netmask: string; network: string; prefix: string; broadcast?: string };
  ipv4_secondaries?: Array<{ address: string; netmask: string; network: string; prefix: string }>;
  ipv6?: Array<{ address: string; prefix: string; scope: string }>;
}

/** The prefix's mask as a 32-bit number (JavaScript shifts by the count mod 32: a /0 is spelled out). */
function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

function netmaskOf(prefix: number): string {
  return dotted(maskOf(prefix));
}

function networkOf(address: string, prefix: number): string {
  return dotted(address.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0) & maskOf(prefix));
}

/** /proc/cpuinfo's keys Ansible counts as one processor's entry (its `processor` fact lists their values). */
const PROCESSOR_KEYS = new Set(['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor']);

/**
 * Ansible's get_cpu_facts on Linux, from /proc/cpuinfo's lines and nproc
 * (its sched_getaffinity): sockets by physical id, the first socket's cores,
 * the first siblings count over them as threads per core. Not told apart, as
 * kolla's hosts are neither: a Xen paravirtualised guest and s390x. An
 * unreadable /proc/cpuinfo gives no processor facts, as there.
 */
export function cpuFacts(cpuinfo: readonly string[], architecture: string, nproc: string): Record<string, unknown> {
  if (cpuinfo.length === 0) return {};
  const processor: string[] = [];
  let vendors = 0;
  let models = 0;
  let processors = 0;
  // Ansible's first physid and coreid are the int 0, which no line's text equals.
  let physid: string | undefined;
  let coreid: string | undefined;
  const sockets = new Map<string | undefined, number>();
  const cores = new Map<string | undefined, number>();
  for (const line of cpuinfo) {
    const [rawKey = '', ...rest] = line.split(':');
    const key = rawKey.trim();
    const value = rest.join(':').trim();
    if (PROCESSOR_KEYS.has(key)) {
      processor.push(value);
      if (key === 'vendor_id') vendors++;
      if (key === 'model name') models++;
      if (key === 'processor') processors++;
    } else if (key === 'physical id') {
      physid = value;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      // Ansible also notes some cores with 1 sibling: as the first value that reads as none (1 // cores either way).
      coreid = value;
    } else if (key === 'cpu cores') sockets.set(physid, Number(value));
    else if (key === 'siblings') cores.set(coreid, Number(value));
  }
  let entries = processor.length;
  if (vendors > 0 && vendors === models) entries = vendors;
  if (/^(armv|aarch|ppc)/.test(architecture)) entries = processors;
  const count = sockets.size > 0 ? sockets.size : entries;
  const coresPerSocket = [...sockets.values()][0] || 1;
  const threads = Math.floor(([...cores.values()][0] ?? 1) / coresPerSocket);
  return {
    processor, processor_count: count, processor_cores: coresPerSocket, processor_threads_per_core: threads,
    processor_vcpus: threads * count * coresPerSocket, processor_nproc: nproc === '' ? processors : Number(nproc),
  };
}

/** Turns the script's lines into Ansible's facts (names without the ansible_ prefix). */
export function parseFacts(output: string): Record<string, unknown> {
  const kv = new Map<string, string>();
  const ifaces = new Map<string, Iface>();
  let route = '';
  const cpuinfo: string[] = [];
  const iface = (name: string) => {
    const clean = name.replace(/@.*$/, '');
    let entry = ifaces.get(clean);
    if (!entry) ifaces.set(clean, (entry = { device: clean, active: false }));
    return entry;
  };
  // key=value lines (a value may hold '='); a line without '=' sets a key no fact reads, to ''.
  for (const line of output.split('\n')) {
    const [key = '', ...rest] = line.split('=');
    const value = rest.join('=');
    if (key === 'route') route = value;
    else if (key === 'cpuinfo') cpuinfo.push(value);
    else if (key === 'link') {
      // Every group but the mac is there whenever the line matches.
      const m = /^\d+:\s+(\S+?):\s+<([^>]*)>.*?mtu (\d+).*?link\/\S+ ([0-9a-f:]{17})?/.exec(value);
      if (!m) continue;
      const [, device = '', flags = '', mtu, mac] = m;
      const entry = iface(device);
      entry.active = flags.split(',').includes('UP');
      entry.mtu = Number(mtu);
      if (mac) entry.macaddress = mac;
    } else if (key === 'addr') {
      const m = /^\d+:\s+(\S+)\s+(inet6?)\s+([^/\s]+)\/(\d+)(?:\s+brd\s+(\S+))?.*?scope (\S+)/.exec(value);
      if (!m) continue;
      const [, device = '', family, address = '', prefix = '', broadcast, scope = ''] = m;
      const entry = iface(device);
      if (family === 'inet') {
        const v4 = { address, netmask: netmaskOf(Number(prefix)), network: networkOf(address, Number(prefix)), prefix, ...(broadcast ? { broadcast } : {}) };
        if (!entry.ipv4) entry.ipv4 = v4;
        else (entry.ipv4_secondaries ??= []).push(v4);
      } else {
        (entry.ipv6 ??= []).push({ address, prefix, scope });
      }
    } else kv.set(key, value.replace(/^"(.*)"$/, '$1'));
  }
  const facts: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined && value !== '') facts[name] = value;
  };
  set('hostname', kv.get('hostname'));
  set('nodename', kv.get('nodename'));
  set('fqdn', kv.get('fqdn'));
  set('kernel', kv.get('kernel'));
  set('kernel_version', kv.get('kernel_version'));
  set('architecture', kv.get('machine'));
  set('machine', kv.get('machine'));
  set('system', kv.get('system'));
  set('user_id', kv.get('user_id'));
  for (const [name, value] of Object.entries(cpuFacts(cpuinfo, kv.get('machine') ?? '', kv.get('nproc') ?? ''))) set(name, value);
  set('memtotal_mb', Math.floor(Number(kv.get('memtotal_kb') ?? '0') / 1024));
  set('memfree_mb', Math.floor(Number(kv.get('memfree_kb') ?? '0') / 1024));
  const osId = kv.get('os_ID') ?? '';
  set('distribution', osId === 'debian' ? 'Debian' : osId === 'ubuntu' ? 'Ubuntu' : kv.get('os_NAME'));
  const version = osId === 'debian' ? kv.get('debian_version') : kv.get('os_VERSION_ID');
  set('distribution_version', version);
  set('distribution_major_version', version?.split('.')[0]);
  set('distribution_release', kv.get('os_VERSION_CODENAME'));
  set('os_family', osId === 'debian' || osId === 'ubuntu' || (kv.get('os_ID_LIKE') ?? '').includes('debian') ? 'Debian' : kv.get('os_NAME'));
  const names = [...ifaces.keys()];
  set('interfaces', names);
  for (const [name, entry] of ifaces) facts[name.replace(/[-.:]/g, '_')] = entry;
  set('all_ipv4_addresses', [...ifaces.values()].filter((i) => i.device !== 'lo').flatMap((i) => [i.ipv4, ...(i.ipv4_secondaries ?? [])]).filter(Boolean).map((a) => a?.address));
  const defaultDev = /dev (\S+)/.exec(route)?.[1];
  const gateway = /via (\S+)/.exec(route)?.[1];
  const def = defaultDev ? ifaces.get(defaultDev) : undefined;
  facts.default_ipv4 = def?.ipv4
    ? { ...def.ipv4, interface: def.device, alias: def.device, gateway: gateway ?? '', macaddress: def.macaddress ?? '', mtu: def.mtu ?? 0, type: 'ether' }
    : {};
  return facts;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export const setupModule = defineModule<SetupParams, never>({
  name: 'setup',
  schema: setupParams,
  check: 'full',
  async query(params, ctx) {
    const result = await ctx.run(`${SCRIPT}; ${localFactsSnippet(params.fact_path ?? '/etc/ansible/facts.d')}`);
    if (result.rc !== 0 && result.stdout === '') {
      return { changed: false, reason: 'facts could not be gathered', result: { failed: true, msg: result.stderr.trim() } };
    }
    const raw = parseFacts(result.stdout);
    const lines = result.stdout.split('\n');
    const local = parseLocalFacts(lines.filter((l) => l.startsWith('localfact=')).map((l) => l.slice('localfact='.length)));
    // Ansible's fact, {} when there is no fact_path (its name keeps the prefix in ansible_facts too).
    raw.local = local.facts;
    const filters = params.filter === undefined ? [] : ([] as string[]).concat(params.filter);
    const patterns = filters.map(globToRegExp);
    const ansibleFacts: ResultFields = {};
    for (const [name, value] of Object.entries(raw)) {
      const full = `ansible_${name}`;
      if (patterns.length === 0 || patterns.some((p) => p.test(full) || p.test(name))) ansibleFacts[full] = value;
    }
    return { changed: false, reason: 'facts gathered', result: { ansible_facts: ansibleFacts, ...(local.warnings.length > 0 ? { warnings: local.warnings } : {}) } };
  },
  async apply() {
    return {};
  },
});
