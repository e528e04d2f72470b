/**
 * Python's ast.literal_eval as Ansible applies it to INI values: a value that
 * reads as a Python literal (5, 1.5, True, None, 'quoted', [1], {'a': 1},
 * (1, 2)) becomes that value; anything else, including what Python would
 * reject, stays the original string. Tuples and sets become arrays, bytes
 * become text, dict keys become strings as JSON would print them.
 * Complex numbers and Ellipsis are not representable: the text is kept
 * (Ansible itself crashes printing them).
 */

type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal };

/**
 * Why the text is not a literal; never escapes this module. Not an Error: most INI values
 * (paths, addresses, names) are not literals, and capturing a stack for each one was most of
 * the time an inventory of 500 hosts took to parse.
 */
class NotLiteral {
  constructor(readonly reason: string) {}
}

interface Token {
  kind: 'num' | 'str' | 'name' | 'punct';
  text: string;
  value?: number | string;
  /** String literal flavour, to reject mixing bytes and text in concatenation. */
  bytes?: boolean;
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const POINT_FLOAT = String.raw`(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.`;
const NUMBER = new RegExp(
  String.raw`^(?:` +
    String.raw`(?<hex>0[xX](?:_?[0-9a-fA-F])+)|(?<oct>0[oO](?:_?[0-7])+)|(?<bin>0[bB](?:_?[01])+)|` +
    String.raw`(?<float>(?:${POINT_FLOAT})(?:${EXPONENT})?|${DIGITS}${EXPONENT})|` +
    String.raw`(?<dec>[1-9](?:_?\d)*|0(?:_?0)*)` +
    String.raw`)(?<imag>[jJ])?`,
);
const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}_]*/u;
const STRING_START = /^([rRuUbBfF]{0,2})('''|"""|'|")/;

function parseNumber(text: string): { value: number; length: number } {
  const m = NUMBER.exec(text);
  if (!m?.groups) throw new NotLiteral('bad number');
  const g = m.groups;
  const rest = text.slice(m[0].length);
  // `1x`, `01`, `1_`: Python rejects a number running into a name or digit.
  if (/^[\p{L}\p{N}_]/u.test(rest)) throw new NotLiteral('bad number');
  if (g.imag) throw new NotLiteral('complex numbers are not representable');
  const clean = (s: string): string => s.replace(/_/g, '');
  let value: number;
  if (g.hex) value = parseInt(clean(g.hex).slice(2), 16);
  else if (g.oct) value = parseInt(clean(g.oct).slice(2), 8);
  else if (g.bin) value = parseInt(clean(g.bin).slice(2), 2);
  else if (g.float) value = Number(clean(g.float));
  else value = Number(clean(g.dec ?? ''));
  return { value, length: m[0].length };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function unescape(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    // The tokenizer keeps a backslash with the character after it: one never ends the body.
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1] as string;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] ?? n;
      out += String.fromCodePoint(parseInt(oct, 8));
      i += oct.length;
    } else if (n === 'x' || (!bytes && (n === 'u' || n === 'U'))) {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new NotLiteral('bad escape');
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new NotLiteral('bad escape');
      out += String.fromCodePoint(cp);
      i += 1 + len;
    } else if (n === 'N' && !bytes) {
      throw new NotLiteral('named escapes are not supported');
    } else {
      out += c;
    }
  }
  return out;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    const [opening = '', prefixText = '', quote = ''] = STRING_START.exec(rest) ?? [];
    if (quote !== '' && (prefixText === '' || /^(?:[rRuUbBfF]|[rR][bB]|[bB][rR])$/.test(prefixText))) {
      const prefix = prefixText.toLowerCase();
      if (prefix.includes('f')) throw new NotLiteral('f-strings are not literals');
      const raw = prefix.includes('r');
      let j = opening.length;
      let body = '';
      for (;;) {
        if (j >= rest.length) throw new NotLiteral('unterminated string');
        if (rest.startsWith(quote, j)) break;
        const ch = rest[j] as string;
        if (ch === '\n' && quote.length === 1) throw new NotLiteral('newline in string');
        if (ch === '\\') {
          // The escaped character, whatever it is, cannot close the string.
          body += rest.slice(j, j + 2);
          j += 2;
          continue;
        }
        body += ch;
        j++;
      }
      const bytes = prefix.includes('b');
      if (bytes && /[^\x00-\x7f]/.test(body)) throw new NotLiteral('non-ASCII bytes');
      tokens.push({ kind: 'str', text: rest.slice(0, j + quote.length), value: raw ? body : unescape(body, bytes), bytes });
      i += j + quote.length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const { value, length } = parseNumber(rest);
      tokens.push({ kind: 'num', text: rest.slice(0, length), value });
      i += length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'name', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    if ('[](){},:+-'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw new NotLiteral(`unexpected ${c}`);
  }
  return tokens;
}

/** A recursive-descent reader accepting exactly what literal_eval accepts. */
class Reader {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  atPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }
  expectPunct(text: string): void {
    if (!this.atPunct(text)) throw new NotLiteral(`expected ${text}`);
    this.pos++;
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  expression(): Literal {
    const t = this.peek();
    if (t?.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      const operand = this.atom();
      // Only a plain number may carry a sign: `-True`, `--1`, `-[1]` are rejected.
      if (typeof operand !== 'number') throw new NotLiteral('bad unary operand');
      return t.text === '-' ? -operand : operand;
    }
    return this.atom();
  }

  private atom(): Literal {
    const t = this.peek();
    if (!t) throw new NotLiteral('unexpected end');
    this.pos++;
    if (t.kind === 'num') return t.value as number;
    if (t.kind === 'str') {
      let text = t.value as string;
      while (this.peek()?.kind === 'str') {
        const next = this.peek() as Token;
        if (next.bytes !== t.bytes) throw new NotLiteral('cannot mix bytes and text');
        text += next.value as string;
        this.pos++;
      }
      return text;
    }
    if (t.kind === 'name') {
      if (t.text === 'True' || t.text === 'False') return t.text === 'True';
      if (t.text === 'None') return null;
      if (t.text === 'set' && this.atPunct('(')) {
        this.pos++;
        this.expectPunct(')');
        return [];
      }
      throw new NotLiteral(`name ${t.text}`);
    }
    switch (t.text) {
      case '[':
        return this.sequence(']');
      case '(': {
        if (this.atPunct(')')) {
          this.pos++;
          return [];
        }
        const first = this.expression();
        if (this.atPunct(')')) {
          this.pos++;
          return first;
        }
        this.expectPunct(',');
        return [first, ...this.sequence(')')];
      }
      case '{':
        return this.braces();
      default:
        throw new NotLiteral(`unexpected ${t.text}`);
    }
  }

  private sequence(close: string): Literal[] {
    const items: Literal[] = [];
    while (!this.atPunct(close)) {
      items.push(this.expression());
      if (this.atPunct(close)) break;
      this.expectPunct(',');
    }
    this.pos++;
    return items;
  }

  private braces(): Literal {
    if (this.atPunct('}')) {
      this.pos++;
      return {};
    }
    const first = this.expression();
    if (!this.atPunct(':')) {
      // A set literal: keep it as a list without duplicates.
      let items: Literal[] = [];
      if (this.atPunct('}')) this.pos++;
      else {
        this.expectPunct(',');
        items = this.sequence('}');
      }
      const all = [first, ...items];
      if (all.some((v) => typeof v === 'object' && v !== null)) throw new NotLiteral('unhashable set item');
      return [...new Set(all)];
    }
    const out: Record<string, Literal> = {};
    let key: Literal = first;
    for (;;) {
      this.expectPunct(':');
      const value = this.expression();
      if (typeof key === 'object' && key !== null) throw new NotLiteral('unhashable dict key');
      out[key === null ? 'null' : String(key)] = value;
      if (this.atPunct('}')) break;
      this.expectPunct(',');
      if (this.atPunct('}')) break;
      key = this.expression();
    }
    this.pos++;
    return out;
  }
}

/** The value of `text` read as a Python literal, or undefined if it is not one. */
export function pythonLiteral(text: string): Literal | undefined {
  try {
    const reader = new Reader(tokenize(text.replace(/^[ \t]+/, '')));
    if (reader.done()) return undefined;
    const value = reader.expression();
    if (reader.done()) return value;
    // A bare `a, b` is a tuple in Python.
    const items = [value];
    while (reader.atPunct(',')) {
      reader.expectPunct(',');
      if (reader.done()) break;
      items.push(reader.expression());
    }
    return reader.done() ? items : undefined;
  } catch (err) {
    if (err instanceof NotLiteral) return undefined;
    throw err;
  }
}

/** Ansible's INI value typing: a Python literal's value, else the text unchanged. */
export function iniValue(text: string): unknown {
  const value = pythonLiteral(text);
  return value === undefined ? text : value;
}
