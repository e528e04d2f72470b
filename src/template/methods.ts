/**
 * Attribute and item access as Jinja2 does it (`a.b` tries the attribute
 * first, `a['b']` the item first), and the Python methods of str, dict and
 * list that templates call.
 */
import { isPyCallable, pyFunc } from './engine.js';
import { LoopContext } from './loop-context.js';
import { strFormat } from './pyformat.js';
import { copyDict, dictEntries, dictKeys, dictValues, hashable, keyProp, setItem } from './pydict.js';
import {
  isDict,
  isInt,
  iterate,
  needHashable,
  Namespace,
  pyEq,
  repr,
  str,
  TemplateError,
  toNum,
  tuple,
  tupleField,
  typeName,
  Undef,
  type KwArgs,
  type PyCallable,
} from './values.js';

type Method = (self: never, args: unknown[], kw: KwArgs) => unknown;

function arg(args: unknown[], kw: KwArgs, i: number, name: string, dflt: unknown): unknown {
  if (i < args.length) return args[i];
  if (Object.prototype.hasOwnProperty.call(kw, name)) return kw[name];
  return dflt;
}

/** An int argument as Python's str methods take it (maxsplit, a width): a bool counts; a float or None is a TypeError. */
export function needIndex(v: unknown): number {
  if (!isInt(v) && typeof v !== 'boolean') throw new TemplateError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return toNum(v);
}

function needStr(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TemplateError(`${what} argument must be str, not ${typeName(v)}`);
  return v;
}

const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

export function pyStrip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === null || chars === undefined ? WS : needStr(chars, 'strip');
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a] ?? '')) a++;
  if (right) while (b > a && set.includes(s[b - 1] ?? '')) b--;
  return s.slice(a, b);
}

export function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === null || sep === undefined) {
    const out: string[] = [];
    let rest = pyStrip(s, null, true, false);
    while (rest !== '') {
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(rest);
        return out;
      }
      const m = /[\s\x1c-\x1f\x85]/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = pyStrip(rest.slice(m.index), null, true, false);
    }
    return out;
  }
  const sp = needStr(sep, 'split');
  if (sp === '') throw new TemplateError('empty separator');
  const parts = s.split(sp);
  if (maxsplit >= 0 && parts.length > maxsplit + 1) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sp)];
  return parts;
}

function affix(s: string, args: unknown[], kw: KwArgs, end: boolean): boolean {
  const what = arg(args, kw, 0, end ? 'suffix' : 'prefix', undefined);
  const start = arg(args, kw, 1, 'start', null);
  const stop = arg(args, kw, 2, 'end', null);
  const sub = s.slice(start === null ? 0 : toNum(start), stop === null ? undefined : toNum(stop));
  const options = Array.isArray(what) ? what : [what];
  return options.some((o) => {
    const x = needStr(o, end ? 'endswith' : 'startswith');
    return end ? sub.endsWith(x) : sub.startsWith(x);
  });
}

