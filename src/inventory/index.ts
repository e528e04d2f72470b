/**
 * Ansible-compatible inventories: INI and YAML files, directories of them,
 * inline host lists, group_vars/ and host_vars/, host patterns, and the
 * output of ansible-inventory.
 *
 *   const inv = await loadInventory(['inventory/multinode']);
 *   const { hosts, warnings } = selectHosts(inv, 'control:&network', limit);
 *   inv.hostVars(hosts[0]);
 *
 * Every mistake in a source is an InputError carrying file, line and column.
 */
import { resolve } from 'node:path';
import { Inventory, type LoadedVarsFiles } from './inventory.js';
import { InventoryData, type Vars } from './model.js';
import { parseSource } from './sources.js';
import { VarsDir } from './vars-files.js';

export { parseAddress, type Address } from './address.js';
export { Inventory, LOCALHOST_NAMES, type HostVarsLayers, type InventoryGroup } from './inventory.js';
export type { Vars } from './model.js';
export { selectHosts, splitHostPattern, type Selection } from './patterns.js';
export { inventoryGraph, inventoryHostJson, inventoryToListJson } from './output.js';

export interface LoadOptions {
  /** Relative sources are resolved from here; default process.cwd(). */
  cwd?: string;
  /** The playbook's folder: its group_vars/ and host_vars/ rank above the inventory's (Ansible's playbook vars). */
  playbookDir?: string;
}

/**
 * Reads the sources in order (later ones add to and override earlier ones)
 * and the group_vars/ and host_vars/ beside each.
 */
export async function loadInventory(sources: readonly string[], opts: LoadOptions = {}): Promise<Inventory> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const data = new InventoryData();
  const parsed = [];
  for (const source of sources) parsed.push(await parseSource(source, data, cwd));
  data.reconcile();

  const dirs = parsed.flatMap((p) => (p.varsBaseDir === undefined ? [] : [new VarsDir(p.varsBaseDir)]));
  const hostNames = [...data.hosts.keys()];
  // group_vars/host_vars for the implicit localhost apply too.
  for (const name of ['localhost', '127.0.0.1', '::1']) if (!data.hosts.has(name)) hostNames.push(name);
  const readDir = async (dir: VarsDir): Promise<{ groups: Map<string, Vars>; hosts: Map<string, Vars> }> => {
    const groups = new Map<string, Vars>();
    for (const name of data.groups.keys()) groups.set(name, await dir.varsFor('group_vars', name));
    const hosts = new Map<string, Vars>();
    for (const name of hostNames) hosts.set(name, await dir.varsFor('host_vars', name));
    return { groups, hosts };
  };
  const groups: Array<Map<string, Vars>> = [];
  const hosts: Array<Map<string, Vars>> = [];
  for (const dir of dirs) {
    const read = await readDir(dir);
    groups.push(read.groups);
    hosts.push(read.hosts);
  }
  const play = opts.playbookDir === undefined ? undefined : await readDir(new VarsDir(resolve(cwd, opts.playbookDir)));
  const files: LoadedVarsFiles = { dirs, groups, hosts, ...(play ? { play } : {}) };
  return new Inventory(data, files, parsed.map((p) => p.source));
}
