/**
 * What `ansible-inventory` prints: --list (JSON), --host H and --graph.
 * Dict keys are sorted as Ansible's JSON output sorts them; host and group
 * lists keep inventory order.
 */
import { UsageError } from '../errors.js';
import type { Inventory } from './inventory.js';
import type { Vars } from './model.js';

// Set by the inventory itself; ansible-inventory leaves them out.
const INTERNAL_VARS = new Set(['inventory_file', 'inventory_dir']);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function publicVars(inv: Inventory, host: string): Vars {
  const vars = inv.hostVars(host);
  for (const k of INTERNAL_VARS) delete vars[k];
  return sortKeys(vars) as Vars;
}

/** `ansible-inventory --list`. */
export function inventoryToListJson(inv: Inventory): Record<string, unknown> {
  const hostvars: Record<string, Vars> = {};
  for (const host of inv.hostNames) {
    const vars = publicVars(inv, host);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  const out: Record<string, unknown> = { _meta: { hostvars: sortKeys(hostvars) } };
  for (const name of inv.groupNames) {
    const g = inv.group(name);
    if (!g) continue;
    const entry: Record<string, string[]> = {};
    if (g.children.length > 0) entry['children'] = [...g.children];
    // `all` never lists hosts: they show up under `ungrouped` or their groups.
    if (name !== 'all' && g.hosts.length > 0) entry['hosts'] = [...g.hosts];
    if (Object.keys(entry).length > 0) out[name] = entry;
  }
  return sortKeys(out) as Record<string, unknown>;
}

/** `ansible-inventory --host H`; undefined for a host not in the inventory. */
export function inventoryHostJson(inv: Inventory, host: string): Vars | undefined {
  return inv.hasHost(host) ? publicVars(inv, host) : undefined;
}

/** `ansible-inventory --graph [group]`, without the final newline. */
export function inventoryGraph(inv: Inventory, group = 'all'): string {
  if (!inv.hasGroup(group)) throw new UsageError(`--graph needs a group name; "${group}" is not a group`);
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth === 0 ? text : `${'  |'.repeat(depth)}--${text}`);
  const walk = (g: string, depth: number): void => {
    const data = inv.group(g);
    lines.push(name(`@${g}:`, depth));
    for (const child of data?.children ?? []) walk(child, depth + 1);
    if (g !== 'all') for (const h of data?.hosts ?? []) lines.push(name(h, depth + 1));
  };
  walk(group, 0);
  return lines.join('\n');
}
