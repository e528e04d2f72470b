/**
 * Jinja2's grammar on top of nunjucks' tokenizer and statement parser.
 *
 * nunjucks parses statements the way Jinja2 does, but its expression grammar
 * differs (precedence of `is`, `not in`, `%`, tuples, slices, Python string
 * escapes, True/False/None, `for ... if`, `set ns.attr`, `{% with %}`). Those
 * parts are replaced here so that the tree has Jinja2's shape; the tree is
 * then evaluated by eval.ts with Python semantics (never nunjucks' runtime).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any */
const lexer: any = require('nunjucks/src/lexer.js');
const parserMod: any = require('nunjucks/src/parser.js');
const nodes: any = require('nunjucks/src/nodes.js');

/** A node of the parsed tree (nunjucks' node classes plus a few of ours). */
export interface Node {
  typename: string;
  lineno: number;
  colno: number;
  [field: string]: any;
}

export interface ParseOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  /** Ansible's escape_backslashes for inline strings: string literals inside {{ }} keep their backslashes. */
  rawStringsInVariables: boolean;
}

/** A template syntax error; lineno is 1-based. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly lineno: number | undefined,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const T = {
  STRING: lexer.TOKEN_STRING as string,
  DATA: lexer.TOKEN_DATA as string,
  BLOCK_START: lexer.TOKEN_BLOCK_START as string,
  BLOCK_END: lexer.TOKEN_BLOCK_END as string,
  VAR_START: lexer.TOKEN_VARIABLE_START as string,
  VAR_END: lexer.TOKEN_VARIABLE_END as string,
  COMMENT: lexer.TOKEN_COMMENT as string,
  LPAREN: lexer.TOKEN_LEFT_PAREN as string,
  RPAREN: lexer.TOKEN_RIGHT_PAREN as string,
  LBRACKET: lexer.TOKEN_LEFT_BRACKET as string,
  RBRACKET: lexer.TOKEN_RIGHT_BRACKET as string,
  LCURLY: lexer.TOKEN_LEFT_CURLY as string,
  RCURLY: lexer.TOKEN_RIGHT_CURLY as string,
  OP: lexer.TOKEN_OPERATOR as string,
  COMMA: lexer.TOKEN_COMMA as string,
  COLON: lexer.TOKEN_COLON as string,
  TILDE: lexer.TOKEN_TILDE as string,
  PIPE: lexer.TOKEN_PIPE as string,
  INT: lexer.TOKEN_INT as string,
  FLOAT: lexer.TOKEN_FLOAT as string,
  BOOLEAN: lexer.TOKEN_BOOLEAN as string,
  NONE: lexer.TOKEN_NONE as string,
  SYMBOL: lexer.TOKEN_SYMBOL as string,
};

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};

/** Python's unescaping of a string literal body (unknown escapes keep their backslash). */
export function pyUnescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const n = raw[i + 1] ?? '';
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (n === 'U' && /^[0-9a-fA-F]{8}$/.test(raw.slice(i + 2, i + 10))) {
      out += String.fromCodePoint(parseInt(raw.slice(i + 2, i + 10), 16));
      i += 9;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1))?.[0] ?? '0';
      out += String.fromCharCode(parseInt(m, 8));
      i += m.length;
    } else {
      out += c;
    }
  }
  return out;
}

