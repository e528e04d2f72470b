/**
 * What a looped task's items see and what its registered result holds, as
 * Ansible 2.14's task executor builds them (_run_loop, then run()'s fold of
 * the item results): key names, key order (Python prints dicts in insertion
 * order) and the messages.
 */
import type { ResultFields } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import type { Vars } from '../playbook/index.js';
import { dictEntries, makeDict } from '../template/index.js';

export interface LoopShape {
  loopVar: string;
  indexVar: string | undefined;
  /** loop_control.extended: ansible_loop is defined (and kept in each item's result). */
  extended: boolean;
  /** loop_control.extended_allitems (default true): ansible_loop.allitems. */
  allItems: boolean;
}

/** The variables one item runs with: the loop var, its index, and ansible_loop when extended. */
export function itemVars(shape: LoopShape, items: readonly unknown[], index: number): Vars {
  const n = items.length;
  const vars: Vars = { ansible_loop_var: shape.loopVar, [shape.loopVar]: items[index] };
  if (shape.indexVar) {
    vars.ansible_index_var = shape.indexVar;
    vars[shape.indexVar] = index;
  }
  if (shape.extended) {
    const loop: Record<string, unknown> = { index: index + 1, index0: index, first: index === 0, last: index + 1 === n, length: n, revindex: n - index, revindex0: n - index - 1 };
    if (shape.allItems) loop.allitems = items;
    if (index + 1 < n) loop.nextitem = items[index + 1];
    if (index > 0) loop.previtem = items[index - 1];
    vars.ansible_loop = loop;
  }
  return vars;
}

/** What an include's item passes to the included tasks: the loop and index variables and ansible_loop, not their names (Ansible's IncludedFile). */
export function includedItemVars(vars: Vars): Vars {
  const { ansible_loop_var: _loopVar, ansible_index_var: _indexVar, ...passed } = vars;
  return passed;
}

/** One item's result as registered: the action's fields, then the loop's own. */
export function itemResult(shape: LoopShape, result: ResultFields, vars: Vars): ResultFields {
  const out: ResultFields = { ...result, [shape.loopVar]: vars[shape.loopVar], ansible_loop_var: shape.loopVar };
  if (shape.indexVar) {
    out[shape.indexVar] = vars[shape.indexVar];
    out.ansible_index_var = shape.indexVar;
  }
  if (shape.extended) out.ansible_loop = vars.ansible_loop;
  return out;
}

/** The task's result from its items' (Ansible's run(): skipped unless an item ran, changed if one did, failed if one did). */
export function foldItems(results: ResultFields[], statuses: readonly HostStatus[]): { status: HostStatus; result: ResultFields } {
  if (results.length === 0) return { status: 'skipped', result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] } };
  const result: ResultFields = { results, skipped: true };
  for (const item of results) {
    if (item.changed === true) result.changed = true;
    if (result.skipped === true && item.skipped !== true) result.skipped = false;
    if (item.failed === true) {
      result.failed = true;
      result.msg = 'One or more items failed';
    }
  }
  if (result.failed !== true) result.msg = 'All items completed';
  if (result.skipped === true) result.msg = 'All items skipped';
  if (!('changed' in result)) result.changed = false;
  const failed = statuses.includes('failed');
  const status: HostStatus = failed ? 'failed' : result.skipped === true ? 'skipped' : result.changed === true ? 'changed' : 'ok';
  return { status, result };
}

/** A registered value without the executor's `_ansible_*` fields (Ansible's strip_internal_keys, at every depth). */
export function withoutInternalKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutInternalKeys) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  // A dict's typed keys and their order are kept (template/pydict.ts).
  return makeDict(dictEntries(value as Record<string, unknown>).filter(([k]) => typeof k !== 'string' || !k.startsWith('_ansible_')).map(([k, v]) => [k, withoutInternalKeys(v)] as const)) as T;
}
