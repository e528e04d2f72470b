/**
 * Ansible's YAML inventory format: top-level keys are groups (usually just
 * `all`), each with optional `hosts`, `vars` and `children` mappings.
 * Shapes are checked with zod at this edge; every mistake points at the
 * YAML node. Hosts of a group are read before its children, as Ansible does
 * (it decides which hosts exist first, hence their order).
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { YamlDocument, YamlPath } from '../yaml/load.js';
import { expandHostRange, parseAddress, HostRangeError } from './address.js';
import { InventoryData, StructureError } from './model.js';

const mapping = z.record(z.string(), z.unknown());
const section = mapping.nullish();
const groupShape = z.object({ vars: section, hosts: section, children: section }).loose();
const KNOWN_KEYS = new Set(['vars', 'hosts', 'children']);

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

export function parseYamlInventory(doc: YamlDocument, data: InventoryData): void {
  const fail = (reason: string, path: YamlPath): never => {
    throw new InputError(reason, doc.locate(path));
  };
  const guard = (path: YamlPath, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (err instanceof StructureError || err instanceof HostRangeError) fail(err.message, path);
      throw err;
    }
  };
  const root = doc.value;
  if (root === null || root === undefined) return;
  const top = mapping.safeParse(root);
  if (!top.success) return fail(`a YAML inventory must be a mapping of groups, found ${kindOf(root)}`, []);
  if ('plugin' in top.data) return fail('inventory plugin configurations are not supported; use a static inventory', ['plugin']);

  const parseGroup = (name: string, value: unknown, path: YamlPath): void => {
    if (value === null || value === undefined) {
      data.addGroup(name);
      return;
    }
    const shape = groupShape.safeParse(value);
    if (!shape.success) {
      if (!mapping.safeParse(value).success) {
        data.warnings.push(`${where(doc, path)}: skipping group "${name}": expected a mapping, found ${kindOf(value)}`);
        return;
      }
      const issue = shape.error.issues[0];
      const key = String(issue?.path[0] ?? '');
      const found = (value as Record<string, unknown>)[key];
      return fail(`"${key}" of group "${name}" must be a mapping, found ${kindOf(found)}`, [...path, key]);
    }
    data.addGroup(name);
    for (const key of Object.keys(shape.data)) {
      if (!KNOWN_KEYS.has(key)) data.warnings.push(`${where(doc, [...path, key])}: skipping unexpected key "${key}" in group "${name}"`);
    }
    for (const [key, v] of Object.entries(shape.data.vars ?? {})) guard([...path, 'vars', key], () => data.setGroupVar(name, key, v));
    for (const [pattern, hostVars] of Object.entries(shape.data.hosts ?? {})) {
      const hostPath = [...path, 'hosts', pattern];
      const vars = mapping.nullish().safeParse(hostVars);
      if (!vars.success) fail(`vars of host "${pattern}" must be a mapping, found ${kindOf(hostVars)}`, hostPath);
      const address = parseAddress(pattern, true);
      let names: string[] = [];
      guard(hostPath, () => {
        names = expandHostRange(address?.host ?? pattern);
      });
      for (const host of names) {
        data.addHost(host, name, address?.port);
        for (const [k, v] of Object.entries(vars.data ?? {})) data.setHostVar(host, k, v);
      }
    }
    for (const [child, childValue] of Object.entries(shape.data.children ?? {})) {
      const childPath = [...path, 'children', child];
      parseGroup(child, childValue, childPath);
      guard(childPath, () => data.addChild(name, child));
    }
  };

  for (const [name, value] of Object.entries(top.data)) parseGroup(name, value, [name]);
}

function where(doc: YamlDocument, path: YamlPath): string {
  const loc = doc.locate(path);
  return loc.line === undefined ? loc.file : `${loc.file}:${loc.line}`;
}
