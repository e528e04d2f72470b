/**
 * Python's dict keys on plain objects. A dict stays a plain object (every
 * reader of variables keeps working), and a dict that needs more keeps its
 * Python keys, in insertion order, in a side table: one with typed keys (1,
 * True, None, 1.5, a date), so that 1 and "1" stay two keys as in Python,
 * or with text keys JavaScript would reorder (array indexes: "10" would
 * come first). A typed key is stored under its text ("80"), or under a
 * marked name when that text is taken by another key of the same dict; so
 * a copy that loses the side table (a spread) still reads as before.
 */
import { PyDate } from './pydate.js';
import { floatRepr, PyFloat } from './pyfloat.js';

interface KeyTable {
  keys: unknown[];
  props: string[];
}

const TABLES = new WeakMap<object, KeyTable>();
const MARK = '\u0000';

/**
 * Text keys a JavaScript object would move first: array indexes, and any
 * longer number too (a side table where none was needed changes nothing).
 */
const indexLike = (k: string) => /^(?:0|[1-9]\d*)$/.test(k);

/** The numeric value of an int, float or bool key (1, 1.0 and True are one key in Python). */
function numericKey(key: unknown): number | undefined {
  if (typeof key === 'number') return key;
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (key instanceof PyFloat) return key.v;
  return undefined;
}

/** Whether two keys are one in a Python dict (equal and of hashable kinds that compare equal). */
function sameKey(a: unknown, b: unknown): boolean {
  // A text key is only ever the same as the same text: every test below ends in === for it.
  const x = numericKey(a);
  const y = numericKey(b);
  if (x !== undefined || y !== undefined) return x === y;
  if (a instanceof PyDate && b instanceof PyDate) return a.repr() === b.repr();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameKey(v, b[i]));
  // None is null, or undefined where a key was never set.
  return (a ?? null) === (b ?? null);
}

/** One text per distinct Python key (1, 1.0 and True give one): for maps keyed as a dict is. */
export function keyId(key: unknown): string {
  if (typeof key === 'string') return `s${key}`;
  const n = numericKey(key);
  return n !== undefined ? `n${n}` : `k${keyText(key)}`;
}

/** The text a typed key is stored under when free: str() of it (what JSON.stringify of a copy shows). */
function keyText(key: unknown): string {
  if (key === null || key === undefined) return 'None';
  if (key === true) return 'True';
  if (key === false) return 'False';
  if (typeof key === 'number') return Number.isInteger(key) ? String(key) : floatRepr(key);
  if (key instanceof PyFloat) return floatRepr(key.v);
  if (key instanceof PyDate) return key.str();
  // A tuple's text is its repr: its strings quoted, so that ('a, b',) and ('a', 'b') stay two keys.
  if (Array.isArray(key)) return `(${key.map((k) => (typeof k === 'string' ? `'${k.replace(/[\\']/g, '\\$&')}'` : keyText(k))).join(', ')})`;
  throw new TypeError(`unhashable key`);
}

/** Python's JSON text for a key: json.dumps writes 1 as "1", True as "true", None as "null". */
export function jsonKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null || key === undefined) return 'null';
  if (key instanceof PyDate) return key.isoformat();
  return keyText(key);
}

/** JSON.stringify of a dict with a side table writes its keys as Python's json module does. */
function toJSON(this: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of dictEntries(this)) out[jsonKey(k)] = v;
  return out;
}

/** A dict from (key, value) pairs as Python's dict() builds it: the first key kept, the last value. */
export function makeDict(entries: Iterable<readonly [unknown, unknown]>): Record<string, unknown> {
  const keys: unknown[] = [];
  const values: unknown[] = [];
  for (const [key, value] of entries) {
    const i = keys.findIndex((k) => sameKey(k, key));
    if (i >= 0) values[i] = value;
    else {
      keys.push(key);
      values.push(value);
    }
  }
  const texts = new Set(keys.filter((k): k is string => typeof k === 'string'));
  const used = new Set<string>();
  const props = keys.map((key) => {
    if (typeof key === 'string') return key;
    const text = keyText(key);
    // The text belongs to a string key of this dict (or another typed key): a marked name then.
    const prop = texts.has(text) || used.has(text) ? `${MARK}${typeof key}:${text}` : text;
    used.add(prop);
    return prop;
  });
  const out: Record<string, unknown> = {};
  for (const [i, prop] of props.entries()) out[prop] = values[i];
  const needed = keys.some((k) => typeof k !== 'string' || indexLike(k));
  return needed ? withTable(out, { keys, props }) : out;
}

