/**
 * What evaluation runs against: the engine's filters, tests, globals and
 * template loader, and the convention for functions templates may call.
 */
import type { Node } from './syntax-tree.js';
import type { KwArgs, PyCallable } from './values.js';

export type FilterFn = (value: unknown, args: unknown[], kw: KwArgs, ctx: EvalContext) => unknown;
export type TestFn = (value: unknown, args: unknown[], kw: KwArgs, ctx: EvalContext) => boolean;

export interface LoadedTemplate {
  name: string;
  root: Node;
}

export interface Engine {
  filters: Map<string, FilterFn>;
  /** Filters that receive an undefined value instead of failing on it. */
  undefinedFilters: Set<string>;
  tests: Map<string, TestFn>;
  undefinedTests: Set<string>;
  globals: Record<string, unknown>;
  loadTemplate(name: string, from: string): LoadedTemplate | null;
}

export interface EvalContext {
  engine: Engine;
  /** Calls a template-visible function (macro, method, global) with Python conventions. */
  call(fn: unknown, args: unknown[], kw: KwArgs): unknown;
}

const CALLABLE = Symbol('pyCallable');
export function pyFunc(name: string, fn: (args: unknown[], kw: KwArgs) => unknown): PyCallable {
  const f = fn as unknown as PyCallable & { [CALLABLE]?: boolean };
  f.pyName = name;
  f[CALLABLE] = true;
  return f;
}
export function isPyCallable(v: unknown): v is (args: unknown[], kw: KwArgs) => unknown {
  return typeof v === 'function' && (v as { [CALLABLE]?: boolean })[CALLABLE] === true;
}
