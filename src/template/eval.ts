/**
 * Evaluates a parsed template with Jinja2's scoping and Python's semantics.
 *
 * Scoping as Jinja2: a for loop body is a fresh scope per iteration, so a
 * `set` inside a loop never changes the variable seen after the loop (use
 * namespace()); `if` does not open a scope; `with` and macros do.
 */
import type { Node } from './syntax-tree.js';
import {
  defined,
  isDict,
  iterate,
  isFloat,
  mkFloat,
  Namespace,
  PyFloat,
  toNum,
  pyArith,
  pyCmp,
  pyEq,
  pyIn,
  str,
  TemplateError,
  truthy,
  tuple,
  typeName,
  Undef,
  type KwArgs,
  type PyCallable,
} from './values.js';
import { getAttr, getItem, sliceOf } from './methods.js';

/** Where variables come from: a plain object or a lazy resolver. */
export interface VarScope {
  get(name: string): unknown;
  has(name: string): boolean;
}

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

/** An undefined that renders as empty text: `x if false` without else. */
export class SoftUndef extends Undef {}

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

export class LoopContext {
  index0 = 0;
  private lastChanged: unknown = Symbol('none');
  constructor(readonly items: unknown[]) {}
  get length(): number {
    return this.items.length;
  }
  attr(name: string): unknown {
    const i = this.index0;
    const n = this.items.length;
    switch (name) {
      case 'index':
        return i + 1;
      case 'index0':
        return i;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return 1;
      case 'depth0':
        return 0;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undef('previtem', 'there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : new Undef('nextitem', 'there is no next item');
      case 'cycle':
        return pyFunc('cycle', (args) => {
          if (!args.length) throw new TemplateError('no items for cycling given');
          return args[i % args.length];
        });
      case 'changed':
        return pyFunc('changed', (args) => {
          const key = tuple(args);
          if (typeof this.lastChanged === 'symbol' || !pyEq(this.lastChanged, key)) {
            this.lastChanged = key;
            return true;
          }
          return false;
        });
      default:
        return new Undef(name, `'LoopContext' object has no attribute '${name}'`);
    }
  }
}

interface Macro {
  name: string;
  argNames: string[];
  defaults: Map<string, Node>;
  body: Node;
  frame: Frame;
}

function unpack(target: Node, value: unknown, frame: Frame): void {
  if (target.typename === 'Symbol') {
    frame.vars.set(target.value as string, value);
    return;
  }
  if (target.typename === 'Tuple') {
    const items = iterate(value);
    const names = target.children as Node[];
    if (items.length > names.length) throw new TemplateError(`too many values to unpack (expected ${names.length})`);
    if (items.length < names.length) throw new TemplateError(`not enough values to unpack (expected ${names.length}, got ${items.length})`);
    names.forEach((n, i) => unpack(n, items[i], frame));
    return;
  }
  throw new TemplateError(`can't assign to ${target.typename}`);
}

export class Renderer implements EvalContext {
  /** 1-based line of the node being evaluated, for error messages. */
  line = 1;
  constructor(
    readonly engine: Engine,
    readonly templateName: string,
  ) {}

  // ------------------------------------------------------------ statements

  render(root: Node, frame: Frame): string {
    const out: string[] = [];
    this.exec(root, frame, out);
    return out.join('');
  }

  exec(node: Node, frame: Frame, out: string[]): void {
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
        for (const c of node.children as Node[]) this.exec(c, frame, out);
        return;
      case 'Output':
        for (const c of node.children as Node[]) {
          if (c.typename === 'TemplateData') out.push(c.value as string);
          else {
            this.line = c.lineno + 1;
            out.push(this.finalize(this.expr(c, frame)));
          }
        }
        return;
      case 'If': {
        this.line = node.lineno + 1;
        if (truthy(this.expr(node.cond, frame))) this.exec(node.body, frame, out);
        else if (node.else_) this.exec(node.else_, frame, out);
        return;
      }
      case 'For':
        this.execFor(node, frame, out);
        return;
      case 'Assign': {
        this.line = node.lineno + 1;
        const value = this.expr(node.value, frame);
        this.assign(node.target, value, frame);
        return;
      }
      case 'AssignBlock': {
        let value: unknown = this.render(node.body, frame.child());
        if (node.filter) value = this.applyFilterChain(node.filter, value, frame);
        this.assign(node.target, value, frame);
        return;
      }
      case 'With': {
        const inner = frame.child();
        for (const [name, e] of node.assigns as Array<[string, Node]>) inner.vars.set(name, this.expr(e, frame));
        this.exec(node.body, inner, out);
        return;
      }
      case 'Macro': {
        const fn = this.makeMacro(node, frame);
        frame.vars.set(node.name.value as string, fn);
        return;
      }
      case 'Include':
        this.line = node.lineno + 1;
        out.push(this.execInclude(node, frame));
        return;
      case 'Import':
      case 'FromImport':
        this.line = node.lineno + 1;
        this.execImport(node, frame);
        return;
      case 'Block':
        this.exec(node.body, frame, out);
        return;
      default:
        throw new TemplateError(`unsupported template construct '${node.typename}'`, node.lineno + 1);
    }
  }

