/** Helpers shared by the filter and test modules. */
import type { EvalContext, FilterFn, TestFn } from '../engine.js';
import { str, TemplateError, toNum, truthy, typeName, Undef, type KwArgs } from '../values.js';

export type { FilterFn, TestFn, EvalContext };

/** Positional-or-keyword argument `i`/`name` (0-based after the filtered value). */
export function arg(args: unknown[], kw: KwArgs, i: number, name: string, dflt?: unknown): unknown {
  if (i < args.length) return args[i];
  if (Object.prototype.hasOwnProperty.call(kw, name)) return kw[name];
  return dflt;
}

export function argStr(args: unknown[], kw: KwArgs, i: number, name: string, dflt?: string): string {
  const v = arg(args, kw, i, name, dflt);
  if (v instanceof Undef) v.fail();
  if (v === undefined) throw new TemplateError(`missing argument '${name}'`);
  return typeof v === 'string' ? v : str(v);
}

/** A number argument; none given for it fails in toNum, as Python's int operations fail on None. */
export function argNum(args: unknown[], kw: KwArgs, i: number, name: string, dflt: number): number {
  return toNum(arg(args, kw, i, name, dflt));
}

/** A flag argument, read as Python's `if flag:` reads it (an empty list is false, an undefined one fails). */
export function argBool(args: unknown[], kw: KwArgs, i: number, name: string, dflt: boolean): boolean {
  return truthy(arg(args, kw, i, name, dflt));
}

export function needString(v: unknown, filter: string): string {
  if (typeof v === 'string') return v;
  if (v instanceof Undef) v.fail();
  throw new TemplateError(`${filter} expects a string, got ${typeName(v)}`);
}

export type Registry = Record<string, FilterFn>;
export type TestRegistry = Record<string, TestFn>;
