/**
 * A host's variables as templates see them: layers looked up from the
 * highest precedence down, and values that are themselves templates
 * rendered when read (Ansible's lazy evaluation), in the context of the
 * same host and task. A variable that needs itself is reported with the
 * chain of names that led back to it.
 */
import { InputError, type SourceLocation } from '../errors.js';
import type { Vars } from './layers.js';

/** Where templates read variables from; the template engine's lookup interface. */
export interface VarScope {
  get(name: string): unknown;
  has(name: string): boolean;
}

/** Renders a value read from a variable (strings with `{{`/`{%` inside, lists, dicts). */
export type LazyRenderer = (value: unknown, scope: VarScope, name: string) => unknown;

export class VariableCycleError extends InputError {
  constructor(chain: readonly string[], location?: SourceLocation) {
    super(`variable "${chain[0] ?? ''}" depends on itself: ${chain.join(' -> ')}`, location ?? { file: '<variables>' });
  }
}

function needsRendering(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(needsRendering);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).some(needsRendering);
  }
  return false;
}

export class LayeredScope implements VarScope {
  /** Highest precedence first. */
  readonly #layers: readonly Vars[];
  readonly #render: LazyRenderer;
  readonly #resolving: string[] = [];
  readonly #cache = new Map<string, unknown>();

  /** `layers` lowest precedence first, as Ansible lists them. */
  constructor(layers: readonly Vars[], render: LazyRenderer) {
    this.#layers = [...layers].reverse();
    this.#render = render;
  }

  has(name: string): boolean {
    return this.#layers.some((l) => Object.prototype.hasOwnProperty.call(l, name));
  }

  /** The raw value of the winning layer, not rendered. */
  raw(name: string): unknown {
    for (const layer of this.#layers) if (Object.prototype.hasOwnProperty.call(layer, name)) return layer[name];
    return undefined;
  }

  get(name: string): unknown {
    if (this.#cache.has(name)) return this.#cache.get(name);
    const value = this.raw(name);
    if (!needsRendering(value)) return value;
    if (this.#resolving.includes(name)) {
      const start = this.#resolving.indexOf(name);
      throw new VariableCycleError([...this.#resolving.slice(start), name]);
    }
    this.#resolving.push(name);
    try {
      const rendered = this.#render(value, this, name);
      this.#cache.set(name, rendered);
      return rendered;
    } finally {
      this.#resolving.pop();
    }
  }

  /** Every name visible in this scope. */
  names(): string[] {
    const all = new Set<string>();
    for (const layer of this.#layers) for (const k of Object.keys(layer)) all.add(k);
    return [...all];
  }

  /** A scope with more layers on top (task vars, loop item), sharing nothing mutable. */
  extend(top: readonly Vars[]): LayeredScope {
    return new LayeredScope([...[...this.#layers].reverse(), ...top], this.#render);
  }
}
