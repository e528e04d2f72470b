/**
 * Where template names resolve: the frames innermost first, then the
 * caller's variables, then the engine's globals.
 */
import { Undef } from './values.js';

/** Where variables come from: a plain object or a lazy resolver. */
export interface VarScope {
  get(name: string): unknown;
  has(name: string): boolean;
}

export class Frame {
  readonly vars = new Map<string, unknown>();
  constructor(
    readonly parent: Frame | null,
    readonly root: VarScope,
  ) {}
  child(): Frame {
    return new Frame(this, this.root);
  }
  lookup(name: string, globals: Record<string, unknown>): unknown {
    for (let f: Frame | null = this; f; f = f.parent) {
      if (f.vars.has(name)) return f.vars.get(name);
    }
    if (this.root.has(name)) return this.root.get(name);
    if (Object.prototype.hasOwnProperty.call(globals, name)) return globals[name];
    return new Undef(name);
  }
  /** All names visible here, innermost first (for include). */
  flatten(): Map<string, unknown> {
    const chain: Frame[] = [];
    for (let f: Frame | null = this; f; f = f.parent) chain.unshift(f);
    const out = new Map<string, unknown>();
    for (const f of chain) for (const [k, v] of f.vars) out.set(k, v);
    return out;
  }
}

export function plainScope(vars: Record<string, unknown>): VarScope {
  return {
    get: (name) => vars[name],
    has: (name) => Object.prototype.hasOwnProperty.call(vars, name),
  };
}

export function isVarScope(v: unknown): v is VarScope {
  return typeof v === 'object' && v !== null && typeof (v as VarScope).get === 'function' && typeof (v as VarScope).has === 'function';
}
