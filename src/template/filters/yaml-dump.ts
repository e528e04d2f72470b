/**
 * A YAML writer that produces what PyYAML's yaml.dump produces for the
 * values templates build (to_yaml / to_nice_yaml): same scalar styles, the
 * same indentation (indentless sequences in mappings), flow style for leaf
 * collections when default_flow_style is None, line folding at `width`.
 */
import { dictEntries, dictValues } from '../pydict.js';
import { floatRepr, isDict, isFloat, pyCmp, PyFloat, TemplateError, toNum, typeName, Undef } from '../values.js';

export interface DumpOptions {
  indent: number;
  /** null: flow style for collections without nested collections (PyYAML's None). */
  flowDefault: boolean | null;
  width: number;
  sortKeys: boolean;
}

import { analyze, BREAKS, ESCAPES, printable, RESOLVERS } from './yaml-scalar.js';

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent: number | null = null;
  flowLevel = 0;
  constructor(readonly o: DumpOptions) {}

  write(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }
  lineBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }
  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }
  indicator(s: string, needWs: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWs ? s : ' ' + s);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }
  withIndent(flow: boolean, indentless: boolean, fn: () => void): void {
    const saved = this.indent;
    if (this.indent === null) this.indent = flow ? this.o.indent : 0;
    else if (!indentless) this.indent += this.o.indent;
    fn();
    this.indent = saved;
  }

  scalarText(v: unknown): { text: string; plainOnly: boolean } {
    if (v === null || v === undefined) return { text: 'null', plainOnly: true };
    if (v === true || v === false) return { text: String(v), plainOnly: true };
    if (typeof v === 'number' || v instanceof PyFloat) {
      const n = toNum(v);
      if (!isFloat(v)) return { text: String(n), plainOnly: true };
      if (Number.isNaN(n)) return { text: '.nan', plainOnly: true };
      if (!Number.isFinite(n)) return { text: n > 0 ? '.inf' : '-.inf', plainOnly: true };
      let r = floatRepr(n).toLowerCase();
      if (!r.includes('.') && r.includes('e')) r = r.replace('e', '.0e');
      return { text: r, plainOnly: true };
    }
    if (typeof v === 'string') {
      // Python strings may hold a lone surrogate, which the dump cannot encode to UTF-8: ansible fails.
      const lone = /\p{Cs}/u.exec(v);
      if (lone) throw new TemplateError(`'utf-8' codec can't encode character '\\u${lone[0].charCodeAt(0).toString(16)}': surrogates not allowed`);
      return { text: v, plainOnly: false };
    }
    if (v instanceof Undef) v.fail();
    throw new TemplateError(`cannot represent an object of type ${typeName(v)} in YAML`);
  }

  scalar(v: unknown, simpleKey: boolean): void {
    const { text, plainOnly } = this.scalarText(v);
    this.withIndent(true, false, () => {
      if (plainOnly) return this.plain(text, !simpleKey);
      const a = analyze(text);
      const implicit = !RESOLVERS.some((r) => r.test(text));
      // A simple key is never multiline (simpleKey), and '' is never implicit (it reads back as null).
      if (implicit && ((this.flowLevel && a.flowPlain) || (!this.flowLevel && a.blockPlain))) this.plain(text, !simpleKey);
      else if (a.singleQuoted) this.singleQuoted(text, !simpleKey);
      else this.doubleQuoted(text, !simpleKey);
    });
  }

  /** split: whether it may fold at a space past the width (never inside a simple key). */
  plain(text: string, split: boolean): void {
    if (!text) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.o.width && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end));
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  singleQuoted(text: string, split: boolean): void {
    this.indicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.o.width && split && start !== 0 && end !== text.length) this.writeIndent();
          else this.write(text.slice(start, end));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.lineBreak();
          for (const br of text.slice(start, end)) {
            if (br === '\n') this.lineBreak();
            else {
              // U+0085, U+2028, U+2029 end the line themselves: the indent follows on the same output line
              // (its padding sets whitespace: a scalar's indent is at least 2).
              this.out += br;
              this.column = 0;
              this.indention = true;
            }
          }
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || BREAKS.includes(ch) || ch === "'") {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  /** libyaml's write_double_quoted: escapes, and a fold at a single space past the width (a second space escaped). */
  doubleQuoted(text: string, split: boolean): void {
    this.indicator('"', true);
    const chars = [...text];
    let spaces = false;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0) ?? 0;
      if (!printable(ch) || BREAKS.includes(ch) || ch === '"' || ch === '\\') {
        const esc = ESCAPES[ch];
        const hex = c.toString(16).toUpperCase();
        this.write(esc !== undefined ? '\\' + esc : c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`);
        spaces = false;
      } else if (ch === ' ') {
        if (split && !spaces && this.column > this.o.width && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(ch);
        spaces = true;
      } else {
        this.write(ch);
        spaces = false;
      }
    });
    this.indicator('"', false);
  }

  /** libyaml's check_simple_key: a key of one line and at most 128 bytes is `key: value`; any other is `? key` then `: value`. */
  simpleKey(k: unknown): boolean {
    const { text, plainOnly } = this.scalarText(k);
    return plainOnly || (Buffer.byteLength(text) <= 128 && !analyze(text).multiline);
  }

  isCollection(v: unknown): boolean {
    return Array.isArray(v) || isDict(v);
  }

  entries(v: Record<string, unknown>): Array<[unknown, unknown]> {
    const e = dictEntries(v);
    if (!this.o.sortKeys) return e;
    // PyYAML sorts the keys themselves and, when they cannot be ordered (1 and 'a'), keeps them as they are.
    try {
      return [...e].sort((a, b) => pyCmp(a[0], b[0]));
    } catch (err) {
      if (err instanceof TemplateError) return e;
      throw err;
    }
  }

  flowStyle(v: unknown[] | Record<string, unknown>): boolean {
    const items = Array.isArray(v) ? v : dictValues(v);
    if (this.flowLevel || items.length === 0) return true;
    if (this.o.flowDefault === null) return !items.some((x) => this.isCollection(x));
    return this.o.flowDefault;
  }

  node(v: unknown, ctx: { mapping?: boolean }): void {
    if (Array.isArray(v)) {
      if (this.flowStyle(v)) return this.flowSeq(v);
      const indentless = Boolean(ctx.mapping) && !this.indention;
      this.withIndent(false, indentless, () => {
        for (const item of v) {
          this.writeIndent();
          this.indicator('-', true, false, true);
          this.node(item, {});
        }
      });
    } else if (isDict(v)) {
      if (this.flowStyle(v)) return this.flowMap(v);
      this.withIndent(false, false, () => {
        for (const [k, x] of this.entries(v)) {
          this.writeIndent();
          if (this.simpleKey(k)) {
            this.scalar(k, true);
            this.indicator(':', false);
          } else {
            this.indicator('?', true, false, true);
            this.scalar(k, false);
            this.writeIndent();
            this.indicator(':', true, false, true);
          }
          this.node(x, { mapping: true });
        }
      });
    } else this.scalar(v, false);
  }

  flowSeq(v: unknown[]): void {
    this.indicator('[', true, true);
    this.flowLevel++;
    this.withIndent(true, false, () => {
      v.forEach((item, i) => {
        if (i > 0) this.indicator(',', false);
        if (this.column > this.o.width) this.writeIndent();
        this.node(item, {});
      });
    });
    this.flowLevel--;
    this.indicator(']', false);
  }

  flowMap(v: Record<string, unknown>): void {
    this.indicator('{', true, true);
    this.flowLevel++;
    this.withIndent(true, false, () => {
      this.entries(v).forEach(([k, x], i) => {
        if (i > 0) this.indicator(',', false);
        if (this.column > this.o.width) this.writeIndent();
        if (this.simpleKey(k)) {
          this.scalar(k, true);
          this.indicator(':', false);
        } else {
          this.indicator('?', true);
          this.scalar(k, false);
          if (this.column > this.o.width) this.writeIndent();
          this.indicator(':', true);
        }
        this.node(x, {});
      });
    });
    this.flowLevel--;
    this.indicator('}', false);
  }
}

/** The emitter takes an indent from 2 to 9 (else 2) and a width over twice the indent (else 80). */
export function yamlDump(v: unknown, o: DumpOptions): string {
  const indent = o.indent > 1 && o.indent < 10 ? o.indent : 2;
  const e = new Emitter({ ...o, indent, width: o.width > indent * 2 ? o.width : 80 });
  e.node(v, {});
  return e.out + '\n';
}
