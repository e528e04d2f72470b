/**
 * Python's ast.literal_eval for the strings Ansible converts back to data
 * (a rendered string starting with `[` or `{`, or exactly True/False), with
 * JSON's true/false/null accepted as Ansible does.
 */
import { pyUnescape } from './tokenizer.js';
import { mkFloat, tuple } from './values.js';

class Fail extends Error {}

export function literalEval(src: string): { ok: true; value: unknown } | { ok: false } {
  let i = 0;
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i] ?? '')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === undefined) throw new Fail();
    if (c === '[' || c === '(' || c === '{') {
      const close = c === '[' ? ']' : c === '(' ? ')' : '}';
      i++;
      const items: unknown[] = [];
      const dict: Record<string, unknown> = {};
      let isDict = false;
      let sawComma = false;
      for (;;) {
        ws();
        if (src[i] === close) {
          i++;
          break;
        }
        if (items.length || Object.keys(dict).length) {
          if (src[i] !== ',') throw new Fail();
          i++;
          sawComma = true;
          ws();
          if (src[i] === close) {
            i++;
            break;
          }
        }
        const v = value();
        ws();
        if (c === '{' && src[i] === ':') {
          i++;
          isDict = true;
          const val = value();
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean' && v !== null) throw new Fail();
          dict[typeof v === 'string' ? v : String(v)] = val;
        } else {
          if (isDict) throw new Fail();
          items.push(v);
        }
      }
      if (c === '{') {
        if (!isDict && items.length) throw new Fail(); // a set: leave the string alone
        return dict;
      }
      if (c === '(') return items.length === 1 && !sawComma ? items[0] : tuple(items);
      return items;
    }
    const str = /^[rRuUbB]?('''|"""|'|")/.exec(src.slice(i));
    if (str) {
      let out = '';
      while (true) {
        const m = /^([rRuU]?)('''|"""|'|")/.exec(src.slice(i));
        if (!m) break;
        const q = m[2] ?? "'";
        let j = i + m[0].length;
        let raw = '';
        while (j < src.length && !src.startsWith(q, j)) {
          if (src[j] === '\\') {
            raw += src.slice(j, j + 2);
            j += 2;
          } else raw += src[j++];
        }
        if (j >= src.length) throw new Fail();
        out += m[1]?.toLowerCase() === 'r' ? raw : pyUnescape(raw);
        i = j + q.length;
        ws();
      }
      return out;
    }
    const num = /^[-+]?(?:\d[\d_]*\.?[\d_]*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+)/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      const t = num[0].replace(/_/g, '');
      if (/^[-+]?0[xob]/i.test(t)) {
        const neg = t.startsWith('-');
        const n = Number(t.replace(/^[-+]/, ''));
        return neg ? -n : n;
      }
      if (/[.eE]/.test(t)) return mkFloat(parseFloat(t));
      if (/^[-+]?0\d/.test(t)) throw new Fail();
      return parseInt(t, 10);
    }
    const word = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      switch (word[0]) {
        case 'True':
        case 'true':
          return true;
        case 'False':
        case 'false':
          return false;
        case 'None':
        case 'null':
          return null;
      }
    }
    throw new Fail();
  };
  try {
    const v = value();
    ws();
    if (i !== src.length) return { ok: false };
    return { ok: true, value: v };
  } catch (err) {
    if (err instanceof Fail) return { ok: false };
    throw err;
  }
}
