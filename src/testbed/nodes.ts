/**
 * Testbed nodes: containers that stand in for servers. Each has its own
 * network namespace (Kolla runs services with --net host), its own nested
 * Docker engine on its own volume, and sshd mapped to a 127.0.0.1 port.
 * Created with testcontainers; found again by name and label on later runs.
 */
import { createHash } from 'node:crypto';
import { EnvironmentError } from '../errors.js';
import { docker, dockerRaw, inspect } from './docker-cli.js';
import type { Log } from './images.js';
import { TESTBED_LABEL, type TestbedNames } from './names.js';

/** `--privileged` is refused on these machines (CAP_SYS_RESOURCE): grant the rest one by one. */
export const NODE_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_ADMIN',
  'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
] as const;

/**
 * Kernel settings a Kolla host gets at bootstrap that a node cannot set itself (its /proc/sys is
 * read-only): HAProxy on every load-balancer host binds the virtual address keepalived holds on one.
 */
export const NODE_SYSCTLS: Readonly<Record<string, string>> = { 'net.ipv4.ip_nonlocal_bind': '1' };

const CONFIG_HASH_LABEL = 'org.kolla-run.config-hash';
const SSH_READY = /Server listening on/;

export interface NodeSpec {
  /** Inventory name, also the node's host name and network alias. */
  hostname: string;
  container: string;
  volume: string;
  image: string;
  authorizedKey: string;
  registry: string;
}

export interface RunningNode {
  hostname: string;
  container: string;
  sshPort: number;
  address: string;
  /** The node's interface on the testbed network (Kolla's network_interface). */
  interface: string;
  hostKey: string;
}

function configHash(spec: NodeSpec, names: TestbedNames, imageId: string): string {
  const text = JSON.stringify([spec, names.network, imageId, NODE_SYSCTLS]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

interface ContainerState {
  running: boolean;
  labels: Record<string, string>;
}

function stateOf(info: Record<string, unknown>): ContainerState {
  const state = info.State as { Running?: boolean } | undefined;
  const config = info.Config as { Labels?: Record<string, string> } | undefined;
  return { running: state?.Running === true, labels: config?.Labels ?? {} };
}

/** Reads what a running node exposes: mapped SSH port, network address, host key. */
export async function describeNode(hostname: string, container: string, network: string): Promise<RunningNode> {
  const info = await inspect('container', container);
  if (!info) throw new EnvironmentError(`testbed node ${container} does not exist`);
  const settings = info.NetworkSettings as {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
    Networks?: Record<string, { IPAddress?: string }>;
  };
  const binding = settings.Ports?.['22/tcp']?.find((b) => b.HostIp === '0.0.0.0' || b.HostIp === '127.0.0.1') ?? settings.Ports?.['22/tcp']?.[0];
  const address = settings.Networks?.[network]?.IPAddress;
  if (!binding || !address) throw new EnvironmentError(`testbed node ${container} has no SSH port or no address on ${network}`);
  const hostKey = (await docker(['exec', container, 'cat', '/etc/ssh/ssh_host_ed25519_key.pub'])).trim().split(/\s+/).slice(0, 2).join(' ');
  const device = (await docker(['exec', container, 'ip', '-o', '-4', 'addr', 'show', 'to', address])).trim().split(/\s+/)[1] ?? '';
  if (device === '') throw new EnvironmentError(`testbed node ${container} has no interface with its address ${address}`);
  return { hostname, container, sshPort: Number(binding.HostPort), address, interface: device, hostKey };
}

async function waitForSshd(container: string, since: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    // sshd -e logs to stderr, which `docker logs` replays on its own stderr.
    const logs = await dockerRaw(['logs', '--since', since, container]);
    if (SSH_READY.test(logs.stdout + logs.stderr)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new EnvironmentError(`testbed node ${container} did not start sshd within 60 s`);
}

/**
 * Starts the node or reuses it. A running node with the same configuration
 * is left alone; a stopped one (earlier run, engine restarted) is started
 * again with its filesystem; one whose configuration changed is recreated
 * (its Docker volume kept).
 */
export async function ensureNode(spec: NodeSpec, names: TestbedNames, log: Log): Promise<'reused' | 'restarted' | 'created'> {
  const image = await inspect('image', spec.image);
  if (!image) throw new EnvironmentError(`image ${spec.image} is missing`);
  const hash = configHash(spec, names, String(image.Id));
  const existing = await inspect('container', spec.container);
  if (existing) {
    const state = stateOf(existing);
    if (state.labels[CONFIG_HASH_LABEL] === hash) {
      if (state.running) return 'reused';
      log(`starting stopped node ${spec.container}`);
      const since = new Date(Date.now() - 1000).toISOString();
      await docker(['start', spec.container]);
      await waitForSshd(spec.container, since);
      return 'restarted';
    }
    log(`recreating ${spec.container} (its configuration changed)`);
    await docker(['rm', '-f', spec.container]);
  }
  await docker(['volume', 'create', '--label', `${TESTBED_LABEL}=${names.testbed}`, spec.volume]);
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const { GenericContainer, Wait } = await import('testcontainers');
  // testcontainers has no option for sysctls; its host config is open to subclasses.
  class NodeContainer extends GenericContainer {
    withSysctls(sysctls: Readonly<Record<string, string>>): this {
      this.hostConfig.Sysctls = { ...sysctls };
      return this;
    }
  }
  log(`creating node ${spec.container}`);
  await new NodeContainer(spec.image)
    .withSysctls(NODE_SYSCTLS)
    .withName(spec.container)
    .withHostname(spec.hostname)
    .withNetworkMode(names.network)
    .withNetworkAliases(spec.hostname)
    .withExposedPorts(22)
    .withAddedCapabilities(...NODE_CAPABILITIES)
    .withSecurityOpt('seccomp=unconfined', 'apparmor=unconfined')
    .withBindMounts([
      { source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' },
      { source: spec.volume, target: '/var/lib/docker', mode: 'rw' },
    ])
    .withTmpFs({ '/run': 'rw,exec' })
    .withEnvironment({ AUTHORIZED_KEY: spec.authorizedKey, REGISTRY: spec.registry })
    .withLabels({ [TESTBED_LABEL]: names.testbed, [CONFIG_HASH_LABEL]: hash })
    .withPullPolicy({ shouldPull: () => false })
    .withWaitStrategy(Wait.forLogMessage(SSH_READY))
    .withStartupTimeout(60_000)
    .start();
  // testcontainers attaches a container with network aliases to the default
  // bridge as well; a node belongs to the testbed network alone (its ports
  // then bind to loopback, as that network says).
  const bridged = await inspect('container', spec.container);
  const bridgeAddress = (bridged?.NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> } | undefined)?.Networks?.bridge?.IPAddress;
  await docker(['network', 'disconnect', 'bridge', spec.container]);
  // The engine wrote the bridge address into /etc/hosts first: the host name must resolve to its
  // testbed address alone, as Kolla's services (RabbitMQ's node names) and prechecks expect.
  if (bridgeAddress) {
    const pattern = `^${bridgeAddress.replace(/\./g, '\\.')}[[:space:]]`;
    await docker(['exec', spec.container, 'sh', '-c', `grep -v '${pattern}' /etc/hosts > /tmp/hosts.new; cat /tmp/hosts.new > /etc/hosts; rm -f /tmp/hosts.new`]);
  }
  return 'created';
}
