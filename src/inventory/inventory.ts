/**
 * The loaded inventory: membership, host order and the merged variables of
 * each host as Ansible computes them for a play. Read-only but for add_host,
 * which adds hosts and groups while a playbook runs (addDynamicHost).
 */
import type { GroupData, HostData, InventoryData, Vars } from './model.js';
import type { VarsDir } from './vars-files.js';
import { copyData } from '../yaml/copy.js';

/** Names Ansible treats as the implicit local host when they are not in the inventory. */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface InventoryGroup {
  readonly name: string;
  /** Direct members, in inventory order. */
  readonly hosts: readonly string[];
  readonly children: readonly string[];
  readonly parents: readonly string[];
  /** Vars set in the inventory sources (group_vars/ files not included). */
  readonly vars: Readonly<Vars>;
  readonly priority: number;
}

/** A host's vars by origin, lowest precedence first within each layer. */
export interface HostVarsLayers {
  /** Inventory-source vars of `all`, then of each group in merge order. */
  readonly inventoryGroupVars: Vars;
  /** group_vars/ files beside the sources, same group order. */
  readonly groupVarsFiles: Vars;
  /** Vars on the host in the inventory sources (includes inventory_file/inventory_dir). */
  readonly inventoryHostVars: Vars;
  /** host_vars/ files beside the sources. */
  readonly hostVarsFiles: Vars;
}

/** Vars read from the vars directories, keyed by group or host name, one map per source. */
export interface LoadedVarsFiles {
  readonly dirs: readonly VarsDir[];
  readonly groups: ReadonlyArray<ReadonlyMap<string, Vars>>;
  readonly hosts: ReadonlyArray<ReadonlyMap<string, Vars>>;
  /** group_vars/ and host_vars/ beside the playbook. */
  readonly play?: { readonly groups: ReadonlyMap<string, Vars>; readonly hosts: ReadonlyMap<string, Vars> };
}

export class Inventory {
  /** Every host, in the order the sources (then add_host) created them. */
  hostNames: readonly string[];
  /** Every group, in creation order (`all` and `ungrouped` first). */
  groupNames: readonly string[];
  /** The sources given, resolved to absolute paths when they are paths. */
  readonly sources: readonly string[];
  readonly warnings: readonly string[];
  private readonly depthCache = new Map<string, number>();
  private readonly hostsCache = new Map<string, readonly string[]>();
  private readonly sharedVarsCache = new Map<string, Readonly<Vars>>();

  constructor(
    private readonly data: InventoryData,
    private readonly files: LoadedVarsFiles,
    sources: readonly string[],
  ) {
    this.hostNames = [...data.hosts.keys()];
    this.groupNames = [...data.groups.keys()];
    this.sources = sources;
    this.warnings = [...data.warnings];
  }

  /**
   * add_host, as Ansible's add_dynamic_host: the host (made when new, in no
   * inventory file) joins `groups` (made when new, under `all`) and gets
   * `vars` over its own. Returns whether anything changed.
   */
  addDynamicHost(name: string, groups: readonly string[], vars: Vars): boolean {
    let changed = false;
    let host = this.data.hosts.get(name);
    if (!host) {
      const source = this.data.currentSource;
      this.data.currentSource = undefined;
      host = this.data.addHost(name);
      this.data.currentSource = source;
      changed = true;
    }
    for (const [key, value] of Object.entries(vars)) {
      if (JSON.stringify(host.vars[key]) === JSON.stringify(value) && key in host.vars) continue;
      host.vars[key] = value;
      changed = true;
    }
    for (const group of groups) {
      const known = this.data.groups.get(group);
      if (known?.hosts.includes(name)) continue;
      this.data.addHost(name, group);
      changed = true;
    }
    if (changed) {
      this.data.reconcile();
      this.hostNames = [...this.data.hosts.keys()];
      this.groupNames = [...this.data.groups.keys()];
      this.hostsCache.clear();
      this.depthCache.clear();
      this.sharedVarsCache.clear();
    }
    return changed;
  }

  hasHost(name: string): boolean {
    return this.data.hosts.has(name);
  }

  hasGroup(name: string): boolean {
    return this.data.groups.has(name);
  }

  /** A host Ansible would create on demand: localhost and friends, when not listed. */
  isImplicitLocalhost(name: string): boolean {
    return !this.data.hosts.has(name) && LOCALHOST_NAMES.includes(name);
  }

  group(name: string): InventoryGroup | undefined {
    return this.data.groups.get(name);
  }

  /**
   * All hosts of a group and its descendants, in Ansible's order: the
   * group's own hosts, then breadth-first through its children.
   */
  groupHosts(name: string): readonly string[] {
    const cached = this.hostsCache.get(name);
    if (cached) return cached;
    const out: string[] = [];
    const seenHosts = new Set<string>();
    for (const g of this.descendants(name)) {
      for (const h of this.data.groups.get(g)?.hosts ?? []) {
        if (!seenHosts.has(h)) {
          seenHosts.add(h);
          out.push(h);
        }
      }
    }
    this.hostsCache.set(name, out);
    return out;
  }

