/**
 * Python's value model as Jinja2 sees it, on JavaScript values.
 *
 * str -> string, int -> integral number, float -> non-integral number or a
 * PyFloat (an integral float such as 2.0 keeps printing "2.0"), bool ->
 * boolean, None -> null, list -> array, tuple -> array registered in
 * `tuples`, dict -> plain object. An undefined variable is an Undef: using
 * it in any way other than `is defined`/`default` raises TemplateError.
 */

import { floatRepr, PyFloat } from './pyfloat.js';
import { PyDate } from './pydate.js';
import { copyDict, dictEntries, dictKeys, hashable, keyProp } from './pydict.js';

export { floatRepr, PyDate, PyFloat };

/** A template failed; carries the message and, when known, the template line. */
export class TemplateError extends Error {
  lineno: number | undefined;
  constructor(message: string, lineno?: number) {
    super(message);
    this.name = 'TemplateError';
    this.lineno = lineno;
  }
}

/** Using an undefined value (Jinja2's UndefinedError): callers that skip or default on undefined tell it apart. */
export class UndefinedError extends TemplateError {
  constructor(message: string, lineno?: number) {
    super(message, lineno);
    this.name = 'UndefinedError';
  }
}

/** Whether `err`, or an error it wraps (InputError's cause), is an UndefinedError. */
export function isUndefinedError(err: unknown): boolean {
  // A set of the errors seen, not a depth limit: a cause chain may loop back on itself.
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    if (e instanceof UndefinedError) return true;
    seen.add(e);
  }
  return false;
}

/** A variable (or attribute) that does not exist. */
export class Undef {
  constructor(
    readonly name: string,
    readonly hint?: string,
  ) {}
  get message(): string {
    return this.hint ?? `'${this.name}' is undefined`;
  }
  fail(): never {
    throw new UndefinedError(this.message);
  }
}

const tupleSet = new WeakSet<object>();
export function tuple<T>(items: T[]): T[] {
  tupleSet.add(items);
  return items;
}
export function isTuple(v: unknown): boolean {
  return typeof v === 'object' && v !== null && tupleSet.has(v);
}

const tupleFields = new WeakMap<object, readonly string[]>();
/** A named tuple (groupby's grouper/list): a tuple whose items are also attributes. */
export function namedTuple<T>(items: T[], fields: readonly string[]): T[] {
  tupleFields.set(items, fields);
  return tuple(items);
}
/** The item a named tuple's field names, or undefined. */
export function tupleField(v: readonly unknown[], name: string): { value: unknown } | undefined {
  const i = tupleFields.get(v)?.indexOf(name) ?? -1;
  return i < 0 ? undefined : { value: v[i] };
}

/** A Jinja2 namespace() object: attributes settable from inside loops. */
export class Namespace {
  readonly attrs: Record<string, unknown>;
  constructor(init: Record<string, unknown>) {
    this.attrs = { ...init };
  }
}

/** Marks a function as callable from templates (macros, bound methods, globals). */
export type PyCallable = ((...args: unknown[]) => unknown) & { pyName?: string; pyRepr?: string; pyAttrs?: Record<string, unknown> };

export interface KwArgs {
  [k: string]: unknown;
}

export function mkFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}
export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';
}
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TemplateError(`expected a number, got ${typeName(v)}`);
}
export function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyDate) return v.typeName;
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (v instanceof Undef) return 'AnsibleUndefined';
  if (v instanceof Namespace) return 'Namespace';
  if (typeof v === 'function') return 'function';
  if (isDict(v)) return 'dict';
  return 'object';
}

/** Throws if v is undefined; returns v otherwise. */
export function defined<T>(v: T): T {
  if (v instanceof Undef) v.fail();
  return v;
}

// ---------------------------------------------------------------- repr/str

