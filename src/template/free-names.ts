/**
 * The variables a template reads from outside itself (its free names), with
 * Jinja2's scoping: a name the template binds (set, for targets and `loop`,
 * macro arguments with caller/varargs/kwargs, with, import) is not free
 * where it is bound; Jinja2's globals never are. Also the names a template
 * guards (`x is defined`, `x is undefined`, `x | default(...)`, on the root
 * of `x.a['b']`): reading them cannot fail.
 *
 * Within one scope a binding counts for the whole scope whatever its order
 * (a name set after its use is not reported: a false alarm costs more than
 * a missed one).
 */
import { parseTemplate } from './parser.js';
import { FILE_PARSE, hasMarkup, readOverride, VALUE_PARSE, type SyntaxKind } from './syntax-check.js';
import type { Node } from './syntax-tree.js';
import { TemplateSyntaxError, type ParseOptions } from './tokenizer.js';

/** A free name where the template reads it: line and col 1-based, in the checked text. */
export interface NameUse {
  name: string;
  line: number;
  col: number;
  /**
   * Read only on some paths (the right of `and`/`or`, an inline if's
   * branches, the body of an if, a for or a macro): a render may never read it.
   */
  conditional?: boolean;
}

export interface TemplateNames {
  uses: NameUse[];
  guarded: Set<string>;
}

/** Names every template sees without a variable: Jinja2's globals and Ansible's. */
export const TEMPLATE_GLOBALS: ReadonlySet<string> = new Set([
  'range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace', 'lookup', 'query', 'q', 'now', 'undef',
  'true', 'false', 'none', 'True', 'False', 'None',
]);

const GUARD_TESTS = new Set(['defined', 'undefined']);
const GUARD_FILTERS = new Set(['default', 'd']);
const short = (name: unknown): string => String(name).replace(/^ansible\.builtin\./, '');

type Scope = ReadonlyArray<ReadonlySet<string>>;

function targetNames(t: Node | null | undefined, out: Set<string>): Set<string> {
  if (t?.typename === 'Symbol') out.add(t.value as string);
  else if (t?.typename === 'Tuple') for (const c of t.children as Node[]) targetNames(c, out);
  return out;
}

class FreeNames {
  readonly uses: NameUse[] = [];
  readonly guarded = new Set<string>();
  private conditional = 0;
  constructor(
    private readonly lineOffset: number,
    private readonly firstLineCol: number,
  ) {}

  private bound(name: string, scope: Scope): boolean {
    return TEMPLATE_GLOBALS.has(name) || scope.some((s) => s.has(name));
  }

  private use(node: Node, scope: Scope): void {
    // A namespace attribute target (`set ns.x = ...`) reads `ns`.
    const name = (node.typename === 'NSRef' ? node.name : node.value) as string;
    if (this.bound(name, scope)) return;
    const line = node.lineno + 1;
    const col = node.colno + 1 - (line === 1 ? this.firstLineCol : 0);
    this.uses.push({ name, line: line + this.lineOffset, col: Math.max(1, col), ...(this.conditional > 0 && { conditional: true }) });
  }

  /** Walks what only some renders reach. */
  private maybe(fn: () => void): void {
    this.conditional++;
    try {
      fn();
    } finally {
      this.conditional--;
    }
  }

  private guard(node: Node | null | undefined): void {
    let n = node;
    while (n && (n.typename === 'Getattr' || n.typename === 'Getitem')) n = n.target as Node;
    if (n?.typename === 'Symbol') this.guarded.add(n.value as string);
  }

  /** The names a statement list binds in its own scope (not inside nested scopes). */
  private bindings(list: readonly Node[], out = new Set<string>()): Set<string> {
    const target = (t: Node | null | undefined): void => void targetNames(t, out);
    for (const n of list) {
      if (!n) continue;
      switch (n.typename) {
        case 'Assign':
        case 'AssignBlock':
          target(n.target as Node);
          break;
        case 'Macro':
          out.add(n.name.value as string);
          break;
        case 'Import':
          target(n.target as Node);
          break;
        case 'FromImport':
          for (const c of n.names.children as Node[]) out.add((c.typename === 'Pair' ? c.value.value : c.value) as string);
          break;
        case 'If':
          this.bindings(this.list(n.body), out);
          if (n.else_) this.bindings(this.list(n.else_), out);
          break;
        case 'Root':
        case 'NodeList':
          this.bindings(this.list(n), out);
          break;
        default:
      }
    }
    return out;
  }

  private list(n: Node | null | undefined): Node[] {
    if (!n) return [];
    if (n.typename === 'Root' || n.typename === 'NodeList') return n.children as Node[];
    return [n];
  }

  /** A statement list that opens a scope binding `names` and whatever it sets itself. */
  scope(body: Node | null | undefined, outer: Scope, names: Iterable<string> = []): void {
    const list = this.list(body);
    const own = this.bindings(list, new Set(names));
    for (const n of list) this.stmt(n, [...outer, own]);
  }

