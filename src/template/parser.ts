/**
 * Jinja2's grammar on top of nunjucks' tokenizer and statement parser.
 *
 * nunjucks parses statements the way Jinja2 does, but its expression grammar
 * differs (precedence of `is`, `not in`, `%`, tuples, slices, Python string
 * escapes, True/False/None, `for ... if`, `set ns.attr`, `{% with %}`). Those
 * parts are replaced (literals in tokenizer.ts, expressions in
 * expression-parser.ts, statements here) so that the tree has Jinja2's shape;
 * the tree is then evaluated by eval.ts with Python semantics (never
 * nunjucks' runtime).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ExpressionParser } from './expression-parser.js';
import { mk, nodes, type Node } from './syntax-tree.js';
import { makeTokenizer, T, TemplateSyntaxError, type ParseOptions } from './tokenizer.js';

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

class JinjaParser extends ExpressionParser {
  declare dropLeadingWhitespace: boolean;
  // set by parseTemplate from the parse options
  declare trim: boolean;
  declare lstrip: boolean;
  /** The last delimiter read: a template that ends in code ends inside {{ }} or inside {% %}. */
  lastDelimiter: string | undefined;
  /** The line the last token read starts on (1-based): Jinja2 reports the end of a template there. */
  lastTokenLine = 1;

  nextToken(withWhitespace?: boolean): any {
    const tok = super.nextToken(withWhitespace);
    if (!tok) return tok;
    this.lastTokenLine = tok.lineno + 1;
    if (tok.type === T.VAR_START || tok.type === T.BLOCK_START || tok.type === T.VAR_END || tok.type === T.BLOCK_END) this.lastDelimiter = tok.type;
    return tok;
  }

  /**
   * A block's body, up to one of the tags that continue or close it. The template ending first is
   * reported as Jinja2 reports it: the tags it was looking for and the innermost open block.
   */
  parseUntilBlocks(...names: string[]): Node {
    const body = super.parseUntilBlocks(...names) as Node;
    if (!this.peekToken()) {
      const looking = names.filter((n) => n !== 'elseif');
      const block = (looking.find((n) => n.startsWith('end')) ?? '').slice('end'.length);
      throw new TemplateSyntaxError(
        `Unexpected end of template. Jinja was looking for the following tags: ${looking.map((n) => `'${n}'`).join(' or ')}. The innermost block that needs to be closed is '${block}'.`,
        this.lastTokenLine,
      );
    }
    return body;
  }

  // ---------------------------------------------------------- raw
  /**
   * `{% raw %}...{% endraw %}` as Jinja2's lexer reads it: the text up to the first endraw,
   * `-` on either inner side strips the text's whitespace there, `-` after endraw the
   * whitespace that follows, and trim_blocks the one newline after endraw.
   */
  parseRaw(tagName = 'raw'): Node {
    const tokens = (this as any).tokens;
    const begun = (this as any).advanceAfterBlockEnd();
    const m = tokens._extractRegex(new RegExp(`([\\s\\S]*?)\\{%([-+]?)\\s*end${tagName}\\s*([-+]?)%\\}`));
    if (!m) this.fail(`Missing end of ${tagName} directive`, begun.lineno, begun.colno);
    let text: string = m[1];
    if (String(begun.value).startsWith('-')) text = text.replace(/^\s+/, '');
    if (m[2] === '-') text = text.replace(/\s+$/, '');
    else if (m[2] !== '+' && this.lstrip) text = text.replace(/(^|\n)[ \t]*$/, '$1');
    if (m[3] === '-') while (!tokens.isFinished() && /\s/.test(tokens.current())) tokens.forward();
    // only \n: the renderer has made every newline \n, and the checkers never read a raw text
    else if (m[3] !== '+' && this.trim && tokens.current() === '\n') tokens.forward();
    return new nodes.Output(begun.lineno, begun.colno, [new nodes.TemplateData(begun.lineno, begun.colno, text)]);
  }

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
        // both flags are set anew by the tag or comment before the next data
        if (this.dropLeadingWhitespace) data = data.replace(/^\s*/, '');
        else if (afterComment && this.trim) data = data.replace(/^\r?\n/, '');
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
    if (this.skipSymbol('if')) node.cond = this.parseExpression();
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
}

/**
 * Trees already parsed, by options and source. A tree is never changed once
 * made, so one parse serves the syntax check, every Templar and every render.
 */
const parsed = new Map<string, Node>();
/** Past this many sources, the cache starts again empty (the memory of one big run stays bounded). */
export const MAX_PARSED = 20000;

/** How many distinct sources are parsed and kept. */
export function parsedCount(): number {
  return parsed.size;
}

export function parseTemplate(src: string, opts: ParseOptions): Node {
  const key = `${opts.trimBlocks ? 1 : 0}${opts.lstripBlocks ? 1 : 0}${opts.rawStringsInVariables ? 1 : 0}${src}`;
  const hit = parsed.get(key);
  if (hit !== undefined) return hit;
  const root = parseSource(src, opts);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(key, root);
  return root;
}

function parseSource(src: string, opts: ParseOptions): Node {
  const p = new (JinjaParser as any)(makeTokenizer(src, opts));
  p.trim = opts.trimBlocks;
  p.lstrip = opts.lstripBlocks;
  try {
    return p.parseAsRoot() as Node;
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw err;
    const e = err as { message?: string; lineno?: number; colno?: number };
    const raw = String(e.message ?? err)
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/^\[Line \d+, Column \d+\]\s*/, '')
      .trim();
    // nunjucks reports a template cut short as a null token, and names its parser methods: say it in Jinja2's words.
    const atEnd = err instanceof TypeError || /got end of file/.test(raw) || raw === 'unexpected end of file';
    const lastLine = src.split('\n').length;
    throw new TemplateSyntaxError(userMessage(raw, atEnd, p.lastDelimiter), e.lineno ?? lastLine, atEnd ? undefined : e.colno);
  }
}

/** Jinja2's name of what closes the code a template ended in. */
const CLOSER: Record<string, string> = { [T.VAR_START]: 'end of print statement', [T.BLOCK_START]: 'end of statement block' };

function userMessage(raw: string, atEnd: boolean, lastDelimiter: string | undefined): string {
  const msg = raw.replace(/^parse\w*:\s*/, '');
  const unknownTag = /^unknown block tag: (\S+)/.exec(msg);
  if (unknownTag) return `unknown tag '${unknownTag[1]}'`;
  if (!atEnd) return msg;
  if (/^expected end of comment/.test(msg)) return 'Missing end of comment tag';
  // A template cut short inside a tag: raw blocks, comments and block bodies are told apart before.
  const closer = lastDelimiter === undefined ? undefined : CLOSER[lastDelimiter];
  return closer !== undefined ? `unexpected end of template, expected '${closer}'.` : 'unexpected end of template (a tag or {{ }} is not closed)';
}
