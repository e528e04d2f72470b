/**
 * Python's ast.literal_eval for the strings Ansible converts back to data
 * (a rendered string starting with `[` or `{`, or exactly True/False; the
 * value of a `#jinja2:` override). Template results read JSON's
 * true/false/null as well: ansible-core's Json2Python turns those names into
 * constants first.
 *
 * What Python reads but has no counterpart here fails, so that the text
 * stays text: sets ({1, 2}, set()), bytes (b'x'), complex numbers (1j).
 */
import { makeDict } from './pydict.js';
import { EscapeError, pyUnescape } from './tokenizer.js';
import { isDict, isTuple, mkFloat, tuple } from './values.js';

/** The text is no literal Python reads (a SyntaxError or ValueError there): Ansible keeps the text. */
class Fail extends Error {}

/** Python's whitespace between tokens, a backslash before a line end, and comments. */
const SPACE = /(?:[ \t\f\r\n]|\\\r?\n|#[^\r\n]*)*/y;
const DIGITS = String.raw`\d(?:_?\d)*`;
/** Python's number literals: underscores only between digits, a prefix before hexadecimal, octal and binary. */
const NUMBER = new RegExp(String.raw`0[xX](?:_?[\da-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][-+]?${DIGITS})?`, 'y');
/** The start of a text literal: `r` and `u` prefixes (bytes and f-strings are no text). */
const STRING_START = /([rRuU]?)('''|"""|'|")/y;
const NAME = /[A-Za-z_]\w*/y;

const PYTHON_NAMES = new Map<string, unknown>([
  ['True', true],
  ['False', false],
  ['None', null],
]);
const JSON_NAMES = new Map<string, unknown>([...PYTHON_NAMES, ['true', true], ['false', false], ['null', null]]);

export interface LiteralOptions {
  /** JSON's true, false and null are read too (template results; not a #jinja2: override, which Ansible reads with plain literal_eval). */
  jsonNames: boolean;
}

/**
 * The value `src` reads as; or not ok, with `error` when Python fails with a
 * TypeError (an unhashable dict key), which Ansible does not catch: the
 * template fails.
 */
export function literalEval(src: string, options: LiteralOptions): { ok: true; value: unknown } | { ok: false; error?: string } {
  const reader = new LiteralReader(src, options.jsonNames ? JSON_NAMES : PYTHON_NAMES);
  try {
    const value = reader.value();
    reader.skipSpace();
    return reader.atEnd() ? { ok: true, value } : { ok: false };
  } catch (err) {
    if (err instanceof Fail || err instanceof EscapeError) return { ok: false };
    if (err instanceof UnhashableKey) return { ok: false, error: err.message };
    throw err;
  }
}

class UnhashableKey extends Error {
  constructor(type: string) {
    super(`unhashable type: '${type}'`);
  }
}

/** The type of the part of a dict key Python cannot hash: a list or dict, also inside a tuple. */
function unhashablePart(key: unknown): string | undefined {
  if (isDict(key)) return 'dict';
  if (!Array.isArray(key)) return undefined;
  if (!isTuple(key)) return 'list';
  return key.map(unhashablePart).find((type) => type !== undefined);
}

class LiteralReader {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly names: ReadonlyMap<string, unknown>,
  ) {}

  atEnd(): boolean {
    return this.i === this.src.length;
  }

  skipSpace(): void {
    this.match(SPACE);
  }

  value(): unknown {
    this.skipSpace();
    const c = this.src.charAt(this.i);
    if (c === '[') return this.display(']', () => this.value()).items;
    if (c === '(') {
      const { items, comma } = this.display(')', () => this.value());
      // (1) is 1; (1,) and () are tuples.
      return items.length === 1 && !comma ? items[0] : tuple(items);
    }
    if (c === '{') return this.braces();
    if (c === '-' || c === '+') {
      // One sign before a number, spaces allowed between (not before True, a string or another sign).
      this.i++;
      this.skipSpace();
      return this.number(c);
    }
    if (this.at(STRING_START)) return this.strings();
    const name = this.match(NAME);
    if (name !== undefined) {
      if (!this.names.has(name)) throw new Fail();
      return this.names.get(name);
    }
    return this.number('');
  }

  /**
   * Items up to `close`, separated by commas, a trailing comma allowed; the
   * items (each read by `item`) and whether a comma was seen.
   */
  private display(close: string, item: () => unknown): { items: unknown[]; comma: boolean } {
    this.i++;
    const items: unknown[] = [];
    let comma = false;
    for (;;) {
      this.skipSpace();
      if (this.eat(close)) return { items, comma };
      items.push(item());
      this.skipSpace();
      if (this.eat(',')) comma = true;
      else if (this.eat(close)) return { items, comma };
      else throw new Fail();
    }
  }

  /** A dict display; a set display ({1, 2}) fails, and so does a mix of both. */
  private braces(): Record<string, unknown> {
    const { items } = this.display('}', () => {
      const key = this.value();
      this.skipSpace();
      return this.eat(':') ? [key, this.value()] : 'set';
    });
    if (items.includes('set')) throw new Fail();
    const pairs = items as Array<[unknown, unknown]>;
    for (const [key] of pairs) {
      const unhashable = unhashablePart(key);
      if (unhashable !== undefined) throw new UnhashableKey(unhashable);
    }
    // Typed keys (1, True, None, a tuple) stay typed, and 1 and True are one key (pydict.ts).
    return makeDict(pairs);
  }

  /** Adjacent text literals, joined as Python joins them. */
  private strings(): string {
    let out = '';
    for (;;) {
      const open = this.at(STRING_START);
      if (!open) return out;
      const quote = open[2] as string;
      let j = this.i + open[0].length;
      let raw = '';
      while (!this.src.startsWith(quote, j)) {
        const c = this.src.charAt(j);
        // The end of the text, or a line end in a one-line literal: Python's unterminated string.
        if (c === '' || (quote.length === 1 && (c === '\n' || c === '\r'))) throw new Fail();
        // A backslash keeps the next character, a quote included, in raw literals too.
        const piece = c === '\\' ? this.src.slice(j, j + 2) : c;
        raw += piece;
        j += piece.length;
      }
      out += open[1]?.toLowerCase() === 'r' ? raw : pyUnescape(raw);
      this.i = j + quote.length;
      this.skipSpace();
    }
  }

  /** A number after its sign ('' for none): an int (decimal, hexadecimal, octal, binary) or a float. */
  private number(sign: string): unknown {
    const text = this.match(NUMBER);
    if (text === undefined) throw new Fail();
    const digits = text.replace(/_/g, '');
    const negative = sign === '-';
    if (/^0[xob]/i.test(digits)) {
      const n = Number(digits);
      return negative ? -n : n;
    }
    if (/[.eE]/.test(digits)) return mkFloat(parseFloat(sign + digits));
    // 007 is a SyntaxError in Python 3; 00 is 0.
    if (/^0+[1-9]/.test(digits)) throw new Fail();
    return parseInt(sign + digits, 10);
  }

  /** A sticky pattern's match at the reading position. */
  private at(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.i;
    return pattern.exec(this.src);
  }

  /** A sticky pattern's text at the reading position, read past. */
  private match(pattern: RegExp): string | undefined {
    const m = this.at(pattern);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private eat(text: string): boolean {
    if (!this.src.startsWith(text, this.i)) return false;
    this.i += text.length;
    return true;
  }
}
