/**
 * One Kolla deploy shared by the tests that read it: a testbed of its own
 * (its RabbitMQ and Galera must not meet other tests' services on the
 * nodes), the images built from this tree and pushed to its registry, a
 * config folder kept in the testbed's state folder (the cluster keeps the
 * passwords it was deployed with), and site.yaml run through the CLI as an
 * operator runs it. A later run finds the cluster deployed and the deploy
 * changes nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectionPool, type Connection } from '../../src/connection/index.js';
import { buildImages } from '../../src/images/index.js';
import { pushToRegistry, testbedNames, type TestbedState } from '../../src/testbed/index.js';
import { nodeSettings, upTestbed } from './testbed.js';

export const KOLLA_TESTBED = process.env.KOLLA_RUN_TEST_KOLLA_TESTBED ?? 'kr-kolla';
export const KOLLA_IMAGES = ['rsyslog', 'kolla-toolbox', 'cron', 'haproxy', 'keepalived', 'mariadb-server', 'rabbitmq', 'memcached', 'keystone'];
const LAUNCHER = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));
const PLAYBOOKS = fileURLToPath(new URL('../../../playbooks/', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/kolla-run with the deploy's config folder; output kept for the assertion messages. */
export function kollaRun(args: readonly string[], configDir: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { env: { ...process.env, KOLLA_CONFIG_PATH: configDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The PLAY RECAP counters of each host. */
export function recap(output: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const m of output.matchAll(/^(\S+)\s+: ((?:\w+=\d+\s*)+)$/gm)) {
    out[m[1] ?? ''] = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)=(\d+)/g)].map((x) => [x[1] ?? '', Number(x[2])]));
  }
  return out;
}

export interface KollaDeploy {
  state: TestbedState;
  configDir: string;
  inventory: string;
  /** The first deploy's run (it may have found everything deployed already). */
  first: CliRun;
  pool: ConnectionPool;
  node(index: number): Connection;
  /** Runs `command` on node `index` (0-based) and returns stdout; fails the test on rc != 0. */
  sh(index: number, command: string): Promise<string>;
  site(extra?: readonly string[]): Promise<CliRun>;
}

let deployed: Promise<KollaDeploy> | undefined;

async function deploy(nodes: number, name: string, inventoryKind: 'multinode' | 'allInOne'): Promise<KollaDeploy> {
  const built = await buildImages({ namespace: 'kolla', patterns: KOLLA_IMAGES.map((i) => `^${i}$`) });
  assert.deepEqual(built.images.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.error ?? ''}`), []);
  const state = await upTestbed(nodes, name);
  const names = testbedNames(state.testbed, '/unused');
  for (const image of built.images) await pushToRegistry(image.ref, names, state.registry.hostPort);
  const configDir = join(state.files.stateFile, '..', 'kolla-config');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const inventory = state.files[inventoryKind];
  const genpwd = await kollaRun(['genpwd'], configDir);
  assert.equal(genpwd.code, 0, genpwd.stderr);
  const prechecks = await kollaRun([join(PLAYBOOKS, 'prechecks.yaml'), '-i', inventory], configDir);
  assert.equal(prechecks.code, 0, `prechecks:\n${prechecks.stdout.slice(-4000)}\n${prechecks.stderr}`);
  const site = (extra: readonly string[] = []) => kollaRun([join(PLAYBOOKS, 'site.yaml'), '-i', inventory, ...extra], configDir);
  const first = await site();
  assert.equal(first.code, 0, `site.yaml:\n${first.stdout.slice(-6000)}\n${first.stderr}`);
  const pool = new ConnectionPool();
  const node = (index: number) => pool.get(nodeSettings(state, index));
  return {
    state,
    configDir,
    inventory,
    first,
    pool,
    node,
    async sh(index, command) {
      const r = await node(index).exec(command);
      assert.equal(r.rc, 0, `node${index + 1}: ${command}: ${r.stderr}`);
      return r.stdout;
    },
    site,
  };
}

/** The 3-node deploy, made once per process (on testbed `name`: benches use their own). */
export function kollaDeploy(name = KOLLA_TESTBED): Promise<KollaDeploy> {
  deployed ??= deploy(3, name, 'multinode');
  return deployed;
}

/** An all-in-one deploy on a 1-node testbed of its own. */
export function allInOneDeploy(): Promise<KollaDeploy> {
  return deploy(1, `${KOLLA_TESTBED}-aio`, 'allInOne');
}
