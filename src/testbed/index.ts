/**
 * The testbed: local test hosts for kolla-run's CLI, tests and benchmarks.
 * `up` is idempotent (a second call with the same size changes nothing),
 * `down` removes exactly what `up` created.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EnvironmentError, UsageError } from '../errors.js';
import { docker, dockerRaw, inspect } from './docker-cli.js';
import { engineAnswers, ensureEngine } from './engine.js';
import { ensureKey, inventoryText, knownHostsText, readState, testbedFiles, writeIfChanged, type TestbedState } from './files.js';
import { ensureBaseImage, ensureContextImage, type Log } from './images.js';
import { DEFAULT_TESTBED, isValidTestbedName, NODE_IMAGE, REGISTRY_IMAGE, STATE_DIR_LABEL, TESTBED_LABEL, testbedNames, type TestbedNames } from './names.js';
import { describeNode, ensureNode } from './nodes.js';
import { kollaInventories } from './kolla-inventory.js';
import { holdLease, liveLeases } from './leases.js';
import { ensureRegistry, waitForRegistry } from './registry.js';
import { PROJECT_ROOT } from '../project-root.js';

export type { TestbedState } from './files.js';
export { pushToRegistry } from './registry.js';
export { testbedNames, DEFAULT_TESTBED } from './names.js';

export interface TestbedOptions {
  /** Name prefix of every object; lets tests run a testbed beside the user's. */
  name?: string;
  /** Where state directories live (default: .testbed under the project). */
  baseDir?: string;
  log?: Log;
}

export interface UpOptions extends TestbedOptions {
  nodes?: number;
}

export const MAX_NODES = 16;


function namesFor(options: TestbedOptions): TestbedNames {
  const name = options.name ?? DEFAULT_TESTBED;
  if (!isValidTestbedName(name)) throw new UsageError(`invalid testbed name "${name}" (lower-case letters, digits, . _ -)`);
  return testbedNames(name, options.baseDir ?? process.env.KOLLA_RUN_TESTBED_DIR ?? resolve(PROJECT_ROOT, '.testbed'));
}

export function validateNodeCount(nodes: number): void {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
    throw new UsageError(`--nodes must be a whole number from 1 to ${MAX_NODES}, got ${String(nodes)}`);
  }
}

/**
 * The state folder recorded on the testbed's network: undefined when there is no such network
 * (or one made before the label existed, taken as this checkout's).
 */
async function recordedStateDir(names: TestbedNames): Promise<{ exists: boolean; stateDir?: string | undefined }> {
  const network = await inspect('network', names.network);
  if (!network) return { exists: false };
  const labels = network.Labels;
  const stateDir = labels && typeof labels === 'object' ? (labels as Record<string, unknown>)[STATE_DIR_LABEL] : undefined;
  return { exists: true, stateDir: typeof stateDir === 'string' ? stateDir : undefined };
}

function otherCheckout(names: TestbedNames, recorded: { stateDir?: string | undefined }): string | undefined {
  return recorded.stateDir !== undefined && recorded.stateDir !== names.stateDir ? recorded.stateDir : undefined;
}

/**
 * An address for Kolla's virtual IP: the last host address of the testbed network's subnet,
 * which the engine (allocating from the bottom) gives to no container.
 */
async function freeAddress(names: TestbedNames): Promise<string> {
  const network = await inspect('network', names.network);
  const config = (network?.IPAM as { Config?: Array<{ Subnet?: string }> } | undefined)?.Config ?? [];
  const subnet = config.map((c) => c.Subnet ?? '').find((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c));
  if (!subnet) throw new EnvironmentError(`testbed network ${names.network} has no IPv4 subnet`);
  return lastHostAddress(subnet);
}

/** The highest host address of an IPv4 subnet: broadcast minus one. */
export function lastHostAddress(cidr: string): string {
  const [base = '', bits = '32'] = cidr.split('/');
  const value = base.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const last = value - (value % size) + size - 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(last / 2 ** shift) % 256).join('.');
}

async function ensureNetwork(names: TestbedNames): Promise<void> {
  if (await inspect('network', names.network)) return;
  // Ports published for containers on this network bind to loopback only:
  // the nodes' root sshd must not be reachable from outside this machine.
  await docker([
    'network', 'create',
    '--label', `${TESTBED_LABEL}=${names.testbed}`,
    '--label', `${STATE_DIR_LABEL}=${names.stateDir}`,
    '--opt', 'com.docker.network.bridge.host_binding_ipv4=127.0.0.1',
    names.network,
  ]);
}