function makeTokenizer(src: string, opts: ParseOptions): any {
  const tok = lexer.lex(src, { trimBlocks: opts.trimBlocks, lstripBlocks: opts.lstripBlocks });
  const origNext = tok.nextToken.bind(tok);
  let inVariable = false;
  let curly = 0;
  tok._parseString = function parseString(this: any, delimiter: string): string {
    this.forward();
    let raw = '';
    while (!this.isFinished() && this.current() !== delimiter) {
      const cur = this.current();
      if (cur === '\\') {
        raw += cur;
        this.forward();
        raw += this.current();
        this.forward();
      } else {
        raw += cur;
        this.forward();
      }
    }
    if (this.isFinished()) throw new TemplateSyntaxError('unexpected end of string', this.lineno + 1);
    this.forward();
    return opts.rawStringsInVariables && inVariable ? raw : pyUnescape(raw);
  };
  tok.nextToken = function nextToken(): any {
    // nunjucks reads `r/.../` as a regular expression literal; Jinja2 has none.
    if (tok.in_code && tok.str.charAt(tok.index) === 'r' && tok.str.charAt(tok.index + 1) === '/') {
      const t = { type: T.SYMBOL, value: 'r', lineno: tok.lineno, colno: tok.colno };
      tok.forward();
      return t;
    }
    if (tok.in_code && curly > 0 && tok.str.startsWith('}}', tok.index)) {
      // a dict literal closing right before the variable end: `{{ {'a': {'b': 1}} }}`
      const t = { type: T.RCURLY, value: '}', lineno: tok.lineno, colno: tok.colno };
      tok.forward();
      curly--;
      return t;
    }
    if (tok.in_code) {
      const m = /^\d[\d_]*(\.\d[\d_]*)?([eE][-+]?\d+)?/.exec(tok.str.slice(tok.index, tok.index + 64));
      if (m && !(m[1] === undefined && m[2] === undefined)) {
        const t = { type: T.FLOAT, value: m[0].replace(/_/g, ''), lineno: tok.lineno, colno: tok.colno };
        tok.forwardN(m[0].length);
        return t;
      }
      if (m) {
        const t = { type: T.INT, value: m[0].replace(/_/g, ''), lineno: tok.lineno, colno: tok.colno };
        tok.forwardN(m[0].length);
        return t;
      }
    }
    const t = origNext();
    if (t?.type === T.VAR_START || t?.type === T.BLOCK_START) {
      inVariable = t.type === T.VAR_START;
      curly = 0;
    } else if (t?.type === T.LCURLY) curly++;
    else if (t?.type === T.RCURLY) curly--;
    return t;
  };
  return tok;
}

function mk(typename: string, lineno: number, colno: number, fields: Record<string, unknown>): Node {
  return { typename, lineno, colno, ...fields };
}

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const REJECTED_TAGS: Record<string, string> = {
  switch: "'switch' is a nunjucks tag, not Jinja2",
  ifAsync: "'ifAsync' is not Jinja2",
  asyncEach: "'asyncEach' is not Jinja2",
  asyncAll: "'asyncAll' is not Jinja2",
  verbatim: "'verbatim' is not Jinja2 (use raw)",
  elseif: "'elseif' is not Jinja2 (use elif)",
  extends: "template inheritance ({% extends %}) is not supported",
  do: "Encountered unknown tag 'do' (the do extension is not enabled)",
  break: "Encountered unknown tag 'break' (loop controls are not enabled)",
  continue: "Encountered unknown tag 'continue' (loop controls are not enabled)",
};

const BaseParser: any = parserMod.Parser;

class JinjaParser extends BaseParser {
  declare tokens: any;
  declare dropLeadingWhitespace: boolean;
  trim = true;
  lstrip = false;

  // ---------------------------------------------------------- whitespace
  parseNodes(): Node[] {
    const buf: Node[] = [];
    let tok: any;
    let afterComment = false;
    while ((tok = this.nextToken())) {
      if (tok.type === T.DATA) {
        let data: string = tok.value;
        const next = this.peekToken();
        const nextVal: string = next?.value ?? '';
        if (this.dropLeadingWhitespace) {
          data = data.replace(/^\s*/, '');
          this.dropLeadingWhitespace = false;
        } else if (afterComment && this.trim) {
          data = data.replace(/^\r?\n/, '');
        }
        afterComment = false;
        if (
          next &&
          ((next.type === T.BLOCK_START && nextVal.endsWith('-')) ||
            (next.type === T.VAR_START && nextVal.charAt(2) === '-') ||
            (next.type === T.COMMENT && nextVal.charAt(2) === '-'))
        ) {
          data = data.replace(/\s*$/, '');
        } else if (next && next.type === T.COMMENT && this.lstrip) {
          data = data.replace(/(^|\n)[ \t]*$/, '$1');
        }
        if (data !== '') buf.push(new nodes.Output(tok.lineno, tok.colno, [new nodes.TemplateData(tok.lineno, tok.colno, data)]));
      } else if (tok.type === T.BLOCK_START) {
        this.dropLeadingWhitespace = false;
        afterComment = false;
        const n = this.parseStatement();
        if (!n) break;
        buf.push(n);
      } else if (tok.type === T.VAR_START) {
        afterComment = false;
        const e = this.parseTupleExpr();
        this.dropLeadingWhitespace = false;
        this.advanceAfterVariableEnd();
        buf.push(new nodes.Output(tok.lineno, tok.colno, [e]));
      } else if (tok.type === T.COMMENT) {
        const v: string = tok.value;
        this.dropLeadingWhitespace = v.charAt(v.length - 3) === '-';
        afterComment = true;
      } else {
        this.fail('unexpected token at top level: ' + tok.type, tok.lineno, tok.colno);
      }
    }
    return buf;
  }