  finalize(v: unknown): string {
    if (v === null || v === undefined || v instanceof SoftUndef) return '';
    if (v instanceof Undef) v.fail();
    return str(v);
  }

  assign(target: Node, value: unknown, frame: Frame): void {
    if (target.typename === 'NSRef') {
      const ns = frame.lookup(target.name as string, this.engine.globals);
      if (!(ns instanceof Namespace)) throw new TemplateError(`cannot assign attribute on non-namespace object '${target.name}'`);
      ns.attrs[target.attr as string] = value;
      return;
    }
    unpack(target, value, frame);
  }

  execFor(node: Node, frame: Frame, out: string[]): void {
    this.line = node.lineno + 1;
    let items = iterate(this.expr(node.arr, frame));
    if (node.cond) {
      items = items.filter((item) => {
        const f = frame.child();
        unpack(node.name, item, f);
        return truthy(this.expr(node.cond, f));
      });
    }
    const loop = new LoopContext(items);
    for (let i = 0; i < items.length; i++) {
      loop.index0 = i;
      const f = frame.child();
      f.vars.set('loop', loop);
      unpack(node.name, items[i], f);
      this.exec(node.body, f, out);
    }
    if (items.length === 0 && node.else_) this.exec(node.else_, frame.child(), out);
  }

  makeMacro(node: Node, frame: Frame): PyCallable {
    const argNames: string[] = [];
    const defaults = new Map<string, Node>();
    for (const a of node.args.children as Node[]) {
      if (a.typename === 'KeywordArgs') {
        for (const p of a.children as Node[]) {
          argNames.push(p.key.value as string);
          defaults.set(p.key.value as string, p.value);
        }
      } else if (a.typename === 'Symbol') argNames.push(a.value as string);
      else throw new TemplateError('invalid macro argument', node.lineno + 1);
    }
    const m: Macro = { name: node.name?.value ?? 'caller', argNames, defaults, body: node.body, frame };
    const fn = pyFunc(m.name, (args, kw) => this.callMacro(m, args, kw));
    fn.pyRepr = `<Macro '${m.name}'>`;
    return fn;
  }

  callMacro(m: Macro, args: unknown[], kw: KwArgs): string {
    const f = m.frame.child();
    const extra: unknown[] = [];
    const kwargs: Record<string, unknown> = { ...kw };
    m.argNames.forEach((name, i) => {
      if (i < args.length) f.vars.set(name, args[i]);
      else if (Object.prototype.hasOwnProperty.call(kwargs, name)) f.vars.set(name, kwargs[name]);
      else if (m.defaults.has(name)) f.vars.set(name, this.expr(m.defaults.get(name) as Node, f));
      else f.vars.set(name, new Undef(name, `parameter '${name}' was not provided`));
      delete kwargs[name];
    });
    for (let i = m.argNames.length; i < args.length; i++) extra.push(args[i]);
    if ('caller' in kwargs) {
      f.vars.set('caller', kwargs.caller);
      delete kwargs.caller;
    }
    f.vars.set('varargs', tuple(extra));
    f.vars.set('kwargs', kwargs);
    const saved = this.line;
    try {
      return this.render(m.body, f);
    } finally {
      this.line = saved;
    }
  }

  loadOrFail(name: unknown): { name: string; root: Node } | null {
    if (typeof name !== 'string') throw new TemplateError(`template name must be a string, not ${typeName(name)}`);
    return this.engine.loadTemplate(name, this.templateName);
  }