/** Nodes beyond the requested count (an earlier, larger `up`) are removed. */
async function removeExtraNodes(names: TestbedNames, count: number, log: Log): Promise<void> {
  const listed = await docker(['ps', '-a', '--filter', `label=${TESTBED_LABEL}=${names.testbed}`, '--format', '{{.Names}}']);
  for (const container of listed.split('\n').filter(Boolean)) {
    const index = new RegExp(`^${names.testbed.replace(/[.]/g, '\\.')}-node(\\d+)$`).exec(container)?.[1];
    if (index !== undefined && Number(index) > count) {
      log(`removing ${container} (testbed shrinks to ${count} nodes)`);
      await docker(['rm', '-f', container]);
      await dockerRaw(['volume', 'rm', names.nodeVolume(Number(index))]);
    }
  }
}

/**
 * Starts the testbed, or reuses what runs, and holds a lease on it while this process lives
 * (leases.ts). A testbed of the same name that another checkout made is removed first and made
 * anew (its nodes trust that checkout's key; its files are there), unless a process of that
 * checkout holds a lease on it: then `up` refuses. When `up` fails, a testbed it created is
 * removed again; one that existed before is kept, and the error says so.
 */
export async function testbedUp(options: UpOptions = {}): Promise<TestbedState> {
  // One `up` at a time per testbed in this process: two at once would each create the
  // network, and the engine allows two networks of one name (then neither can be named).
  const key = namesFor(options).stateDir;
  const run = (upsInFlight.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => upNow(options));
  upsInFlight.set(key, run);
  return run;
}

const upsInFlight = new Map<string, Promise<unknown>>();

async function upNow(options: UpOptions): Promise<TestbedState> {
  const log = options.log ?? (() => undefined);
  const count = options.nodes ?? 3;
  validateNodeCount(count);
  const names = namesFor(options);
  await ensureEngine(log);
  let recorded = await recordedStateDir(names);
  const owner = otherCheckout(names, recorded);
  if (owner !== undefined) {
    const users = liveLeases(owner);
    if (users.length > 0) {
      throw new EnvironmentError(
        `testbed ${names.testbed} is in use by the checkout whose files are in ${owner} (process ${users.join(', ')}): ` +
          `give this one another name (--name; KOLLA_RUN_TEST_TESTBED for the tests), or wait until that run ends`,
      );
    }
    // Its nodes trust the other checkout's key and its inventory is there: this checkout starts it anew.
    log(`testbed ${names.testbed} was made by the checkout whose files are in ${owner}: removing it to start it anew for this one`);
    await testbedDown({ name: names.testbed, baseDir: resolve(names.stateDir, '..'), log });
    recorded = { exists: false };
  }
  try {
    const state = await bringUp(names, count, log);
    holdLease(names.stateDir);
    return state;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (recorded.exists) {
      throw new EnvironmentError(`${message}\ntestbed ${names.testbed} existed before and is kept as it is now; \`kolla-run testbed down --name ${names.testbed}\` removes it`, { cause: err });
    }
    const removed = await testbedDown({ name: names.testbed, baseDir: resolve(names.stateDir, '..'), log }).catch(() => undefined);
    const what = removed ? `removed what it had created (${removed.containers.length} containers, ${removed.volumes.length} volumes)` : `could not remove what it had created: run \`kolla-run testbed down --name ${names.testbed}\``;
    throw new EnvironmentError(`${message}\ntestbed ${names.testbed}: ${what}`, { cause: err });
  }
}