/** What Python's str.isprintable() refuses (the space excepted): repr() writes these as escapes. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeCode(c: number): string {
  if (c < 0x100) return '\\x' + c.toString(16).padStart(2, '0');
  if (c < 0x10000) return '\\u' + c.toString(16).padStart(4, '0');
  return '\\U' + c.toString(16).padStart(8, '0');
}

function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) out += escapeCode(ch.codePointAt(0) as number); // a character of a string: never undefined
    else out += ch;
  }
  return out + quote;
}

export function repr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof PyDate) return v.repr();
  if (v instanceof Undef) v.fail();
  if (Array.isArray(v)) {
    const items = v.map(repr);
    if (isTuple(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (v instanceof Namespace) return `<Namespace ${repr(v.attrs)}>`;
  if (typeof v === 'function') return (v as PyCallable).pyRepr ?? `<function ${(v as PyCallable).pyName ?? 'anonymous'}>`;
  if (typeof v === 'object') {
    const parts = dictEntries(v as Record<string, unknown>).map(([k, x]) => `${repr(k)}: ${repr(x)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

/** Python's str(). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyDate) return v.str();
  return repr(v);
}

/** Python truthiness; an undefined value raises. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v) ? true : Number.isNaN(v);
  if (v instanceof PyFloat) return v.v !== 0;
  if (v instanceof Undef) v.fail();
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  // Any other object (a namespace, a function, a date) is true, as Python's objects are.
  return true;
}

// ---------------------------------------------------------------- comparisons

export function pyEq(a: unknown, b: unknown): boolean {
  if (a instanceof Undef) a.fail();
  if (b instanceof Undef) b.fail();
  if (isNumber(a) && isNumber(b)) return toNum(a) === toNum(b);
  // JavaScript's undefined is None too; any other mix of types differs and falls to the identity test below.
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length || isTuple(a) !== isTuple(b)) return false;
    return a.every((x, i) => pyEq(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEq(a[k], b[k]));
  }
  return a === b;
}

/** Python's ordering: -1, 0, 1; TypeError for unorderable types. */
export function pyCmp(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof Undef) a.fail();
  if (b instanceof Undef) b.fail();
  if (isNumber(a) && isNumber(b)) {
    const x = toNum(a);
    const y = toNum(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyCmp(a[i], b[i], op);
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  throw new TemplateError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** A dict key as Python takes it: a list or a dict is refused (its TypeError, unhashable type). */
export function needHashable<T>(item: T): T {
  if (!hashable(item) || (Array.isArray(item) && !isTuple(item))) throw new TemplateError(`unhashable type: '${typeName(item)}'`);
  return item;
}

export function pyIn(item: unknown, container: unknown): boolean {
  if (container instanceof Undef) container.fail();
  if (item instanceof Undef) item.fail();
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new TemplateError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
  if (isDict(container)) {
    return keyProp(container, needHashable(item)) !== undefined;
  }
  throw new TemplateError(`argument of type '${typeName(container)}' is not iterable`);
}

// ---------------------------------------------------------------- arithmetic

function numResult(n: number, float: boolean): number | PyFloat {
  return float ? mkFloat(n) : n;
}

export function pyAdd(a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  if (isNumber(a) && isNumber(b)) return numResult(toNum(a) + toNum(b), isFloat(a) || isFloat(b));
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b)) throw new TemplateError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    const r = [...a, ...b];
    return isTuple(a) ? tuple(r) : r;
  }
  throw new TemplateError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}

function isSequence(v: unknown): v is string | unknown[] {
  return typeof v === 'string' || Array.isArray(v);
}

/** seq * n: a bool counts as an int, anything else is Python's TypeError. */
function repeatSequence(seq: string | unknown[], times: unknown): unknown {
  if (!isInt(times) && typeof times !== 'boolean') throw new TemplateError(`can't multiply sequence by non-int of type '${typeName(times)}'`);
  const n = Math.max(0, toNum(times));
  if (typeof seq === 'string') return seq.repeat(n);
  const r: unknown[] = [];
  for (let i = 0; i < n; i++) r.push(...seq);
  return isTuple(seq) ? tuple(r) : r;
}

/** Python's arithmetic on numbers, lists and strings; `str % args` is the evaluator's (pyformat.ts, which reads this file). */
export function pyArith(op: string, a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  if (op === '+') return pyAdd(a, b);
  if (op === '*') {
    const seq = isSequence(a) ? a : isSequence(b) ? b : undefined;
    if (seq !== undefined) return repeatSequence(seq, seq === a ? b : a);
  }
  if (!isNumber(a) || !isNumber(b)) {
    throw new TemplateError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }
  const x = toNum(a);
  const y = toNum(b);
  const fl = isFloat(a) || isFloat(b);
  switch (op) {
    case '-':
      return numResult(x - y, fl);
    case '*':
      return numResult(x * y, fl);
    case '/':
      if (y === 0) throw new TemplateError(fl ? 'float division by zero' : 'division by zero');
      return mkFloat(x / y);
    case '//':
      if (y === 0) throw new TemplateError(fl ? 'float floor division by zero' : 'integer division or modulo by zero');
      return numResult(Math.floor(x / y), fl);
    case '%': {
      if (y === 0) throw new TemplateError(fl ? 'float modulo' : 'integer modulo by zero');
      const m = x - Math.floor(x / y) * y;
      return numResult(m, fl);
    }
    case '**':
      return numResult(x ** y, fl || y < 0);
    default:
      throw new TemplateError(`unknown operator ${op}`);
  }
}

/** Iterate like Python's iter(): list items, dict keys, string characters. */
export function iterate(v: unknown): unknown[] {
  if (v instanceof Undef) v.fail();
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return dictKeys(v);
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)];
  throw new TemplateError(`'${typeName(v)}' object is not iterable`);
}

/** Deep copy to plain JS values (PyFloat -> number): what leaves the engine. */
export function toPlain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (isDict(v)) return copyDict(v, toPlain);
  return v;
}