  execInclude(node: Node, frame: Frame): string {
    const names = this.expr(node.template, frame);
    const list = Array.isArray(names) ? names : [names];
    for (const n of list) {
      const t = this.loadOrFail(n);
      if (!t) continue;
      const sub = new Renderer(this.engine, t.name);
      const f = new Frame(null, frame.root);
      if (node.withContext !== false) for (const [k, v] of frame.flatten()) f.vars.set(k, v);
      return sub.render(t.root, f);
    }
    if (node.ignoreMissing) return '';
    throw new TemplateError(`template not found: ${list.map(String).join(', ')}`);
  }

  execImport(node: Node, frame: Frame): void {
    const t = this.loadOrFail(this.expr(node.template, frame));
    if (!t) throw new TemplateError(`template not found: ${String(this.expr(node.template, frame))}`);
    const emptyVars: VarScope = { get: () => undefined, has: () => false };
    const f = new Frame(null, node.withContext ? frame.root : emptyVars);
    if (node.withContext) for (const [k, v] of frame.flatten()) f.vars.set(k, v);
    const sub = new Renderer(this.engine, t.name);
    sub.render(t.root, f);
    const exports: Record<string, unknown> = {};
    for (const [k, v] of f.vars) if (!k.startsWith('_')) exports[k] = v;
    if (node.typename === 'Import') {
      frame.vars.set(node.target.value as string, new Namespace(exports));
      return;
    }
    for (const n of node.names.children as Node[]) {
      const name = (n.typename === 'Pair' ? n.key.value : n.value) as string;
      const alias = (n.typename === 'Pair' ? n.value.value : n.value) as string;
      if (!(name in exports)) throw new TemplateError(`the template ${t.name} does not export the requested name '${name}'`);
      frame.vars.set(alias, exports[name]);
    }
  }

  // ------------------------------------------------------------ expressions

  evalArgs(argsNode: Node | null, frame: Frame): [unknown[], KwArgs] {
    const args: unknown[] = [];
    const kw: KwArgs = {};
    if (!argsNode) return [args, kw];
    for (const a of argsNode.children as Node[]) {
      if (a.typename === 'KeywordArgs') {
        for (const p of a.children as Node[]) {
          if (p.key.typename !== 'Symbol') throw new TemplateError('keyword argument names must be names');
          kw[p.key.value as string] = this.expr(p.value, frame);
        }
      } else args.push(this.expr(a, frame));
    }
    return [args, kw];
  }

  call(fn: unknown, args: unknown[], kw: KwArgs): unknown {
    if (fn instanceof Undef) fn.fail();
    if (isPyCallable(fn)) return fn(args, kw);
    throw new TemplateError(`'${typeName(fn)}' object is not callable`);
  }

  applyFilter(name: string, value: unknown, args: unknown[], kw: KwArgs): unknown {
    const short = name.startsWith('ansible.builtin.') ? name.slice('ansible.builtin.'.length) : name;
    const f = this.engine.filters.get(short);
    if (!f) throw new TemplateError(`No filter named '${name}'`);
    if (value instanceof Undef && !this.engine.undefinedFilters.has(short)) value.fail();
    return f(value, args, kw, this);
  }

  applyFilterChain(node: Node, value: unknown, frame: Frame): unknown {
    if (node.typename === 'Captured') return value;
    const inner = this.applyFilterChain(node.node, value, frame);
    const [args, kw] = this.evalArgs(node.args, frame);
    return this.applyFilter(node.name as string, inner, args, kw);
  }

  applyTest(name: string, value: unknown, args: unknown[], kw: KwArgs): boolean {
    const short = name.startsWith('ansible.builtin.') ? name.slice('ansible.builtin.'.length) : name;
    const t = this.engine.tests.get(short);
    if (!t) throw new TemplateError(`No test named '${name}'`);
    if (value instanceof Undef && !this.engine.undefinedTests.has(short)) value.fail();
    return t(value, args, kw, this);
  }

