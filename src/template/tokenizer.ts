/**
 * nunjucks' tokenizer reading Jinja2's literals rather than nunjucks': Python
 * string escapes, numbers as Python writes them, no regular expression
 * literals, and `}}` closing a dict literal inside {{ }}.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any */
const lexer: any = require('nunjucks/src/lexer.js');

export interface ParseOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  /** Ansible's escape_backslashes for inline strings: string literals inside {{ }} keep their backslashes. */
  rawStringsInVariables: boolean;
}

/** A template syntax error; lineno is 1-based, colno 0-based (when known). */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly lineno: number,
    readonly colno?: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

export const T = {
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

/** A string literal escape Python refuses: Jinja2 makes it a syntax error, ast.literal_eval no literal. */
export class EscapeError extends Error {}

/** The hex digits each escape takes, in Python's words for one cut short. */
const HEX_ESCAPES: Record<string, { digits: number; truncated: string }> = {
  x: { digits: 2, truncated: 'truncated \\xXX escape' },
  u: { digits: 4, truncated: 'truncated \\uXXXX escape' },
  U: { digits: 8, truncated: 'truncated \\UXXXXXXXX escape' },
};

/** Python's unescaping of a string literal body (unknown escapes keep their backslash). */
export function pyUnescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    // a trailing backslash finds no escape below and is kept
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[i + 1] ?? '';
    const hex = HEX_ESCAPES[n];
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (hex !== undefined) {
      const digits = raw.slice(i + 2, i + 2 + hex.digits);
      if (digits.length < hex.digits || !/^[0-9a-fA-F]+$/.test(digits)) throw new EscapeError(hex.truncated);
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw new EscapeError('illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += 1 + hex.digits;
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

/**
 * Jinja2's lexer's number literals, read where the lexer is: a float first (never right after a
 * dot, so `x.0.1` is two lookups), then an int: binary, octal, hex, or decimal without a leading
 * zero (`010` is `0` then `10`, a syntax error).
 */
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[-+]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;

export function makeTokenizer(src: string, opts: ParseOptions): any {
  const tok = lexer.lex(src, { trimBlocks: opts.trimBlocks, lstripBlocks: opts.lstripBlocks });
  const origNext = tok.nextToken.bind(tok);
  let inVariable = false;
  let curly = 0;
  // Jinja2's `{%+` keeps the whitespace lstrip_blocks would remove before the tag, and `+%}` the
  // newline trim_blocks would remove after it: the lexer reads both switches at the moment it decides.
  let keepNewline = false;
  Object.defineProperty(tok, 'lstripBlocks', { get: () => opts.lstripBlocks && !tok.str.startsWith('{%+', tok.index), set: () => undefined });
  Object.defineProperty(tok, 'trimBlocks', { get: () => opts.trimBlocks && !keepNewline, set: () => undefined });
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
    const lineno = this.lineno + 1;
    this.forward();
    if (opts.rawStringsInVariables && inVariable) return raw;
    try {
      return pyUnescape(raw);
    } catch (err) {
      if (err instanceof EscapeError) throw new TemplateSyntaxError(err.message, lineno);
      throw err;
    }
  };
  tok.nextToken = function nextToken(): any {
    if (tok.in_code && tok.str.startsWith('+%}', tok.index)) {
      tok.forward();
      keepNewline = true;
      const end = origNext();
      keepNewline = false;
      return end;
    }
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
      FLOAT.lastIndex = tok.index;
      const float = FLOAT.exec(tok.str)?.[0];
      INTEGER.lastIndex = tok.index;
      const int = float === undefined ? INTEGER.exec(tok.str)?.[0] : undefined;
      const text = float ?? int;
      if (text !== undefined) {
        const digits = text.replace(/_/g, '');
        // the parser reads an int in base 10: Python's int(text, 0) gives the value
        const value = float !== undefined ? digits : BigInt(digits).toString();
        const t = { type: float !== undefined ? T.FLOAT : T.INT, value, lineno: tok.lineno, colno: tok.colno };
        tok.forwardN(text.length);
        return t;
      }
    }
    const t = origNext();
    if (t?.type === T.BLOCK_START && tok.str.charAt(tok.index) === '+') tok.forward();
    if (t?.type === T.VAR_START || t?.type === T.BLOCK_START) {
      inVariable = t.type === T.VAR_START;
      curly = 0;
    } else if (t?.type === T.LCURLY) curly++;
    else if (t?.type === T.RCURLY) curly--;
    return t;
  };
  return tok;
}
