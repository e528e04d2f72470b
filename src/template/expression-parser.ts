/**
 * Jinja2's expression grammar in place of nunjucks' (precedence of `is`,
 * `not in`, `%`, tuples, slices, True/False/None), so that expressions get
 * Jinja2's shape. parser.ts adds the statements on top of this class.
 */
import { createRequire } from 'node:module';
import { mk, nodes, type Node } from './syntax-tree.js';
import { T } from './tokenizer.js';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any */
const parserMod: any = require('nunjucks/src/parser.js');

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);

const BaseParser: any = parserMod.Parser;

export class ExpressionParser extends BaseParser {
  declare tokens: any;

  /** An expression that may be a tuple without parentheses (`{{ a, b }}`, `for x in a, b`, `set x = 1, 2`). */
  parseTupleExpr(noCondExpr = false): Node {
    const first = this.parseExpression(!noCondExpr);
    if (this.peekToken().type !== T.COMMA) return first;
    const items = [first];
    while (this.skip(T.COMMA)) {
      const p = this.peekToken();
      if (p.type === T.BLOCK_END || p.type === T.VAR_END) break;
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
      if (tok?.type === T.PIPE) node = this.parseFilter(node);
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

  parseFilter(node: Node): Node {
    while (this.skip(T.PIPE)) {
      const { name, lineno, colno } = this.parseDottedName();
      const args = this.peekToken().type === T.LPAREN ? this.parseSignature() : new nodes.NodeList(lineno, colno);
      node = mk('FilterCall', lineno, colno, { name, node, args });
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
