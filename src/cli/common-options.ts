/**
 * Options shared by the commands that act on hosts (playbook runs and
 * ad-hoc), with Ansible's names, and how they become connection options.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAnsibleConfig, type AnsibleConfig } from '../config/ansible-config.js';
import { isConnectionType, type ConnectionOptions, type ConnectionType, type HostKeyPolicy } from '../connection/index.js';
import { ExitCode, KollaRunError, UsageError } from '../errors.js';
import { selectHosts, type Inventory } from '../inventory/index.js';
import { intOption } from './args.js';
import { vaultOptions, vaultOptionsUsage } from './vault-options.js';

export const hostOptions = {
  inventory: { type: 'string', short: 'i', multiple: true },
  limit: { type: 'string', short: 'l', multiple: true },
  forks: { type: 'string', short: 'f' },
  become: { type: 'boolean', short: 'b' },
  'become-user': { type: 'string' },
  user: { type: 'string', short: 'u' },
  connection: { type: 'string', short: 'c' },
  'private-key': { type: 'string' },
  timeout: { type: 'string', short: 'T' },
  'host-key-checking': { type: 'string' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
  ...vaultOptions,
} as const;

export const hostOptionsUsage = `  -i, --inventory INV        inventory file, directory or host list (repeatable);
                             default: the testbed's (.testbed/kolla-run/inventory)
  -l, --limit PATTERN        further limit the hosts (repeatable; @file reads a file)
  -f, --forks N              hosts worked on at once (default: all, up to 500)
  -b, --become               run commands through sudo, as root by default
      --become-user USER     the user -b runs commands as (default root)
  -u, --user USER            connect as USER
  -c, --connection ssh|local how to reach hosts without ansible_connection (default ssh)
      --private-key FILE     SSH private key
  -T, --timeout SECONDS      connection timeout (default 10)
      --host-key-checking strict|accept-new|off
                             how unknown host keys are treated (default strict);
                             a changed key is always refused
  -e, --extra-vars VARS      k=v pairs, JSON, or @file (repeatable)
  -C, --check                change nothing; report what would change
  -D, --diff                 show file changes
  -v, --verbose              more output: results and the slowest tasks (-v),
                             connection details (-vvv), their timings (-vvvv)
${vaultOptionsUsage}

Defaults of -i, -f, -u, --private-key, -T, -b, --become-user and the ssh
options come from ansible.cfg and ANSIBLE_* as Ansible reads them (README).`;

export interface HostOptionValues {
  inventory?: string[] | undefined;
  limit?: string[] | undefined;
  forks?: string | undefined;
  become?: boolean | undefined;
  'become-user'?: string | undefined;
  user?: string | undefined;
  connection?: string | undefined;
  'private-key'?: string | undefined;
  timeout?: string | undefined;
  'host-key-checking'?: string | undefined;
}

export const MAX_FORKS = 500;

/** ansible.cfg and ANSIBLE_* (a bad value stops here, before anything is loaded); its warnings printed. */
export function hostConfig(warn: (line: string) => void): AnsibleConfig {
  const config = loadAnsibleConfig();
  for (const warning of config.warnings) warn(`[WARNING]: ${warning}`);
  return config;
}

/** The inventory sources: those given, else ansible.cfg's (or ANSIBLE_INVENTORY), else the default testbed's when it exists. */
export function inventorySources(values: HostOptionValues, projectRoot: string, config?: AnsibleConfig): string[] {
  if (values.inventory && values.inventory.length > 0) return values.inventory;
  if (config?.inventory && config.inventory.length > 0) return config.inventory;
  const testbed = resolve(process.env.KOLLA_RUN_TESTBED_DIR ?? resolve(projectRoot, '.testbed'), 'kolla-run', 'inventory');
  if (existsSync(testbed)) return [testbed];
  throw new UsageError('no inventory: give -i INVENTORY (or start the local test hosts with `kolla-run testbed up`)');
}

export function forksOption(values: HostOptionValues, hostCount: number, config?: AnsibleConfig): number {
  const forks = intOption(values.forks, '--forks', config?.forks ?? Math.min(Math.max(hostCount, 1), MAX_FORKS));
  if (forks < 1) throw new UsageError(`--forks must be at least 1, got ${forks}`);
  return forks;
}

function hostKeyPolicy(value: string | undefined): HostKeyPolicy | undefined {
  if (value === undefined) return undefined;
  if (value === 'strict' || value === 'accept-new' || value === 'off') return value;
  throw new UsageError(`--host-key-checking must be strict, accept-new or off, got "${value}"`);
}

function connectionType(value: string | undefined): ConnectionType | undefined {
  if (value === undefined) return undefined;
  if (isConnectionType(value)) return value;
  throw new UsageError(`--connection must be ssh or local, got "${value}"`);
}

/** The command line's connection options over ansible.cfg's and ANSIBLE_*'s (the host's variables beat both later). */
export function connectionOptions(values: HostOptionValues, config: AnsibleConfig = { file: undefined, origins: {}, warnings: [] }): ConnectionOptions {
  const timeout = values.timeout === undefined ? config.timeout : intOption(values.timeout, '--timeout', 10);
  const policy = hostKeyPolicy(values['host-key-checking']) ?? (config.hostKeyChecking === false ? 'off' : undefined);
  const connection = connectionType(values.connection) ?? config.transport;
  const user = values.user ?? config.remoteUser;
  const privateKey = values['private-key'] ?? config.privateKeyFile;
  const becomeUser = values['become-user'] ?? config.becomeUser;
  return {
    ...(user !== undefined ? { user } : {}),
    ...(connection !== undefined ? { connection } : {}),
    ...(config.remotePort !== undefined ? { port: config.remotePort } : {}),
    ...(privateKey !== undefined ? { privateKeyFile: privateKey } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(policy !== undefined ? { hostKeyPolicy: policy } : {}),
    ...(values.become || config.become ? { become: true } : {}),
    ...(becomeUser !== undefined ? { becomeUser } : {}),
    ...(config.sshArgs !== undefined ? { sshArgs: config.sshArgs } : {}),
    ...(config.sshCommonArgs !== undefined ? { sshCommonArgs: config.sshCommonArgs } : {}),
    ...(config.sshExtraArgs !== undefined ? { sshExtraArgs: config.sshExtraArgs } : {}),
  };
}

/**
 * A --limit that leaves no host is a mistake (a typo), not an empty run:
 * Ansible's error and exit code 1, after its warning for each unmatched term.
 */
export function checkLimit(inventory: Inventory, limit: readonly string[] | undefined, warn: (line: string) => void): void {
  if (!limit || limit.every((l) => l.trim() === '')) return;
  const { hosts, warnings } = selectHosts(inventory, 'all', limit);
  if (hosts.length > 0) return;
  for (const warning of warnings) warn(`[WARNING]: ${warning}`);
  throw new KollaRunError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.', ExitCode.error);
}