  /** The group itself and all groups below it, breadth-first. */
  descendants(name: string): string[] {
    if (!this.data.groups.has(name)) return [];
    const order = [name];
    const seen = new Set(order);
    // The loop also visits the children pushed while it runs: breadth-first.
    for (const group of order) {
      for (const child of this.data.groups.get(group)?.children ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          order.push(child);
        }
      }
    }
    return order;
  }

  /** Every group a host belongs to, directly or through children, `all` included. */
  hostGroups(host: string): string[] {
    const h = this.data.hosts.get(host);
    if (!h) return [];
    const out = new Set<string>(['all']);
    for (const g of h.groups) {
      out.add(g);
      for (const a of this.ancestorsOf(g)) out.add(a);
    }
    return [...out];
  }

  /** As Ansible's `group_names`: sorted, without `all` (`ungrouped` is kept, as Ansible does). */
  groupNamesOf(host: string): string[] {
    return this.hostGroups(host).filter((g) => g !== 'all').sort();
  }

  /** As Ansible's `groups` magic variable: every group to its hosts, `all` and `ungrouped` included. */
  groupsMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const g of this.groupNames) out[g] = [...this.groupHosts(g)];
    return out;
  }

  inventoryFile(host: string): string | undefined {
    const v = this.data.hosts.get(host)?.vars['inventory_file'];
    return typeof v === 'string' ? v : undefined;
  }

  inventoryDir(host: string): string | undefined {
    const v = this.data.hosts.get(host)?.vars['inventory_dir'];
    return typeof v === 'string' ? v : undefined;
  }

  /**
   * The host's groups other than `all` in merge order: shallower first, then
   * by ansible_group_priority, then by name.
   */
  mergeOrder(host: string): string[] {
    return this.hostGroups(host)
      .filter((g) => g !== 'all')
      .map((g) => ({ g, depth: this.depth(g), priority: this.data.groups.get(g)?.priority ?? 1 }))
      .sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0))
      .map((x) => x.g);
  }

  hostVarsLayers(host: string): HostVarsLayers {
    const implicit = this.isImplicitLocalhost(host);
    const h: HostData | undefined = this.data.hosts.get(host);
    if (!h && !implicit) return { inventoryGroupVars: {}, groupVarsFiles: {}, inventoryHostVars: {}, hostVarsFiles: {} };
    const order = ['all', ...(h ? this.mergeOrder(host) : [])];
    const inventoryGroupVars: Vars = {};
    for (const g of order) Object.assign(inventoryGroupVars, this.data.groups.get(g)?.vars);
    // Ansible's order: all (inventory sources, then playbook), then the other groups (inventory sources, then playbook).
    const groupVarsFiles: Vars = {};
    const play = this.files.play;
    for (const perSource of this.files.groups) Object.assign(groupVarsFiles, perSource.get('all'));
    Object.assign(groupVarsFiles, play?.groups.get('all'));
    const groups = order.slice(1);
    for (const perSource of this.files.groups) for (const g of groups) Object.assign(groupVarsFiles, perSource.get(g));
    if (play) for (const g of groups) Object.assign(groupVarsFiles, play.groups.get(g));
    const hostVarsFiles: Vars = {};
    for (const perSource of this.files.hosts) Object.assign(hostVarsFiles, perSource.get(host));
    Object.assign(hostVarsFiles, play?.hosts.get(host));
    const inventoryHostVars: Vars = h ? { ...h.vars } : { ansible_connection: 'local' };
    return copyData({ inventoryGroupVars, groupVarsFiles, inventoryHostVars, hostVarsFiles });
  }

  /** The host's variables from the inventory: group vars merged all < parent < child, then host vars. */
  hostVars(host: string): Vars {
    const l = this.hostVarsLayers(host);
    return { ...l.inventoryGroupVars, ...l.groupVarsFiles, ...l.inventoryHostVars, ...l.hostVarsFiles };
  }

  /**
   * hostVars merged once per host (until add_host changes the inventory) and
   * shared, not copied: the executor reads a host's inventory variables for
   * every task and for every `hostvars[h]` a template reads, which merged and
   * copied each time cost O(hosts^2) per task. Read-only, as the play's vars are.
   */
  sharedHostVars(host: string): Readonly<Vars> {
    let vars = this.sharedVarsCache.get(host);
    if (!vars) this.sharedVarsCache.set(host, (vars = this.hostVars(host)));
    return vars;
  }

  /** Longest distance from `all`: Ansible's group depth. */
  depth(name: string): number {
    const cached = this.depthCache.get(name);
    if (cached !== undefined) return cached;
    const g: GroupData | undefined = this.data.groups.get(name);
    const d = name === 'all' || !g ? 0 : Math.max(0, ...g.parents.map((p) => this.depth(p) + 1));
    this.depthCache.set(name, d);
    return d;
  }

  private ancestorsOf(group: string): Set<string> {
    return this.data.ancestors(group);
  }
}