  // ---------------------------------------------------------- statements
  parseStatement(): Node | null {
    const tok = this.peekToken();
    if (tok.type === T.SYMBOL) {
      if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
      const why = REJECTED_TAGS[tok.value as string];
      if (why !== undefined) this.fail(why, tok.lineno, tok.colno);
      if (tok.value === 'with') return this.parseWith();
    }
    return super.parseStatement();
  }

  parseWith(): Node {
    const tag = this.nextToken();
    const assigns: Array<[string, Node]> = [];
    while (this.peekToken().type !== T.BLOCK_END) {
      if (assigns.length && !this.skip(T.COMMA)) this.fail('expected comma in with statement', tag.lineno, tag.colno);
      const name = this.nextToken();
      if (name.type !== T.SYMBOL) this.fail('expected a name in with statement', name.lineno, name.colno);
      if (!this.skipValue(T.OP, '=')) this.fail('expected = in with statement', name.lineno, name.colno);
      assigns.push([name.value, this.parseExpression()]);
    }
    this.advanceAfterBlockEnd('with');
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return mk('With', tag.lineno, tag.colno, { assigns, body });
  }

  parseAssignTarget(): Node {
    const first = this.nextToken();
    if (first.type === T.LPAREN) {
      const t = this.parseAssignTarget();
      const items = [t];
      while (this.skip(T.COMMA)) {
        if (this.peekToken().type === T.RPAREN) break;
        items.push(this.parseAssignTarget());
      }
      if (!this.skip(T.RPAREN)) this.fail('expected )', first.lineno, first.colno);
      return items.length === 1 && items[0] ? items[0] : mk('Tuple', first.lineno, first.colno, { children: items });
    }
    if (first.type !== T.SYMBOL) this.fail(`can't assign to ${first.value}`, first.lineno, first.colno);
    if (this.peekToken().type === T.OP && this.peekToken().value === '.') {
      this.nextToken();
      const attr = this.nextToken();
      return mk('NSRef', first.lineno, first.colno, { name: first.value, attr: attr.value });
    }
    return new nodes.Symbol(first.lineno, first.colno, first.value);
  }

  parseTargets(): Node {
    const t = this.parseAssignTarget();
    if (this.peekToken().type !== T.COMMA) return t;
    const items = [t];
    while (this.skip(T.COMMA)) items.push(this.parseAssignTarget());
    return mk('Tuple', t.lineno, t.colno, { children: items });
  }

