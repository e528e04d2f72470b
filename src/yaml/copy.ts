/**
 * A deep copy of loaded data that keeps the values PyYAML makes which have no
 * JSON form (an integral float such as 1.0, a date): structuredClone would turn
 * those into plain mappings. Maps, sets, lists and mappings are copied; every
 * other object is immutable and shared.
 */
import { copyDict } from '../template/pydict.js';

export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copyData(v)])) as T;
  if (value instanceof Set) return new Set([...value].map(copyData)) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  if (proto === null) {
    const bare = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) bare[k] = copyData(v);
    return bare as T;
  }
  // A dict's typed keys and their order (template/pydict.ts) are copied too.
  return copyDict(value as Record<string, unknown>, copyData) as T;
}
