/**
 * Testbeds for tests: named apart from the user's default one, so a test
 * run never disturbs it; left running between runs (a second `up` reuses
 * them) unless a test removes its own.
 */
import { connectionSettingsFromVars, type ConnectionSettings } from '../../src/connection/index.js';
import { testbedUp, type TestbedState } from '../../src/testbed/index.js';

export const TEST_TESTBED = process.env.KOLLA_RUN_TEST_TESTBED ?? 'kr-test';
/** Every test uses the same size, so that no test shrinks the testbed under another. */
export const TEST_NODES = 3;

export async function upTestbed(nodes: number, name = TEST_TESTBED, log: string[] = []): Promise<TestbedState> {
  return testbedUp({ name, nodes, log: (line) => log.push(line) });
}

/** Connection settings for a node, as the testbed inventory gives them; `vars` override (another ansible_user, become). */
export function nodeSettings(state: TestbedState, index: number, vars: Record<string, unknown> = {}): ConnectionSettings {
  const node = state.nodes[index];
  if (!node) throw new Error(`testbed ${state.testbed} has no node ${index + 1}`);
  return connectionSettingsFromVars(node.hostname, {
    ansible_host: '127.0.0.1',
    ansible_port: node.sshPort,
    ansible_user: 'root',
    ansible_ssh_private_key_file: state.files.keyFile,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${state.files.knownHosts} -o StrictHostKeyChecking=yes`,
    ...vars,
  });
}