  expr(node: Node, frame: Frame): unknown {
    switch (node.typename) {
      case 'Literal':
        return node.value;
      case 'FloatLiteral':
        return mkFloat(node.value as number);
      case 'Symbol':
        return frame.lookup(node.value as string, this.engine.globals);
      case 'Tuple':
        return tuple((node.children as Node[]).map((c) => this.expr(c, frame)));
      case 'ListLit':
        return (node.children as Node[]).map((c) => this.expr(c, frame));
      case 'DictLit': {
        const d: Record<string, unknown> = {};
        for (const p of node.children as Node[]) {
          const k = defined(this.expr(p.key, frame));
          if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean' && k !== null) {
            throw new TemplateError(`unhashable dict key of type '${typeName(k)}'`);
          }
          d[typeof k === 'string' ? k : str(k)] = this.expr(p.value, frame);
        }
        return d;
      }
      case 'Getattr':
        return getAttr(this.expr(node.target, frame), node.attr as string);
      case 'Getitem': {
        const target = this.expr(node.target, frame);
        if (node.arg.typename === 'Slice') {
          const s = node.arg;
          const part = (n: Node | null): unknown => (n ? this.expr(n, frame) : null);
          return sliceOf(target, part(s.start), part(s.stop), part(s.step));
        }
        return getItem(target, this.expr(node.arg, frame));
      }
      case 'FunCall': {
        const fn = this.expr(node.name, frame);
        const [args, kw] = this.evalArgs(node.args, frame);
        return this.call(fn, args, kw);
      }
      case 'Caller':
        return this.makeMacro(node, frame);
      case 'FilterCall': {
        const value = this.expr(node.node, frame);
        const [args, kw] = this.evalArgs(node.args, frame);
        return this.applyFilter(node.name as string, value, args, kw);
      }
      case 'Filter': {
        // {% filter name(args) %} ... {% endfilter %}
        const children = node.args.children as Node[];
        const body = children[0] as Node;
        const value = this.render(body.body, frame);
        const [args, kw] = this.evalArgs({ ...node.args, children: children.slice(1) } as Node, frame);
        return this.applyFilter(node.name.value as string, value, args, kw);
      }
      case 'Test': {
        const value = this.expr(node.node, frame);
        const [args, kw] = this.evalArgs(node.args, frame);
        return this.applyTest(node.name as string, value, args, kw);
      }
      case 'InlineIf':
        if (truthy(this.expr(node.cond, frame))) return this.expr(node.body, frame);
        return node.else_ ? this.expr(node.else_, frame) : new SoftUndef('', 'the inline if-expression evaluated to false and no else section was defined');
      case 'Or': {
        const l = this.expr(node.left, frame);
        return truthy(l) ? l : this.expr(node.right, frame);
      }
      case 'And': {
        const l = this.expr(node.left, frame);
        return truthy(l) ? this.expr(node.right, frame) : l;
      }
      case 'Not':
        return !truthy(this.expr(node.target, frame));
      case 'Neg':
      case 'Pos': {
        const v = defined(this.expr(node.target, frame));
        if (!(typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat)) {
          throw new TemplateError(`bad operand type for unary ${node.typename === 'Neg' ? '-' : '+'}: '${typeName(v)}'`);
        }
        if (node.typename === 'Pos') return typeof v === 'boolean' ? Number(v) : v;
        const n = -toNum(v);
        return isFloat(v) ? mkFloat(n) : n;
      }
      case 'BinOp': {
        const l = this.expr(node.left, frame);
        const r = this.expr(node.right, frame);
        if (node.op === '~') return str(defined(l)) + str(defined(r));
        return pyArith(node.op as string, l, r);
      }
      case 'Compare': {
        let left = this.expr(node.expr, frame);
        for (const op of node.ops as Node[]) {
          const right = this.expr(op.expr, frame);
          let ok: boolean;
          switch (op.type) {
            case '==':
              ok = pyEq(left, right);
              break;
            case '!=':
              ok = !pyEq(left, right);
              break;
            case 'in':
              ok = pyIn(left, right);
              break;
            case 'notin':
              ok = !pyIn(left, right);
              break;
            case '<':
              ok = pyCmp(left, right, '<') < 0;
              break;
            case '>':
              ok = pyCmp(left, right, '>') > 0;
              break;
            case '<=':
              ok = pyCmp(left, right, '<=') <= 0;
              break;
            default:
              ok = pyCmp(left, right, '>=') >= 0;
          }
          if (!ok) return false;
          left = right;
        }
        return true;
      }
      default:
        throw new TemplateError(`unsupported expression '${node.typename}'`, node.lineno + 1);
    }
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
