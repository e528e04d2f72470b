/**
 * Evaluates expressions with Python's semantics: literals, lookups, calls,
 * filters and tests, conditionals, operators and comparisons. Renderer
 * (eval.ts) adds the statements.
 */
import type { Node } from './syntax-tree.js';
import { isPyCallable, type Engine, type EvalContext } from './engine.js';
import type { Frame } from './scope.js';
import {
  isDict,
  isTuple,
  defined,
  isFloat,
  mkFloat,
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
import { makeDict } from './pydict.js';
import { percentFormat } from './pyformat.js';

/** An undefined that renders as empty text: `x if false` without else. */
export class SoftUndef extends Undef {}

export abstract class ExpressionEvaluator implements EvalContext {
  abstract readonly engine: Engine;
  /** `{% filter %}` blocks are expressions whose body is rendered as text. */
  abstract render(root: Node, frame: Frame): string;
  /** `{% call %}` passes its body as the `caller` macro. */
  abstract makeMacro(node: Node, frame: Frame): PyCallable;

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
        const pairs: Array<[unknown, unknown]> = [];
        for (const p of node.children as Node[]) {
          const k = defined(this.expr(p.key, frame));
          if ((Array.isArray(k) && !isTuple(k)) || isDict(k) || typeof k === 'function') throw new TemplateError(`unhashable type: '${typeName(k)}'`);
          pairs.push([k, this.expr(p.value, frame)]);
        }
        // 1 and '1' stay two keys, in the order written (pydict.ts).
        return makeDict(pairs);
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
        if (node.op === '%' && typeof l === 'string') return percentFormat(l, defined(r));
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
