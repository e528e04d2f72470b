/**
 * Ansible's variable precedence, lowest first, in the levels people rely
 * on. A later level replaces a whole value of an earlier one (Ansible's
 * default hash_behaviour=replace: dicts are not merged).
 *
 * Inventory levels (group vars all < parent < child, group_vars files,
 * host vars, host_vars files) are merged by the inventory; this module sees
 * their result as one level.
 */
export const LEVELS = [
  'role_defaults',
  'inventory',
  'facts',
  'play_vars',
  'vars_files',
  'role_vars',
  'block_vars',
  'task_vars',
  'include_vars',
  'host_facts_set',
  'role_params',
  'include_params',
  'extra_vars',
] as const;
export type Level = (typeof LEVELS)[number];

export type Vars = Record<string, unknown>;

/** Variables by level; a level may hold several dicts, later ones winning within it. */
export type LayerStack = Partial<Record<Level, readonly Vars[]>>;

/** Flattens the stack into the dicts in precedence order, lowest first. */
export function orderedLayers(stack: LayerStack): Vars[] {
  const out: Vars[] = [];
  for (const level of LEVELS) for (const dict of stack[level] ?? []) out.push(dict);
  return out;
}

/** The winning value of each name: what Ansible's variable manager computes. */
export function mergeLayers(stack: LayerStack): Vars {
  return Object.assign({}, ...orderedLayers(stack)) as Vars;
}

/** Which level a name's value comes from (for `-vvv` explanations and tests). */
export function levelOf(stack: LayerStack, name: string): Level | undefined {
  let found: Level | undefined;
  for (const level of LEVELS) {
    if ((stack[level] ?? []).some((d) => Object.prototype.hasOwnProperty.call(d, name))) found = level;
  }
  return found;
}