/** Python's str.splitlines(keepends): every line boundary Python knows, no empty last line. */
export function splitLines(s: string, keepends = false): string[] {
  const out: string[] = [];
  const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** Python's str.replace(old, new, count): count < 0 replaces all; an empty `old` matches around every character. */
export function pyReplace(s: string, old: string, nw: string, count: number): string {
  if (old === '') {
    const chars = [...s];
    const limit = count < 0 ? chars.length + 1 : count;
    return chars.map((c, i) => (i < limit ? nw + c : c)).join('') + (chars.length < limit ? nw : '');
  }
  const parts = s.split(old);
  if (count < 0 || parts.length - 1 <= count) return parts.join(nw);
  return parts.slice(0, count + 1).join(nw) + old + parts.slice(count + 1).join(old);
}

export function capitalize(s: string): string {
  return s.length ? (s[0] ?? '').toUpperCase() + s.slice(1).toLowerCase() : s;
}

/** Jinja2's `title` filter: each piece between runs of `-`, white space and opening brackets starts upper case, the rest lower. */
export function title(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .map((piece) => (piece[0] ?? '').toUpperCase() + piece.slice(1).toLowerCase())
    .join('');
}

/** Python's str.title(): a cased character after a cased one is lowered, any other is raised ("they're" -> "They'Re"). */
export function pyTitle(s: string): string {
  let out = '';
  let afterCased = false;
  for (const c of s) {
    const cased = c.toLowerCase() !== c.toUpperCase();
    out += cased ? (afterCased ? c.toLowerCase() : c.toUpperCase()) : c;
    afterCased = cased;
  }
  return out;
}

const STR_METHODS: Record<string, (s: string, args: unknown[], kw: KwArgs) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  capitalize: (s) => capitalize(s),
  title: (s) => pyTitle(s),
  strip: (s, a, k) => pyStrip(s, arg(a, k, 0, 'chars', null), true, true),
  lstrip: (s, a, k) => pyStrip(s, arg(a, k, 0, 'chars', null), true, false),
  rstrip: (s, a, k) => pyStrip(s, arg(a, k, 0, 'chars', null), false, true),
  split: (s, a, k) => pySplit(s, arg(a, k, 0, 'sep', null), needIndex(arg(a, k, 1, 'maxsplit', -1))),
  rsplit: (s, a, k) => {
    const sep = arg(a, k, 0, 'sep', null);
    const max = needIndex(arg(a, k, 1, 'maxsplit', -1));
    if (max < 0) return pySplit(s, sep, -1);
    if (sep === null) {
      const words = pySplit(s, null, -1);
      if (words.length <= max) return words;
      const keep = words.slice(words.length - max);
      let head = pyStrip(s, null, false, true);
      for (let i = keep.length - 1; i >= 0; i--) head = pyStrip(head.slice(0, head.length - (keep[i] ?? '').length), null, false, true);
      return [head, ...keep];
    }
    const sp = needStr(sep, 'rsplit');
    const parts = s.split(sp);
    if (parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(sp), ...parts.slice(parts.length - max)];
  },
  splitlines: (s, a, k) => splitLines(s, Boolean(arg(a, k, 0, 'keepends', false))),
  startswith: (s, a, k) => affix(s, a, k, false),
  endswith: (s, a, k) => affix(s, a, k, true),
  replace: (s, a, k) => pyReplace(s, needStr(arg(a, k, 0, 'old', undefined), 'replace'), needStr(arg(a, k, 1, 'new', undefined), 'replace'), toNum(arg(a, k, 2, 'count', -1))),
  format: (s, a, k) => strFormat(s, a, k),
  join: (s, a) => iterate(a[0]).map((x) => needStr(x, 'join')).join(s),
  find: (s, a) => s.indexOf(needStr(a[0], 'find'), a[1] === undefined ? 0 : toNum(a[1])),
  rfind: (s, a) => s.lastIndexOf(needStr(a[0], 'rfind')),
  index: (s, a) => {
    const i = s.indexOf(needStr(a[0], 'index'));
    if (i < 0) throw new TemplateError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = needStr(a[0], 'count');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\d+$/.test(s),
  isdecimal: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\d]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  isidentifier: (s) => /^[A-Za-z_]\w*$/.test(s),
  zfill: (s, a) => {
    const w = needIndex(a[0]);
    const sign = s.startsWith('-') || s.startsWith('+') ? (s[0] ?? '') : '';
    return s.length >= w ? s : sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  center: (s, a) => {
    const w = needIndex(a[0]);
    const fill = a[1] === undefined ? ' ' : needStr(a[1], 'center');
    if (s.length >= w) return s;
    const total = w - s.length;
    const left = Math.floor(total / 2) + (total & w & 1);
    return fill.repeat(left) + s + fill.repeat(total - left);
  },
  ljust: (s, a) => s.padEnd(needIndex(a[0]), a[1] === undefined ? ' ' : needStr(a[1], 'ljust')),
  rjust: (s, a) => s.padStart(needIndex(a[0]), a[1] === undefined ? ' ' : needStr(a[1], 'rjust')),
  partition: (s, a) => {
    const sep = needStr(a[0], 'partition');
    const i = s.indexOf(sep);
    return i < 0 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s, a) => {
    const sep = needStr(a[0], 'rpartition');
    const i = s.lastIndexOf(sep);
    return i < 0 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s, a) => {
    const p = needStr(a[0], 'removeprefix');
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a) => {
    const p = needStr(a[0], 'removesuffix');
    return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
};

const DICT_METHODS: Record<string, (d: Record<string, unknown>, args: unknown[], kw: KwArgs) => unknown> = {
  items: (d) => dictEntries(d).map(([k, v]) => tuple([k, v])),
  keys: (d) => dictKeys(d),
  values: (d) => dictValues(d),
  get: (d, a) => {
    const prop = keyProp(d, needHashable(a[0]));
    return prop !== undefined ? d[prop] : (a[1] ?? null);
  },
  copy: (d) => copyDict(d),
  // Through setItem, so that typed keys (1, None) and text keys such as "10" keep what they are and their order.
  update: (d, a, k) => {
    if (a[0] !== undefined) {
      const src = a[0];
      const pairs = isDict(src) ? dictEntries(src) : iterate(src).map((pair) => iterate(pair));
      for (const [kk, vv] of pairs) setItem(d, kk, vv);
    }
    for (const [kk, vv] of Object.entries(k)) setItem(d, kk, vv);
    return null;
  },
  pop: (d, a) => {
    const prop = keyProp(d, needHashable(a[0]));
    if (prop !== undefined) {
      const v = d[prop];
      delete d[prop];
      return v;
    }
    if (a.length > 1) return a[1];
    throw new TemplateError(`KeyError: ${repr(a[0])}`);
  },
  setdefault: (d, a) => {
    const prop = keyProp(d, a[0]);
    if (prop !== undefined) return d[prop];
    setItem(d, a[0], a[1] ?? null);
    return a[1] ?? null;
  },
};

const LIST_METHODS: Record<string, (l: unknown[], args: unknown[], kw: KwArgs) => unknown> = {
  append: (l, a) => {
    l.push(a[0]);
    return null;
  },
  extend: (l, a) => {
    l.push(...iterate(a[0]));
    return null;
  },
  insert: (l, a) => {
    l.splice(toNum(a[0]), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (!l.length) throw new TemplateError('pop from empty list');
    const i = a[0] === undefined ? l.length - 1 : toNum(a[0]) < 0 ? l.length + toNum(a[0]) : toNum(a[0]);
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]));
    if (i < 0) throw new TemplateError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]));
    if (i < 0) throw new TemplateError(`${repr(a[0])} is not in list`);
    return i;
  },
  count: (l, a) => l.filter((x) => pyEq(x, a[0])).length,
  copy: (l) => [...l],
  reverse: (l) => {
    l.reverse();
    return null;
  },
};

