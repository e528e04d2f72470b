/**
 * Kolla's inventories for the testbed: the group shape of the project's
 * inventory/multinode (top groups, then service groups as their children),
 * with the testbed's nodes as the hosts of every top group but deployment,
 * and what Kolla needs of the testbed as host variables (they must beat the
 * playbook's group_vars/all.yml, which inventory group vars do not).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import type { TestbedFiles } from './files.js';
import type { RunningNode } from './nodes.js';

/** The groups whose hosts the testbed fills; the others keep the template's lines. */
const HOST_GROUPS = new Set(['control', 'network', 'compute', 'monitoring', 'storage']);

export const MULTINODE_TEMPLATE = join(PROJECT_ROOT, 'inventory', 'multinode');

export interface KollaTestbed {
  nodes: readonly RunningNode[];
  files: TestbedFiles;
  registryAddress: string;
  vip: string;
}

/** What every host of the cloud and the deployment host (post-deploy's endpoints) must agree on. */
function cloudVars(testbed: KollaTestbed): string {
  return `kolla_internal_vip_address=${testbed.vip} docker_registry=${testbed.registryAddress}`;
}

function hostLine(node: RunningNode, testbed: KollaTestbed): string {
  const quote = (v: string) => (/\s/.test(v) ? `'${v}'` : v);
  return [
    node.hostname,
    'ansible_host=127.0.0.1',
    `ansible_port=${node.sshPort}`,
    'ansible_user=root',
    `ansible_ssh_private_key_file=${quote(testbed.files.keyFile)}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${testbed.files.knownHosts} -o StrictHostKeyChecking=yes'`,
    `network_interface=${node.interface}`,
    cloudVars(testbed),
  ].join(' ');
}

/**
 * The template with each host group's body replaced by the hosts (comment lines dropped there):
 * the first host group has the full host lines, the later ones the names (INI merges a host's lines).
 */
export function fillInventory(template: string, hosts: readonly string[], header: string, deploymentVars = ''): string {
  const out = [header];
  let inHostGroup = false;
  let inDeployment = false;
  let first = true;
  for (const line of template.split('\n')) {
    const section = /^\[([^\]:]+)\]\s*$/.exec(line)?.[1];
    if (line.startsWith('[')) {
      inHostGroup = section !== undefined && HOST_GROUPS.has(section);
      inDeployment = section === 'deployment';
      out.push(line);
      if (inHostGroup) out.push(...(first ? hosts : hosts.map((h) => h.split(' ')[0] ?? h)));
      if (inHostGroup) first = false;
      continue;
    }
    if (inHostGroup) {
      if (line.trim() === '') out.push(line);
      continue;
    }
    // The template's own header comments describe the template, not this file.
    if (out.length === 1 && line.startsWith('#')) continue;
    const isHost = line.trim() !== '' && !line.startsWith('#');
    out.push(inDeployment && isHost && deploymentVars ? `${line} ${deploymentVars}` : line);
  }
  return out.join('\n');
}

export async function kollaInventories(testbed: KollaTestbed): Promise<{ multinode: string; allInOne: string }> {
  const template = await readFile(MULTINODE_TEMPLATE, 'utf8');
  const lines = testbed.nodes.map((n) => hostLine(n, testbed));
  const header = (what: string) => `# Written by \`kolla-run testbed up\`: ${what}, in inventory/multinode's group shape.`;
  return {
    multinode: fillInventory(template, lines, header('every testbed node'), cloudVars(testbed)),
    allInOne: fillInventory(template, lines.slice(0, 1), header('the first testbed node alone (all-in-one)'), cloudVars(testbed)),
  };
}
