/**
 * The image tree: which images to build (selection by regular expression,
 * parents included), in which order (parents first), and the errors a
 * tree can have (a cycle). Pure functions over names.
 */
import { UsageError } from '../errors.js';

export interface GraphNode {
  name: string;
  /** Images of ours this one is built FROM (usually one: its parent). */
  deps: readonly string[];
}

export class CycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`images depend on each other in a cycle: ${cycle.join(' -> ')}`);
    this.name = 'CycleError';
  }
}

/**
 * Parents before children; images of the same depth by name (so that the
 * order reads as the tree does). Throws CycleError naming a cycle.
 * Dependencies on unknown names are ignored here (the loader reports them
 * with their file and line).
 */
export function buildOrder(nodes: readonly GraphNode[]): string[] {
  const names = new Set(nodes.map((n) => n.name));
  const waiting = new Map(nodes.map((n) => [n.name, new Set(n.deps.filter((d) => names.has(d)))]));
  const order: string[] = [];
  let ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([name]) => name).sort();
  while (ready.length > 0) {
    for (const name of ready) {
      waiting.delete(name);
      order.push(name);
    }
    const done = new Set(ready);
    ready = [];
    for (const [name, deps] of waiting) {
      for (const d of done) deps.delete(d);
      if (deps.size === 0) ready.push(name);
    }
    ready.sort();
  }
  if (waiting.size > 0) throw new CycleError(findCycle(waiting));
  return order;
}

/** One cycle among images that never became ready. */
function findCycle(waiting: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = [...waiting.keys()].sort()[0] as string;
  const path: string[] = [];
  let current = start;
  while (!path.includes(current)) {
    path.push(current);
    current = [...(waiting.get(current) ?? [])].sort()[0] as string;
  }
  return [...path.slice(path.indexOf(current)), current];
}

/** Every ancestor of `name` (parents, their parents...). */
export function ancestors(name: string, nodes: readonly GraphNode[]): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const found = new Set<string>();
  const stack = [...(byName.get(name)?.deps ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...(byName.get(next)?.deps ?? []));
  }
  return found;
}

/** Every descendant of `name` (children, their children...). */
export function descendants(name: string, nodes: readonly GraphNode[]): Set<string> {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (found.has(node.name)) continue;
      if (node.deps.some((d) => d === name || found.has(d))) {
        found.add(node.name);
        grew = true;
      }
    }
  }
  return found;
}

export function compilePatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(pattern);
    } catch (cause) {
      throw new UsageError(`"${pattern}" is not a valid regular expression`, { cause });
    }
  });
}

/**
 * The images to build: those whose name matches any pattern (searched
 * anywhere in the name, as Kolla does), plus all their parents. No pattern
 * selects everything. A pattern that matches nothing is a usage error.
 */
export function selectImages(nodes: readonly GraphNode[], patterns: readonly string[]): Set<string> {
  if (patterns.length === 0) return new Set(nodes.map((n) => n.name));
  const regexes = compilePatterns(patterns);
  const selected = new Set<string>();
  regexes.forEach((regex, i) => {
    const matched = nodes.filter((n) => regex.test(n.name));
    if (matched.length === 0) throw new UsageError(`no image matches "${patterns[i] ?? ''}"`);
    for (const node of matched) {
      selected.add(node.name);
      for (const parent of ancestors(node.name, nodes)) selected.add(parent);
    }
  });
  return selected;
}
