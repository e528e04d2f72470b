/**
 * -e / --extra-vars: `k=v k2=v2` (Ansible's key=value syntax), a JSON or
 * YAML mapping, or `@file` (YAML or JSON). Later ones win.
 */
import { InputError } from '../errors.js';
import { parseKv } from '../playbook/index.js';
import { loadYamlFile, parseYaml } from '../yaml/load.js';
import type { Vars } from './layers.js';

function asMapping(value: unknown, where: string): Vars {
  // An empty file or document: nothing to add (a loaded value is never undefined).
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError('extra vars must be a mapping of names to values', { file: where });
  return value as Vars;
}

export async function parseExtraVars(values: readonly string[]): Promise<Vars> {
  const merged: Vars = {};
  for (const value of values) {
    const text = value.trim();
    if (text.startsWith('@')) {
      const doc = await loadYamlFile(text.slice(1));
      Object.assign(merged, asMapping(doc.value, doc.file));
    } else if (text.startsWith('{') || text.startsWith('[')) {
      Object.assign(merged, asMapping(parseYaml(text, '<--extra-vars>').value, '<--extra-vars>'));
    } else if (text !== '') {
      try {
        Object.assign(merged, parseKv(text, false));
      } catch (cause) {
        throw new InputError(`cannot read extra vars "${text}": ${cause instanceof Error ? cause.message : String(cause)}`, { file: '<--extra-vars>' }, { cause });
      }
    }
  }
  return merged;
}