function withTable(out: Record<string, unknown>, table: KeyTable): Record<string, unknown> {
  TABLES.set(out, table);
  Object.defineProperty(out, 'toJSON', { value: toJSON, enumerable: false });
  return out;
}

/** Where `key` is stored in `d`, or undefined. A dict without a side table finds a typed key by its text. */
export function keyProp(d: Record<string, unknown>, key: unknown): string | undefined {
  const table = TABLES.get(d);
  if (table) {
    const i = table.keys.findIndex((k) => sameKey(k, key));
    if (i >= 0) return Object.prototype.hasOwnProperty.call(d, table.props[i] as string) ? table.props[i] : undefined;
    // Added later by a template (update()), without the table.
    return typeof key === 'string' && !table.props.includes(key) && Object.prototype.hasOwnProperty.call(d, key) ? key : undefined;
  }
  const prop = typeof key === 'string' ? key : keyText(key);
  return Object.prototype.hasOwnProperty.call(d, prop) ? prop : undefined;
}

/** d[key] = value, keeping the side table (a new typed key joins it). */
export function setItem(d: Record<string, unknown>, key: unknown, value: unknown): void {
  const prop = keyProp(d, key);
  if (prop !== undefined) {
    d[prop] = value;
    return;
  }
  const table = TABLES.get(d);
  if (!table && typeof key === 'string' && !indexLike(key)) {
    d[key] = value;
    return;
  }
  const rebuilt = makeDict([...dictEntries(d), [key, value]]);
  for (const p of Object.keys(d)) delete d[p];
  Object.assign(d, rebuilt);
  const newTable = TABLES.get(rebuilt);
  if (newTable) withTable(d, newTable);
}

/** The key a marked property name stands for, when a copy lost the dict's side table. */
function unmark(prop: string): unknown {
  if (!prop.startsWith(MARK)) return prop;
  const colon = prop.indexOf(':');
  const kind = prop.slice(1, colon);
  const text = prop.slice(colon + 1);
  if (kind === 'boolean') return text === 'True';
  if (kind === 'number') return Number(text);
  if (kind === 'object' && text === 'None') return null;
  return prop;
}

/** The dict's Python keys in insertion order (its property names when it has no side table). */
export function dictKeys(d: Record<string, unknown>): unknown[] {
  const table = TABLES.get(d);
  if (!table) return Object.keys(d).map(unmark);
  const keys: unknown[] = [];
  const seen = new Set<string>();
  for (const [i, key] of table.keys.entries()) {
    const prop = table.props[i] as string;
    if (!Object.prototype.hasOwnProperty.call(d, prop)) continue;
    keys.push(key);
    seen.add(prop);
  }
  for (const prop of Object.keys(d)) if (!seen.has(prop)) keys.push(prop);
  return keys;
}

export function dictEntries(d: Record<string, unknown>): Array<[unknown, unknown]> {
  const table = TABLES.get(d);
  if (!table) return Object.entries(d).map(([k, v]) => [unmark(k), v]);
  return dictKeys(d).map((k) => [k, d[keyProp(d, k) ?? '']]);
}

export function dictValues(d: Record<string, unknown>): unknown[] {
  return dictEntries(d).map(([, v]) => v);
}

/** A copy of a dict with its keys' types and order (a spread would lose both). */
export function copyDict(d: Record<string, unknown>, value: (v: unknown) => unknown = (v) => v): Record<string, unknown> {
  if (!TABLES.has(d)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d)) out[k] = value(v);
    return out;
  }
  return makeDict(dictEntries(d).map(([k, v]) => [k, value(v)] as const));
}

/** Whether `key` can be a dict key (Python refuses lists, dicts and sets). */
export function hashable(key: unknown): boolean {
  try {
    if (typeof key !== 'string') keyText(key);
    return true;
  } catch {
    return false;
  }
}
