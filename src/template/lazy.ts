/**
 * Lazily rendered variables: a value that is itself a template is rendered
 * when a template reads it (with the same lazy variables), once; a cycle
 * (a -> b -> a) is reported with the chain of names.
 */
import { InputError, type SourceLocation } from '../errors.js';
import type { VarScope } from './scope.js';
import { TemplateError } from './values.js';

/** What renders a variable's template: the Templar, seen only through this (templar.ts imports this file). */
export interface VariableRenderer {
  render(value: unknown, vars: VarScope, loc: SourceLocation): unknown;
}

export interface LazyVars extends VarScope {
  /** The names visible, highest layer winning. */
  keys(): string[];
}

const TEMPLATE_MARK = /\{\{|\{%|\{#/;
const clean = new WeakSet<object>();

/** Whether a variable's value holds template text somewhere (memoised for template-free objects). */
export function needsRender(v: unknown): boolean {
  if (typeof v === 'string') return TEMPLATE_MARK.test(v);
  if (typeof v !== 'object' || v === null) return false;
  if (clean.has(v)) return false;
  const items = Array.isArray(v) ? v : Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null ? Object.values(v) : [];
  if (items.some(needsRender)) return true;
  clean.add(v);
  return false;
}

/**
 * Marks a mapping whose values are rendered when read (e.g. the executor's
 * `hostvars` proxy): needsRender must not walk it, or it would render every
 * host's variables, and through their own `hostvars`, recurse without end.
 */
export function markRendered(v: object): void {
  clean.add(v);
}

/** Layered variables as written (lowest precedence first; a later layer wins), nothing rendered. */
export function rawLayers(layers: ReadonlyArray<Record<string, unknown>>): LazyVars {
  const holder = (name: string): Record<string, unknown> | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      if (l && Object.prototype.hasOwnProperty.call(l, name)) return l;
    }
    return undefined;
  };
  return {
    has: (name) => holder(name) !== undefined,
    get: (name) => holder(name)?.[name],
    keys() {
      const out = new Set<string>();
      for (const l of layers) for (const k of Object.keys(l)) out.add(k);
      return [...out];
    },
  };
}

/** `layers` lowest precedence first; a later layer wins. */
export function createLazyVars(layers: ReadonlyArray<Record<string, unknown>>, templar: VariableRenderer): LazyVars {
  const resolved = new Map<string, unknown>();
  const resolving: string[] = [];
  const written = rawLayers(layers);
  const scope: LazyVars = {
    has: written.has,
    get(name) {
      if (resolved.has(name)) return resolved.get(name);
      const raw = written.get(name);
      if (resolving.includes(name)) {
        const chain = [...resolving.slice(resolving.indexOf(name)), name].join(' -> ');
        throw new TemplateError(`recursive loop detected in template: ${chain}`);
      }
      if (!needsRender(raw)) return raw;
      resolving.push(name);
      try {
        const value = templar.render(raw, scope, { file: `variable '${name}'` });
        resolved.set(name, value);
        return value;
      } catch (err) {
        if (err instanceof InputError && err.cause instanceof TemplateError && err.reason.startsWith('recursive loop')) throw err.cause;
        throw err;
      } finally {
        resolving.pop();
      }
    },
    keys: written.keys,
  };
  return scope;
}
