/**
 * Every object a testbed creates is named from the testbed's name and
 * carries its label, so `down` removes exactly those and nothing else.
 */
import { resolve } from 'node:path';

export const TESTBED_LABEL = 'org.kolla-run.testbed';
/** On the testbed's network: the folder holding its key and inventory, so another checkout knows it is not its own. */
export const STATE_DIR_LABEL = 'org.kolla-run.testbed.state-dir';
export const DEFAULT_TESTBED = 'kolla-run';
export const REGISTRY_PORT = 4000;
export const NODE_IMAGE = 'kolla-run/testbed-node:latest';
export const REGISTRY_IMAGE = 'kolla-run/testbed-registry:latest';

export interface TestbedNames {
  testbed: string;
  network: string;
  registryContainer: string;
  /** Where nodes reach the registry (name resolved by the testbed network). */
  registryAddress: string;
  /** Directory holding the key, inventory, known_hosts and state of this testbed. */
  stateDir: string;
  nodeHostname(index: number): string;
  nodeContainer(index: number): string;
  nodeVolume(index: number): string;
}

export function testbedNames(testbed: string, baseDir: string): TestbedNames {
  const registryContainer = `${testbed}-registry`;
  return {
    testbed,
    network: `${testbed}-net`,
    registryContainer,
    registryAddress: `${registryContainer}:${REGISTRY_PORT}`,
    stateDir: resolve(baseDir, testbed),
    nodeHostname: (i) => `node${i}`,
    nodeContainer: (i) => `${testbed}-node${i}`,
    nodeVolume: (i) => `${testbed}-node${i}-docker`,
  };
}

export function isValidTestbedName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]{0,40}$/.test(name);
}
