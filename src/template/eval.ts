/**
 * Evaluates a parsed template with Jinja2's scoping and Python's semantics:
 * the statements here, expressions in expression-evaluator.ts.
 *
 * Scoping as Jinja2: a for loop body is a fresh scope per iteration, so a
 * `set` inside a loop never changes the variable seen after the loop (use
 * namespace()); `if` does not open a scope; `with` and macros do.
 */
import type { Node } from './syntax-tree.js';
import { iterate, Namespace, str, TemplateError, truthy, tuple, typeName, Undef, type KwArgs, type PyCallable } from './values.js';
import { pyFunc, type Engine } from './engine.js';
import { ExpressionEvaluator, SoftUndef } from './expression-evaluator.js';
import { LoopContext } from './loop-context.js';
import { Frame, type VarScope } from './scope.js';

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

export class Renderer extends ExpressionEvaluator {
  /** 1-based line of the node being evaluated, for error messages. */
  line = 1;
  constructor(
    readonly engine: Engine,
    readonly templateName: string,
  ) {
    super();
  }

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
        // a block is a function of its own in Jinja2: what it sets stays inside it
        this.exec(node.body, frame.child(), out);
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
    // Jinja2's Macro attributes a template may read (`m.name`, `m.arguments`).
    fn.pyAttrs = { name: m.name, arguments: tuple([...argNames]) };
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
}