  parseFor(): Node {
    const forTok = this.nextToken();
    const node = new nodes.For(forTok.lineno, forTok.colno);
    node.name = this.parseTargets();
    if (!this.skipSymbol('in')) this.fail('expected "in" in for loop', forTok.lineno, forTok.colno);
    node.arr = this.parseTupleExpr(true);
    node.cond = null;
    if (this.skipSymbol('if')) node.cond = this.parseExpression(false);
    if (this.skipSymbol('recursive')) this.fail('recursive loops are not supported', forTok.lineno, forTok.colno);
    this.advanceAfterBlockEnd('for');
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  parseSet(): Node {
    const tag = this.nextToken();
    const target = this.parseTargets();
    if (this.skipValue(T.OP, '=')) {
      const value = this.parseTupleExpr();
      this.advanceAfterBlockEnd('set');
      return mk('Assign', tag.lineno, tag.colno, { target, value });
    }
    let filter: Node | null = null;
    if (this.peekToken().type === T.PIPE) filter = this.parseFilter(mk('Captured', tag.lineno, tag.colno, {}));
    if (!this.skip(T.BLOCK_END)) this.fail('expected = or block end in set tag', tag.lineno, tag.colno);
    const body = this.parseUntilBlocks('endset');
    this.advanceAfterBlockEnd();
    return mk('AssignBlock', tag.lineno, tag.colno, { target, body, filter });
  }

  parseInclude(): Node {
    const tag = this.nextToken();
    const node = new nodes.Include(tag.lineno, tag.colno);
    node.template = this.parseExpression();
    node.ignoreMissing = false;
    if (this.skipSymbol('ignore')) {
      if (!this.skipSymbol('missing')) this.fail('expected "missing" after "ignore"', tag.lineno, tag.colno);
      node.ignoreMissing = true;
    }
    node.withContext = this.parseWithContext() ?? true;
    this.advanceAfterBlockEnd('include');
    return node;
  }

  // ---------------------------------------------------------- expressions
  /** An expression that may be a tuple without parentheses (`{{ a, b }}`, `for x in a, b`, `set x = 1, 2`). */
  parseTupleExpr(noCondExpr = false): Node {
    const first = this.parseExpression(!noCondExpr);
    if (this.peekToken().type !== T.COMMA) return first;
    const items = [first];
    while (this.skip(T.COMMA)) {
      const p = this.peekToken();
      if (p.type === T.BLOCK_END || p.type === T.VAR_END || (p.type === T.SYMBOL && p.value === 'if')) break;
      items.push(this.parseExpression(!noCondExpr));
    }
    return mk('Tuple', first.lineno, first.colno, { children: items });
  }

  parseExpression(withCondExpr = true): Node {
    return withCondExpr ? this.parseCondExpr() : this.parseOr();
  }

  parseCondExpr(): Node {
    let expr1 = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const else_ = this.skipSymbol('else') ? this.parseCondExpr() : null;
      const n = new nodes.InlineIf(expr1.lineno, expr1.colno);
      n.cond = cond;
      n.body = expr1;
      n.else_ = else_;
      expr1 = n;
    }
    return expr1;
  }

  parseOr(): Node {
    let node = this.parseAnd();
    while (this.skipSymbol('or')) node = new nodes.Or(node.lineno, node.colno, node, this.parseAnd());
    return node;
  }

  parseAnd(): Node {
    let node = this.parseNot();
    while (this.skipSymbol('and')) node = new nodes.And(node.lineno, node.colno, node, this.parseNot());
    return node;
  }

  parseNot(): Node {
    const tok = this.peekToken();
    if (this.skipSymbol('not')) return new nodes.Not(tok.lineno, tok.colno, this.parseNot());
    return this.parseCompare();
  }

  parseCompare(): Node {
    const expr = this.parseMath1();
    const ops: Node[] = [];
    for (;;) {
      const tok = this.peekToken();
      if (!tok) break;
      if (tok.type === T.OP && COMPARE_OPS.has(tok.value)) {
        this.nextToken();
        ops.push(mk('CompareOperand', tok.lineno, tok.colno, { expr: this.parseMath1(), type: tok.value }));
      } else if (tok.type === T.SYMBOL && tok.value === 'in') {
        this.nextToken();
        ops.push(mk('CompareOperand', tok.lineno, tok.colno, { expr: this.parseMath1(), type: 'in' }));
      } else if (tok.type === T.SYMBOL && tok.value === 'not') {
        this.nextToken();
        if (!this.skipSymbol('in')) this.fail('expected "in" after "not"', tok.lineno, tok.colno);
        ops.push(mk('CompareOperand', tok.lineno, tok.colno, { expr: this.parseMath1(), type: 'notin' }));
      } else break;
    }
    return ops.length ? mk('Compare', expr.lineno, expr.colno, { expr, ops }) : expr;
  }

  binary(next: () => Node, ops: Record<string, string>, tokenTypes = [T.OP]): Node {
    let node = next.call(this);
    for (;;) {
      const tok = this.peekToken();
      if (!tok || !tokenTypes.includes(tok.type) || !(tok.value in ops)) break;
      this.nextToken();
      const right = next.call(this);
      node = mk('BinOp', node.lineno, node.colno, { op: ops[tok.value], left: node, right });
    }
    return node;
  }