function bind<T>(name: string, self: T, m: (self: T, args: unknown[], kw: KwArgs) => unknown): unknown {
  return pyFunc(name, (args, kw) => m(self, args, kw));
}

function noAttr(obj: unknown, name: string): Undef {
  const tn = obj === null ? 'None' : `${typeName(obj)} object`;
  return new Undef(name, `'${tn}' has no attribute '${name}'`);
}

/** `obj.name`: attribute (method) first, then item. */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Undef) return obj;
  if (typeof obj === 'string') {
    const m = STR_METHODS[name];
    return m ? bind(name, obj, m) : noAttr(obj, name);
  }
  if (Array.isArray(obj)) {
    const field = tupleField(obj, name);
    if (field) return field.value;
    const m = LIST_METHODS[name];
    return m ? bind(name, obj, m) : noAttr(obj, name);
  }
  if (obj instanceof LoopContext) return obj.attr(name);
  if (typeof obj === 'function') {
    const attrs = (obj as PyCallable).pyAttrs;
    return attrs && Object.prototype.hasOwnProperty.call(attrs, name) ? attrs[name] : noAttr(obj, name);
  }
  if (obj instanceof Namespace) return Object.prototype.hasOwnProperty.call(obj.attrs, name) ? obj.attrs[name] : noAttr(obj, name);
  if (isDict(obj)) {
    const m = DICT_METHODS[name];
    if (m) return bind(name, obj, m);
    return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : noAttr(obj, name);
  }
  return noAttr(obj, name);
}

/** `obj[key]`: item first, then attribute. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undef) return obj;
  if (key instanceof Undef) key.fail();
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (isInt(key) || typeof key === 'boolean') {
      let i = Number(key);
      if (i < 0) i += obj.length;
      if (i >= 0 && i < obj.length) return obj[i];
      return new Undef(String(key), `${typeName(obj)} object has no element ${String(key)}`);
    }
    if (typeof key === 'string') return getAttr(obj, key);
    return new Undef(str(key), `${typeName(obj)} object has no element ${repr(key)}`);
  }
  if (isDict(obj)) {
    // 1 and '1' are two keys (pydict.ts): d[1] finds only the int key.
    const prop = hashable(key) ? keyProp(obj, key) : undefined;
    if (prop !== undefined) return obj[prop];
    if (typeof key !== 'string') return new Undef(str(key), `dict object has no element ${repr(key)}`);
    if (DICT_METHODS[key]) return getAttr(obj, key);
    return new Undef(key, `'dict object' has no attribute ${repr(key)}`);
  }
  if (typeof key === 'string') return getAttr(obj, key);
  if (isPyCallable(obj)) return new Undef(String(key), `'function' object is not subscriptable`);
  return new Undef(String(key), `'${typeName(obj)} object' has no attribute '${String(key)}'`);
}

/** obj[start:stop:step] with Python's rules. */
export function sliceOf(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undef) obj.fail();
  // Python raises TypeError for these, and Jinja2's getitem makes any TypeError an undefined (`is defined` is false).
  if (!Array.isArray(obj) && typeof obj !== 'string') return new Undef('slice', `'${typeName(obj)}' object is not subscriptable`);
  const index = (v: unknown): boolean => v === null || v === undefined || isInt(v) || typeof v === 'boolean' || typeof v === 'bigint';
  if (!index(start) || !index(stop) || !index(step)) return new Undef('slice', 'slice indices must be integers or None or have an __index__ method');
  const items: unknown[] = typeof obj === 'string' ? [...obj] : obj;
  const n = items.length;
  const st = step === null || step === undefined ? 1 : toNum(step);
  if (st === 0) throw new TemplateError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return dflt;
    let i = toNum(v);
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    for (let i = a; i < b; i += st) out.push(items[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(items[i]);
  }
  if (typeof obj === 'string') return out.join('');
  return out;
}
