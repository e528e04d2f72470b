/**
 * The inventory as the parsers build it: hosts and groups in creation order,
 * with Ansible's implicit structure (every group under `all`, hosts in no
 * group under `ungrouped`) added once every source has been read.
 */
import { dirname } from 'node:path';
import { copyData } from '../yaml/copy.js';

export type Vars = Record<string, unknown>;

export interface GroupData {
  readonly name: string;
  /** Direct members, in the order they were added. */
  readonly hosts: string[];
  readonly children: string[];
  readonly parents: string[];
  /** Vars set in the inventory sources themselves (not group_vars/ files). */
  readonly vars: Vars;
  /** ansible_group_priority: orders groups of the same depth when merging. */
  priority: number;
}

export interface HostData {
  readonly name: string;
  /** Vars set in the inventory sources (host lines, YAML hosts), plus inventory_file/inventory_dir. */
  readonly vars: Vars;
  /** Direct groups, in the order the host joined them. */
  readonly groups: string[];
}

/** A structural mistake the parser turns into an InputError at the right line. */
export class StructureError extends Error {}

export const PRIORITY_VAR = 'ansible_group_priority';

export class InventoryData {
  readonly hosts = new Map<string, HostData>();
  readonly groups = new Map<string, GroupData>();
  readonly warnings: string[] = [];
  /** The file being parsed: recorded as inventory_file on hosts it creates. */
  currentSource: string | undefined;

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string): GroupData {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, hosts: [], children: [], parents: [], vars: {}, priority: 1 };
      this.groups.set(name, group);
    }
    return group;
  }

  /** Adds (or finds) a host; a port is only recorded when the host is new, as Ansible does. */
  addHost(name: string, group?: string, port?: number): HostData {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: {}, groups: [] };
      this.hosts.set(name, host);
      if (port) host.vars['ansible_port'] = port;
      if (this.currentSource !== undefined) {
        host.vars['inventory_file'] = this.currentSource;
        host.vars['inventory_dir'] = dirname(this.currentSource);
      }
    }
    if (group !== undefined) {
      const g = this.addGroup(group);
      if (!g.hosts.includes(name)) g.hosts.push(name);
      if (!host.groups.includes(group)) host.groups.push(group);
    }
    return host;
  }

  addChild(parentName: string, childName: string): void {
    if (parentName === childName) throw new StructureError(`group "${parentName}" cannot be a child of itself`);
    const parent = this.addGroup(parentName);
    const child = this.addGroup(childName);
    if (this.ancestors(parentName).has(childName)) {
      throw new StructureError(`adding group "${childName}" as a child of "${parentName}" makes a loop`);
    }
    if (!parent.children.includes(childName)) parent.children.push(childName);
    if (!child.parents.includes(parentName)) child.parents.push(parentName);
  }

  setGroupVar(groupName: string, key: string, value: unknown): void {
    const group = this.addGroup(groupName);
    // The priority steers the merge but is not itself a variable hosts see.
    if (key === PRIORITY_VAR) {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new StructureError(`${PRIORITY_VAR} must be an integer, got ${JSON.stringify(value)}`);
      group.priority = n;
      return;
    }
    group.vars[key] = value;
  }

  setHostVar(hostName: string, key: string, value: unknown): void {
    this.addHost(hostName).vars[key] = value;
  }

  ancestors(groupName: string): Set<string> {
    const seen = new Set<string>();
    const stack = [...(this.groups.get(groupName)?.parents ?? [])];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(this.groups.get(name)?.parents ?? []));
    }
    return seen;
  }

  /** A deep copy, so a parse attempt that fails leaves this one untouched. */
  clone(): InventoryData {
    const copy = new InventoryData();
    copy.adopt(this);
    return copy;
  }

  /** Takes over another instance's content (deep-copied). */
  adopt(other: InventoryData): void {
    const hosts = copyData(other.hosts);
    const groups = copyData(other.groups);
    this.hosts.clear();
    this.groups.clear();
    for (const [k, v] of hosts) this.hosts.set(k, v);
    for (const [k, v] of groups) this.groups.set(k, v);
    this.warnings.splice(0, this.warnings.length, ...other.warnings);
    this.currentSource = other.currentSource;
  }

  /** Ansible's reconciliation, run once after every source is read. */
  reconcile(): void {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parents.length === 0) this.addChild('all', group.name);
    }
    const ungrouped = this.addGroup('ungrouped');
    for (const host of this.hosts.values()) {
      const real = host.groups.filter((g) => g !== 'all' && g !== 'ungrouped');
      if (real.length > 0) {
        removeFrom(ungrouped.hosts, host.name);
        removeFrom(host.groups, 'ungrouped');
      } else if (!host.groups.includes('ungrouped')) {
        ungrouped.hosts.push(host.name);
        host.groups.push('ungrouped');
      }
    }
  }
}

function removeFrom(list: string[], item: string): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