  parseMath1(): Node {
    return this.binary(this.parseConcatExpr, { '+': '+', '-': '-' });
  }
  parseConcatExpr(): Node {
    return this.binary(this.parseMath2, { '~': '~' }, [T.TILDE]);
  }
  parseMath2(): Node {
    return this.binary(this.parsePowExpr, { '*': '*', '/': '/', '//': '//', '%': '%' });
  }
  parsePowExpr(): Node {
    return this.binary(this.parseUnary, { '**': '**' });
  }

  parseUnary(withFilter = true): Node {
    const tok = this.peekToken();
    let node: Node;
    if (this.skipValue(T.OP, '-')) node = mk('Neg', tok.lineno, tok.colno, { target: this.parseUnary(false) });
    else if (this.skipValue(T.OP, '+')) node = mk('Pos', tok.lineno, tok.colno, { target: this.parseUnary(false) });
    else node = this.parsePrimary(true);
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  parseFilterExpr(node: Node): Node {
    for (;;) {
      const tok = this.peekToken();
      if (tok?.type === T.PIPE) node = this.parseFilter(node, true);
      else if (tok?.type === T.SYMBOL && tok.value === 'is') node = this.parseTest(node);
      else if (tok?.type === T.LPAREN) node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      else return node;
    }
  }

  parseDottedName(): { name: string; lineno: number; colno: number } {
    const tok = this.nextToken();
    if (![T.SYMBOL, T.NONE, T.BOOLEAN].includes(tok.type)) this.fail(`expected a name, got ${tok.value}`, tok.lineno, tok.colno);
    let name: string = tok.value;
    while (this.peekToken().type === T.OP && this.peekToken().value === '.') {
      this.nextToken();
      name += '.' + this.nextToken().value;
    }
    return { name, lineno: tok.lineno, colno: tok.colno };
  }

  parseFilter(node: Node, single = false): Node {
    while (this.skip(T.PIPE)) {
      const { name, lineno, colno } = this.parseDottedName();
      const args = this.peekToken().type === T.LPAREN ? this.parseSignature() : new nodes.NodeList(lineno, colno);
      node = mk('FilterCall', lineno, colno, { name, node, args });
      if (single) break;
    }
    return node;
  }

  parseTest(node: Node): Node {
    const isTok = this.nextToken();
    const negated = this.skipSymbol('not');
    const { name, lineno, colno } = this.parseDottedName();
    let args: Node = new nodes.NodeList(lineno, colno);
    const p = this.peekToken();
    if (p.type === T.LPAREN) args = this.parseSignature();
    else if (
      [T.SYMBOL, T.STRING, T.INT, T.FLOAT, T.LBRACKET, T.LCURLY, T.NONE, T.BOOLEAN].includes(p.type) &&
      !(p.type === T.SYMBOL && ['else', 'or', 'and', 'if', 'in', 'not', 'is'].includes(p.value))
    ) {
      const arg = this.parsePostfix(this.parsePrimary(true));
      args.addChild(arg);
    }
    const test = mk('Test', isTok.lineno, isTok.colno, { name, node, args });
    return negated ? new nodes.Not(isTok.lineno, isTok.colno, test) : test;
  }

  parsePrimary(noPostfix = false): Node {
    const tok = this.nextToken();
    if (!tok) this.fail('expected an expression, got end of template');
    let node: Node;
    switch (tok.type) {
      case T.STRING: {
        let val: string = tok.value;
        while (this.peekToken()?.type === T.STRING) val += this.nextToken().value;
        node = new nodes.Literal(tok.lineno, tok.colno, val);
        break;
      }
      case T.INT:
        node = new nodes.Literal(tok.lineno, tok.colno, parseInt(tok.value, 10));
        break;
      case T.FLOAT:
        node = mk('FloatLiteral', tok.lineno, tok.colno, { value: parseFloat(tok.value) });
        break;
      case T.BOOLEAN:
        node = new nodes.Literal(tok.lineno, tok.colno, tok.value === 'true');
        break;
      case T.NONE:
        node = new nodes.Literal(tok.lineno, tok.colno, null);
        break;
      case T.SYMBOL: {
        const v: string = tok.value;
        if (v === 'True' || v === 'False') node = new nodes.Literal(tok.lineno, tok.colno, v === 'True');
        else if (v === 'None') node = new nodes.Literal(tok.lineno, tok.colno, null);
        else node = new nodes.Symbol(tok.lineno, tok.colno, v);
        break;
      }
      case T.LPAREN:
      case T.LBRACKET:
      case T.LCURLY:
        this.pushToken(tok);
        node = this.parseAggregate();
        break;
      default:
        this.fail(`unexpected '${tok.value}'`, tok.lineno, tok.colno);
        throw new Error('unreachable');
    }
    return noPostfix ? node : this.parsePostfix(node);
  }

  parseAggregate(): Node {
    const tok = this.nextToken();
    const close = tok.type === T.LPAREN ? T.RPAREN : tok.type === T.LBRACKET ? T.RBRACKET : T.RCURLY;
    const items: Node[] = [];
    let sawComma = false;
    for (;;) {
      if (this.skip(close)) break;
      if (items.length > 0) {
        if (!this.skip(T.COMMA)) this.fail('expected comma or closing bracket', tok.lineno, tok.colno);
        sawComma = true;
        if (this.skip(close)) break;
      }
      if (tok.type === T.LCURLY) {
        const key = this.parseExpression();
        if (!this.skip(T.COLON)) this.fail('expected colon after dict key', tok.lineno, tok.colno);
        items.push(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else items.push(this.parseExpression());
    }
    if (tok.type === T.LCURLY) return mk('DictLit', tok.lineno, tok.colno, { children: items });
    if (tok.type === T.LBRACKET) return mk('ListLit', tok.lineno, tok.colno, { children: items });
    if (items.length === 1 && !sawComma && items[0]) return items[0];
    return mk('Tuple', tok.lineno, tok.colno, { children: items });
  }

  parseSubscriptPart(): Node | null {
    const p = this.peekToken();
    if (p.type === T.COLON || p.type === T.RBRACKET || p.type === T.COMMA) return null;
    return this.parseExpression();
  }

  parsePostfix(node: Node): Node {
    for (;;) {
      const tok = this.peekToken();
      if (!tok) return node;
      if (tok.type === T.OP && tok.value === '.') {
        this.nextToken();
        const attr = this.nextToken();
        if (attr.type === T.INT) node = mk('Getitem', tok.lineno, tok.colno, { target: node, arg: new nodes.Literal(attr.lineno, attr.colno, parseInt(attr.value, 10)) });
        else if ([T.SYMBOL, T.NONE, T.BOOLEAN].includes(attr.type)) node = mk('Getattr', tok.lineno, tok.colno, { target: node, attr: attr.value });
        else this.fail(`expected name as lookup value, got ${attr.value}`, attr.lineno, attr.colno);
      } else if (tok.type === T.LBRACKET) {
        this.nextToken();
        const parts: Node[] = [];
        for (;;) {
          let start = this.parseSubscriptPart();
          if (this.skip(T.COLON)) {
            const stop = this.parseSubscriptPart();
            let step: Node | null = null;
            if (this.skip(T.COLON)) step = this.parseSubscriptPart();
            start = mk('Slice', tok.lineno, tok.colno, { start, stop, step });
          }
          if (!start) this.fail('expected subscript', tok.lineno, tok.colno);
          parts.push(start as Node);
          if (!this.skip(T.COMMA)) break;
        }
        if (!this.skip(T.RBRACKET)) this.fail('expected ]', tok.lineno, tok.colno);
        const arg = parts.length === 1 && parts[0] ? parts[0] : mk('Tuple', tok.lineno, tok.colno, { children: parts });
        node = mk('Getitem', tok.lineno, tok.colno, { target: node, arg });
      } else if (tok.type === T.LPAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else return node;
    }
  }
}

export function parseTemplate(src: string, opts: ParseOptions): Node {
  const p = new (JinjaParser as any)(makeTokenizer(src, opts));
  p.trim = opts.trimBlocks;
  p.lstrip = opts.lstripBlocks;
  try {
    return p.parseAsRoot() as Node;
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw err;
    const e = err as { message?: string; lineno?: number };
    const msg = String(e.message ?? err)
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/^\[Line \d+, Column \d+\]\s*/, '')
      .trim();
    throw new TemplateSyntaxError(msg, e.lineno);
  }
}
