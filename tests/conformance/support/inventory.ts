/**
 * The inventory a case runs against: the testbed's nodes (all or the first
 * N) in group `testbed`, optionally `ghost` on a dead port, and the case's
 * extra groups. Both engines read the same file.
 */
import type { TestbedState } from '../../../src/testbed/index.js';
import type { CaseSpec } from './cases.js';

export function caseInventory(state: TestbedState, spec: CaseSpec, deadPort: number): string {
  const key = state.files.keyFile;
  const hostLine = (name: string, port: number) => `${name} ansible_host=127.0.0.1 ansible_port=${port} ansible_user=root ansible_ssh_private_key_file=${key}`;
  const lines = ['[testbed]', ...state.nodes.slice(0, spec.nodes).map((n) => hostLine(n.hostname, n.sshPort))];
  if (spec.unreachable) lines.push(hostLine('ghost', deadPort));
  lines.push(
    '',
    '[testbed:vars]',
    `ansible_ssh_common_args='-o UserKnownHostsFile=${state.files.knownHosts} -o StrictHostKeyChecking=yes'`,
    'ansible_python_interpreter=/usr/bin/python3',
  );
  for (const [group, members] of Object.entries(spec.groups)) lines.push('', `[${group}]`, ...members);
  return lines.join('\n') + '\n';
}
