/** `kolla-run status -i INV`: every Kolla container on every host, from the hosts' engines. */
import { join } from 'node:path';
import { connectionSettingsFromVars } from '../../connection/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import { loadInventory, selectHosts } from '../../inventory/index.js';
import { renderStatusJson, renderStatusTable } from '../../kolla/status-table.js';
import { kollaStatus } from '../../kolla/status.js';
import { PROJECT_ROOT } from '../../project-root.js';
import { parseCommand } from '../args.js';
import { connectionOptions, forksOption, hostConfig, hostOptions, inventorySources } from '../common-options.js';
import type { CliIO } from '../output.js';

export const statusUsage = `Usage: kolla-run status [-i INV] [-l PATTERN] [--json]

Every Kolla container (an image with Kolla's label) on every host of the
inventory's baremetal group (all hosts without one): host, container,
image tag, state, health, restarts, uptime;
read from each host's container engine, all hosts at once. A host that
cannot be reached gets a row saying why.

  -i, --inventory INV        inventory (repeatable); default: the testbed's
  -l, --limit PATTERN        only these hosts (Ansible's host patterns)
      --json                 one JSON document instead of the table
  -u, --user USER            connect as USER
      --private-key FILE     SSH private key
  -T, --timeout SECONDS      connection timeout (default 10)
      --host-key-checking strict|accept-new|off

Exit codes: 0 every host read, 2 a host's engine did not answer, 4 a host
was unreachable.`;

const { inventory, limit, user, 'private-key': privateKey, timeout, 'host-key-checking': hostKeyChecking, connection, forks, help } = hostOptions;
const options = { inventory, limit, user, 'private-key': privateKey, timeout, 'host-key-checking': hostKeyChecking, connection, forks, help, json: { type: 'boolean' } } as const;

export async function statusCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(statusUsage);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  // The playbooks' folder too, as a verb's run reads it: the same hosts, reached the same way.
  const config = hostConfig(io.err);
  const inv = await loadInventory(inventorySources(values, PROJECT_ROOT, config), { playbookDir: join(PROJECT_ROOT, 'playbooks') });
  // baremetal: the hosts site.yaml deploys to (kolla-ansible's group); not the deployment host.
  const selection = selectHosts(inv, inv.hasGroup('baremetal') ? 'baremetal' : 'all', values.limit);
  for (const warning of [...inv.warnings, ...selection.warnings]) io.err(`[WARNING]: ${warning}`);
  const reach = connectionOptions(values, config);
  // Every host's settings first: a bad variable stops before any host is contacted.
  const hosts = selection.hosts.map((name) => ({ name, settings: connectionSettingsFromVars(name, inv.hostVars(name), reach) }));
  const result = await kollaStatus(hosts, forksOption(values, hosts.length, config));
  if (values.json) io.out(renderStatusJson(result));
  else for (const line of renderStatusTable(result)) io.out(line);
  if (result.some((h) => h.error?.kind === 'unreachable')) return ExitCode.unreachable;
  if (result.some((h) => h.error)) return ExitCode.hostFailed;
  return ExitCode.ok;
}
