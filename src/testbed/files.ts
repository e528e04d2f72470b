/**
 * What `testbed up` leaves for users and tests: an SSH key, a known_hosts
 * file with every node's host key, an INI inventory and a state file.
 * Each is written atomically and only when its content changes, so a
 * second `up` with nothing to do touches no file.
 */
import { mkdir, readFile, rename, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../errors.js';
import { runProgram, lastLine } from './docker-cli.js';
import type { RunningNode } from './nodes.js';
import type { TestbedNames } from './names.js';

export interface TestbedFiles {
  keyFile: string;
  knownHosts: string;
  inventory: string;
  /** Kolla's inventories for the testbed: inventory/multinode's shape with every node, and its first node alone. */
  multinode: string;
  allInOne: string;
  stateFile: string;
}

export function testbedFiles(names: TestbedNames): TestbedFiles {
  return {
    keyFile: join(names.stateDir, 'id_ed25519'),
    knownHosts: join(names.stateDir, 'known_hosts'),
    inventory: join(names.stateDir, 'inventory'),
    multinode: join(names.stateDir, 'multinode'),
    allInOne: join(names.stateDir, 'all-in-one'),
    stateFile: join(names.stateDir, 'state.json'),
  };
}

/** Writes `content` unless the file already holds exactly that; true when written. */
export async function writeIfChanged(path: string, content: string, mode = 0o644): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) return false;
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, content, { mode });
  await rename(temp, path);
  return true;
}

/** The testbed's client key, made once with ssh-keygen; returns the public key line. */
export async function ensureKey(files: TestbedFiles, stateDir: string): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const exists = await access(files.keyFile).then(() => true, () => false);
  if (!exists) {
    const made = await runProgram('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kolla-run-testbed', '-f', files.keyFile]);
    if (made.code !== 0) throw new EnvironmentError(`ssh-keygen failed: ${lastLine(made.stderr)}`);
  }
  return (await readFile(`${files.keyFile}.pub`, 'utf8')).trim();
}

export function knownHostsText(nodes: readonly RunningNode[]): string {
  const lines = ['# Written by `kolla-run testbed up`: the host keys of the testbed nodes.'];
  for (const node of nodes) {
    lines.push(`[127.0.0.1]:${node.sshPort} ${node.hostKey}`);
    lines.push(`${node.address},${node.hostname} ${node.hostKey}`);
  }
  return `${lines.join('\n')}\n`;
}

export function inventoryText(nodes: readonly RunningNode[], files: TestbedFiles, registryAddress: string): string {
  const quoteIfNeeded = (v: string) => (/\s/.test(v) ? `'${v}'` : v);
  const hostLines = nodes.map((n) =>
    [
      n.hostname,
      'ansible_host=127.0.0.1',
      `ansible_port=${n.sshPort}`,
      'ansible_user=root',
      `ansible_ssh_private_key_file=${quoteIfNeeded(files.keyFile)}`,
      `api_interface_address=${n.address}`,
    ].join(' '),
  );
  return [
    '# Written by `kolla-run testbed up`; rewritten whenever the testbed changes.',
    '[testbed]',
    ...hostLines,
    '',
    '[testbed:vars]',
    `ansible_ssh_common_args='-o UserKnownHostsFile=${files.knownHosts} -o StrictHostKeyChecking=yes'`,
    'ansible_python_interpreter=/usr/bin/python3',
    `testbed_registry=${registryAddress}`,
    '',
  ].join('\n');
}

export const testbedStateSchema = z.object({
  testbed: z.string(),
  network: z.string(),
  registry: z.object({ container: z.string(), address: z.string(), hostPort: z.number().int() }),
  nodes: z.array(
    z.object({ hostname: z.string(), container: z.string(), sshPort: z.number().int(), address: z.string(), interface: z.string(), hostKey: z.string() }),
  ),
  /** A free address on the testbed network: Kolla's kolla_internal_vip_address. */
  vip: z.string(),
  files: z.object({ keyFile: z.string(), knownHosts: z.string(), inventory: z.string(), multinode: z.string(), allInOne: z.string(), stateFile: z.string() }),
});
export type TestbedState = z.infer<typeof testbedStateSchema>;

export async function readState(files: TestbedFiles): Promise<TestbedState | undefined> {
  const text = await readFile(files.stateFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = testbedStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a torn or hand-edited state file: `up` writes it anew
  }
}