async function bringUp(names: TestbedNames, count: number, log: Log): Promise<TestbedState> {
  const files = testbedFiles(names);
  const publicKey = await ensureKey(files, names.stateDir);
  await ensureBaseImage(log);
  await ensureContextImage(NODE_IMAGE, resolve(PROJECT_ROOT, 'testbed/images/node'), log);
  await ensureContextImage(REGISTRY_IMAGE, resolve(PROJECT_ROOT, 'testbed/images/registry'), log);
  await ensureNetwork(names);
  const registryPort = await ensureRegistry(names, log);
  await removeExtraNodes(names, count, log);
  const indexes = Array.from({ length: count }, (_, i) => i + 1);
  // Nodes start in parallel: each waits mostly on its own sshd and dockerd.
  await Promise.all(
    indexes.map((i) =>
      ensureNode(
        {
          hostname: names.nodeHostname(i),
          container: names.nodeContainer(i),
          volume: names.nodeVolume(i),
          image: NODE_IMAGE,
          authorizedKey: publicKey,
          registry: names.registryAddress,
        },
        names,
        log,
      ),
    ),
  );
  const nodes = await Promise.all(indexes.map((i) => describeNode(names.nodeHostname(i), names.nodeContainer(i), names.network)));
  await waitForRegistry(registryPort);
  const vip = await freeAddress(names);
  const state: TestbedState = {
    testbed: names.testbed,
    network: names.network,
    registry: { container: names.registryContainer, address: names.registryAddress, hostPort: registryPort },
    nodes,
    vip,
    files,
  };
  await writeIfChanged(files.knownHosts, knownHostsText(nodes));
  await writeIfChanged(files.inventory, inventoryText(nodes, files, names.registryAddress));
  const kolla = await kollaInventories({ nodes, files, registryAddress: names.registryAddress, vip });
  await writeIfChanged(files.multinode, kolla.multinode);
  await writeIfChanged(files.allInOne, kolla.allInOne);
  await writeIfChanged(files.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** Removes every container, network and volume carrying this testbed's label, and its state directory. */
export async function testbedDown(options: TestbedOptions = {}): Promise<DownResult> {
  const names = namesFor(options);
  const filter = `label=${TESTBED_LABEL}=${names.testbed}`;
  const result: DownResult = { containers: [], networks: [], volumes: [] };
  await ensureEngine(options.log);
  const containers = (await docker(['ps', '-a', '--filter', filter, '--format', '{{.Names}}'])).split('\n').filter(Boolean);
  if (containers.length > 0) await docker(['rm', '-f', '-v', ...containers]);
  result.containers = containers;
  const networks = (await docker(['network', 'ls', '--filter', filter, '--format', '{{.Name}}'])).split('\n').filter(Boolean);
  for (const network of networks) await docker(['network', 'rm', network]);
  result.networks = networks;
  const volumes = (await docker(['volume', 'ls', '--filter', filter, '--format', '{{.Name}}'])).split('\n').filter(Boolean);
  if (volumes.length > 0) await docker(['volume', 'rm', ...volumes]);
  result.volumes = volumes;
  await rm(names.stateDir, { recursive: true, force: true });
  return result;
}

export interface NodeStatus {
  hostname: string;
  container: string;
  state: string;
  sshPort?: number | undefined;
  address?: string | undefined;
}

export interface StatusResult {
  testbed: string;
  engine: boolean;
  nodes: NodeStatus[];
  registry?: string | undefined;
  inventory?: string | undefined;
  /** Set when another checkout made this testbed: the folder holding its files. */
  otherCheckout?: string | undefined;
}

/** What exists now, read from the engine (never starts anything). */
export async function testbedStatus(options: TestbedOptions = {}): Promise<StatusResult> {
  const names = namesFor(options);
  if (!(await engineAnswers())) return { testbed: names.testbed, engine: false, nodes: [] };
  const filter = `label=${TESTBED_LABEL}=${names.testbed}`;
  const rows = (await docker(['ps', '-a', '--filter', filter, '--format', '{{.Names}}\t{{.State}}'])).split('\n').filter(Boolean);
  const owner = otherCheckout(names, await recordedStateDir(names));
  const saved = owner === undefined ? await readState(testbedFiles(names)) : undefined;
  const nodes: NodeStatus[] = [];
  let registry: string | undefined;
  for (const row of rows) {
    const [container = '', state = ''] = row.split('\t');
    if (container === names.registryContainer) {
      registry = `${names.registryAddress} (${state})`;
      continue;
    }
    const known = saved?.nodes.find((n) => n.container === container);
    const hostname = known?.hostname ?? container.slice(names.testbed.length + 1);
    nodes.push({ hostname, container, state, sshPort: known?.sshPort, address: known?.address });
  }
  nodes.sort((a, b) => a.container.localeCompare(b.container, 'en', { numeric: true }));
  return { testbed: names.testbed, engine: true, nodes, registry, inventory: saved?.files.inventory, otherCheckout: owner };
}

/**
 * The running testbed's registry as this checkout knows it (for `build --push` without --registry),
 * or undefined when this checkout has no testbed of that name whose registry runs.
 */
export async function testbedRegistry(options: TestbedOptions = {}): Promise<{ names: TestbedNames; hostPort: number } | undefined> {
  const names = namesFor(options);
  const saved = await readState(testbedFiles(names));
  if (!saved || !(await engineAnswers())) return undefined;
  const registry = await inspect('container', names.registryContainer);
  const running = (registry?.State as { Running?: boolean } | undefined)?.Running === true;
  return running ? { names, hostPort: saved.registry.hostPort } : undefined;
}
