/** `kolla-run inventory`: what ansible-inventory prints, from the same sources. */
import { ExitCode, UsageError } from '../../errors.js';
import { inventoryGraph, inventoryHostJson, inventoryToListJson, loadInventory } from '../../inventory/index.js';
import { parseCommand } from '../args.js';
import { hostConfig, inventorySources } from '../common-options.js';
import type { CliIO } from '../output.js';
import { PROJECT_ROOT } from '../../project-root.js';

export const inventoryUsage = `Usage: kolla-run inventory [-i INV]... (--list | --graph [GROUP] | --host HOST)

Shows an inventory as Ansible reads it: --list prints the JSON of
\`ansible-inventory --list\` (groups, children, _meta.hostvars), --graph the
group tree, --host one host's variables.

  -i, --inventory INV   inventory file, directory or host list (repeatable)`;

const options = {
  inventory: { type: 'string', short: 'i', multiple: true },
  list: { type: 'boolean' },
  graph: { type: 'boolean' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function inventoryCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(inventoryUsage);
    return ExitCode.ok;
  }
  const modes = [values.list, values.graph, values.host !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give one of --list, --graph or --host HOST');
  if (positionals.length > (values.graph ? 1 : 0)) throw new UsageError(`unexpected argument "${positionals[values.graph ? 1 : 0] ?? ''}"`);
  const inventory = await loadInventory(inventorySources(values, PROJECT_ROOT, hostConfig(io.err)));
  for (const warning of inventory.warnings) io.err(`[WARNING]: ${warning}`);
  if (values.list) io.out(JSON.stringify(inventoryToListJson(inventory), null, 4));
  else if (values.graph) {
    const group = positionals[0] ?? 'all';
    if (!inventory.hasGroup(group)) throw new UsageError(`no group named "${group}" in the inventory`);
    io.out(inventoryGraph(inventory, group));
  } else {
    const vars = inventoryHostJson(inventory, values.host as string);
    if (vars === undefined) throw new UsageError(`no host named "${values.host ?? ''}" in the inventory`);
    io.out(JSON.stringify(vars, null, 4));
  }
  return ExitCode.ok;
}