  stmt(node: Node, scope: Scope): void {
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
        for (const c of node.children as Node[]) this.stmt(c, scope);
        return;
      case 'Output':
        for (const c of node.children as Node[]) if (c.typename !== 'TemplateData') this.expr(c, scope);
        return;
      case 'TemplateData':
        return;
      case 'If':
        this.expr(node.cond, scope);
        this.maybe(() => {
          for (const c of this.list(node.body)) this.stmt(c, scope);
          if (node.else_) for (const c of this.list(node.else_)) this.stmt(c, scope);
        });
        return;
      case 'For': {
        this.expr(node.arr, scope);
        const names = targetNames(node.name, new Set());
        names.add('loop');
        this.maybe(() => {
          if (node.cond) this.expr(node.cond, [...scope, names]);
          this.scope(node.body, scope, names);
          if (node.else_) this.scope(node.else_, scope);
        });
        return;
      }
      case 'Assign':
        this.expr(node.value, scope);
        if (node.target?.typename === 'NSRef') this.use(node.target, scope);
        return;
      case 'AssignBlock':
        this.scope(node.body, scope);
        if (node.filter) this.expr(node.filter, scope);
        if (node.target?.typename === 'NSRef') this.use(node.target, scope);
        return;
      case 'With': {
        const assigns = node.assigns as Array<[string, Node]>;
        for (const [, e] of assigns) this.expr(e, scope);
        this.scope(node.body, scope, assigns.map(([n]) => n));
        return;
      }
      case 'Macro':
        this.macro(node, scope);
        return;
      case 'Include':
      case 'Import':
      case 'FromImport':
        this.expr(node.template, scope);
        return;
      case 'Block':
        this.scope(node.body, scope);
        return;
      default:
        this.expr(node, scope);
    }
  }

  private macro(node: Node, scope: Scope): void {
    const names = new Set(['caller', 'varargs', 'kwargs']);
    const defaults: Node[] = [];
    for (const a of (node.args?.children ?? []) as Node[]) {
      if (a.typename === 'Symbol') names.add(a.value as string);
      else if (a.typename === 'KeywordArgs') {
        for (const p of a.children as Node[]) {
          names.add(p.key.value as string);
          defaults.push(p.value as Node);
        }
      }
    }
    this.maybe(() => {
      for (const d of defaults) this.expr(d, [...scope, names]);
      this.scope(node.body, scope, names);
    });
  }

  private args(node: Node | null | undefined, scope: Scope): void {
    for (const a of (node?.children ?? []) as Node[]) {
      if (a.typename === 'KeywordArgs') for (const p of a.children as Node[]) this.expr(p.value, scope);
      else this.expr(a, scope);
    }
  }

  expr(node: Node | null | undefined, scope: Scope): void {
    if (!node || typeof node !== 'object') return;
    switch (node.typename) {
      case 'Literal':
      case 'FloatLiteral':
      case 'TemplateData':
      case 'Captured':
        return;
      case 'Symbol':
        this.use(node, scope);
        return;
      case 'NSRef':
        this.use(node, scope);
        return;
      case 'Getattr':
        this.expr(node.target, scope);
        return;
      case 'Getitem':
        this.expr(node.target, scope);
        if (node.arg?.typename === 'Slice') for (const k of ['start', 'stop', 'step']) this.expr(node.arg[k], scope);
        else this.expr(node.arg, scope);
        return;
      case 'FunCall':
        this.expr(node.name, scope);
        this.args(node.args, scope);
        return;
      case 'Caller':
        this.macro(node, scope);
        return;
      case 'FilterCall':
        if (GUARD_FILTERS.has(short(node.name))) this.guard(node.node);
        this.expr(node.node, scope);
        this.args(node.args, scope);
        return;
      case 'Filter': {
        // {% filter name(args) %}body{% endfilter %}: the name is the filter's, the first argument the body.
        const [body, ...rest] = (node.args?.children ?? []) as Node[];
        if (body) this.scope(body.body, scope);
        for (const a of rest) this.expr(a, scope);
        return;
      }
      case 'Test':
        if (GUARD_TESTS.has(short(node.name))) this.guard(node.node);
        this.expr(node.node, scope);
        this.args(node.args, scope);
        return;
      case 'Compare':
        this.expr(node.expr, scope);
        for (const op of node.ops as Node[]) this.expr(op.expr, scope);
        return;
      case 'And':
      case 'Or':
        this.expr(node.left, scope);
        this.maybe(() => this.expr(node.right, scope));
        return;
      case 'InlineIf':
        this.expr(node.cond, scope);
        this.maybe(() => {
          this.expr(node.body, scope);
          this.expr(node.else_, scope);
        });
        return;
      case 'DictLit':
        for (const p of node.children as Node[]) {
          this.expr(p.key, scope);
          this.expr(p.value, scope);
        }
        return;
      default:
        // Operators, tuples, lists...: every child node is an expression.
        for (const [k, v] of Object.entries(node)) {
          if (Array.isArray(v)) v.forEach((c: Node) => this.expr(c, scope));
          else if (v && typeof v === 'object' && typeof (v as Node).typename === 'string') this.expr(v as Node, scope);
        }
    }
  }
}

function walk(src: string, options: ParseOptions, lineOffset = 0, firstLineCol = 0): TemplateNames | undefined {
  let root: Node;
  try {
    root = parseTemplate(src, options);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return undefined;
    throw err;
  }
  const w = new FreeNames(lineOffset, firstLineCol);
  w.scope(root, []);
  return { uses: w.uses, guarded: w.guarded };
}

/**
 * The free and guarded names of `text` read as `kind` (a playbook value, a
 * bare condition, a template file); undefined when it does not parse (the
 * syntax check reports that). A value without markup reads no variable.
 */
export function templateNames(text: string, kind: SyntaxKind): TemplateNames | undefined {
  if (kind === 'file') {
    const o = readOverride(text.replace(/\r\n?/g, '\n'), FILE_PARSE);
    return o.error === undefined ? walk(o.body, o.options, o.headerLines) : undefined;
  }
  if (hasMarkup(text)) return walk(text, VALUE_PARSE);
  if (kind === 'value') return { uses: [], guarded: new Set() };
  const prefix = '{% if ';
  return walk(`${prefix}${text} %}True{% else %}False{% endif %}`, VALUE_PARSE, 0, prefix.length);
}
