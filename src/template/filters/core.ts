/** Scalar and string filters: Jinja2's builtins and Ansible's core ones. */
import { isPyCallable } from '../engine.js';
import { dictEntries } from '../pydict.js';
import { capitalize, getAttr, needIndex, pyReplace, pySplit, pyStrip, splitLines, title } from '../methods.js';
import { percentFormat, toFixedExact } from '../pyformat.js';
import { pyFloatText, pyIntText } from '../pynumber.js';
import { attrPath } from './collections.js';
import { pyJsonDumps } from './data.js';
import {
  isDict,
  isFloat,
  isInt,
  isNumber,
  iterate,
  mkFloat,
  pyCmp,
  PyFloat,
  str,
  TemplateError,
  toNum,
  truthy,
  tuple,
  typeName,
  Undef,
} from '../values.js';
import { SoftUndef } from '../expression-evaluator.js';
import { arg, argBool, argNum, argStr, needString, type Registry } from './util.js';

/** Ansible's bool filter. */
export function toBool(v: unknown): unknown {
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'string') return ['yes', 'on', '1', 'true'].includes(v.toLowerCase());
  if (isNumber(v)) return toNum(v) === 1;
  return false;
}

/** Jinja2's int filter: int(text, base), else int(float(text)), else the default. */
function toInt(v: unknown, dflt: unknown, base: number): unknown {
  let n: number | undefined;
  if (isNumber(v)) n = toNum(v);
  else if (typeof v === 'string') n = pyIntText(v, base) ?? pyFloatText(v);
  if (n === undefined || Number.isNaN(n)) return dflt;
  // Python's OverflowError, which Jinja2 does not catch.
  if (!Number.isFinite(n)) throw new TemplateError('cannot convert float infinity to integer');
  return Math.trunc(n);
}

function toFloat(v: unknown, dflt: unknown): unknown {
  if (isNumber(v)) return mkFloat(toNum(v));
  const n = typeof v === 'string' ? pyFloatText(v) : undefined;
  return n === undefined ? dflt : mkFloat(n);
}

/** Python's round(x, digits): exact half-to-even; negative digits round to tens, hundreds... */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  if (digits >= 0) return Number(toFixedExact(x, digits));
  const unit = 10 ** -digits;
  const y = x / unit;
  const halfway = Math.abs(y - Math.trunc(y)) === 0.5;
  return (halfway ? 2 * Math.round(y / 2) : Math.round(y)) * unit;
}

function textwrap(s: string, width: number, breakLong: boolean, wrapstring: string): string {
  const words = s.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (breakLong && w.length > width) {
      const room = cur ? width - cur.length - 1 : width;
      // Python's textwrap: a line that a space exactly fills keeps that space ('abcd ' at width 5).
      if (room < 0) {
        lines.push(cur);
        cur = '';
        continue;
      }
      lines.push(cur ? `${cur} ${w.slice(0, room)}` : w.slice(0, room));
      cur = '';
      w = w.slice(room);
    }
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  return lines.join(wrapstring);
}

export const coreFilters: Registry = {
  bool: (v) => toBool(v),
  default: (v, a, k) => {
    const dflt = arg(a, k, 0, 'default_value', '');
    const useFalse = argBool(a, k, 1, 'boolean', false);
    if (v instanceof Undef && !(v instanceof SoftUndef)) return dflt;
    if (v instanceof SoftUndef) return dflt;
    if (useFalse && !truthy(v)) return dflt;
    return v;
  },
  mandatory: (v, a, k) => {
    if (v instanceof Undef) {
      const msg = arg(a, k, 0, 'msg', null);
      throw new TemplateError(typeof msg === 'string' ? msg : `Mandatory variable ${v.name ? `'${v.name}' ` : ''} not defined.`);
    }
    return v;
  },
  ternary: (v, a, k) => {
    const noneVal = arg(a, k, 2, 'none_val', null);
    if (v === null && noneVal !== null) return noneVal;
    return truthy(v) ? arg(a, k, 0, 'true_val') : arg(a, k, 1, 'false_val');
  },
  int: (v, a, k) => toInt(v, arg(a, k, 0, 'default', 0), argNum(a, k, 1, 'base', 10)),
  float: (v, a, k) => toFloat(v, arg(a, k, 0, 'default', new PyFloat(0))),
  string: (v) => str(v),
  safe: (v) => v,
  length: (v) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isDict(v)) return Object.keys(v).length;
    throw new TemplateError(`object of type '${typeName(v)}' has no len()`);
  },
  abs: (v) => {
    const n = toNum(v);
    return isFloat(v) ? mkFloat(Math.abs(n)) : Math.abs(n);
  },
  round: (v, a, k) => {
    const prec = argNum(a, k, 0, 'precision', 0);
    const method = argStr(a, k, 1, 'method', 'common');
    const x = toNum(v);
    const f = 10 ** prec;
    let r: number;
    if (method === 'ceil') r = Math.ceil(x * f) / f;
    else if (method === 'floor') r = Math.floor(x * f) / f;
    // round() of an int is an int in Python; ceil and floor divide, a float.
    else if (method === 'common') return isFloat(v) ? mkFloat(pyRound(x, prec)) : pyRound(x, prec);
    else throw new TemplateError('method must be common, ceil or floor');
    return mkFloat(r);
  },
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  capitalize: (v) => capitalize(str(v)),
  title: (v) => title(str(v)),
  trim: (v, a, k) => pyStrip(str(v), arg(a, k, 0, 'chars', null), true, true),
  center: (v, a, k) => {
    const s = str(v);
    const w = argNum(a, k, 0, 'width', 80);
    const total = Math.max(0, w - s.length);
    const left = Math.floor(total / 2) + (total & w & 1);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  // Jinja2's do_indent: the lines as splitlines() gives them (a newline added first, so that a last
  // empty line stays), a line indented unless empty; `first` indents the first line whatever it holds.
  indent: (v, a, k) => {
    const w = arg(a, k, 0, 'width', 4);
    const pad = typeof w === 'string' ? w : ' '.repeat(toNum(w));
    const first = argBool(a, k, 1, 'first', false);
    const blank = argBool(a, k, 2, 'blank', false);
    const lines = splitLines(`${str(v)}\n`);
    const body = lines.map((l, i) => (i > 0 && (blank || l !== '') ? pad + l : l)).join('\n');
    return first ? pad + body : body;
  },
  wordwrap: (v, a, k) =>
    textwrap(str(v), argNum(a, k, 0, 'width', 79), argBool(a, k, 1, 'break_long_words', true), argStr(a, k, 2, 'wrapstring', '\n')),
  truncate: (v, a, k) => {
    const s = str(v);
    const length = argNum(a, k, 0, 'length', 255);
    const killwords = argBool(a, k, 1, 'killwords', false);
    const end = argStr(a, k, 2, 'end', '...');
    const leeway = argNum(a, k, 3, 'leeway', 5);
    if (s.length <= length + leeway) return s;
    if (killwords) return s.slice(0, length - end.length) + end;
    const cut = s.slice(0, length - end.length);
    const i = cut.lastIndexOf(' ');
    return (i >= 0 ? cut.slice(0, i) : cut) + end;
  },
  replace: (v, a, k) => {
    const s = str(v);
    const old = argStr(a, k, 0, 'old');
    const nw = argStr(a, k, 1, 'new');
    const count = arg(a, k, 2, 'count', null);
    return pyReplace(s, old, nw, count === null ? -1 : toNum(count));
  },
  split: (v, a, k) => pySplit(needString(v, 'split'), arg(a, k, 0, 'sep', null), needIndex(arg(a, k, 1, 'maxsplit', -1))),
  join: (v, a, k) => {
    const sep = argStr(a, k, 0, 'd', '');
    const attr = arg(a, k, 1, 'attribute', null);
    return iterate(v)
      .map((x) => (attr === null ? x : isDict(x) ? x[String(attr)] : x))
      .map((x) => {
        if (x instanceof Undef) x.fail();
        return str(x);
      })
      .join(sep);
  },
  first: (v) => {
    const items = iterate(v);
    return items.length ? items[0] : new Undef('first', 'No first item, sequence was empty.');
  },
  last: (v) => {
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undef('last', 'No last item, sequence was empty.');
  },
  reverse: (v) => {
    if (typeof v === 'string') return [...v].reverse().join('');
    return [...iterate(v)].reverse();
  },
  list: (v) => [...iterate(v)],
  sum: (v, a, k) => {
    const attr = arg(a, k, 0, 'attribute', null);
    let acc: unknown = arg(a, k, 1, 'start', 0);
    for (let x of iterate(v)) {
      if (attr !== null) x = attrPath(x, attr);
      if (Array.isArray(acc) && Array.isArray(x)) acc = [...acc, ...x];
      else if (isNumber(acc) && isNumber(x)) acc = isFloat(acc) || isFloat(x) ? mkFloat(toNum(acc) + toNum(x)) : toNum(acc) + toNum(x);
      else throw new TemplateError(`unsupported operand type(s) for +: '${typeName(acc)}' and '${typeName(x)}'`);
    }
    return acc;
  },
  min: (v, a, k) => minmax(v, a, k, -1),
  max: (v, a, k) => minmax(v, a, k, 1),
  e: (v) => htmlEscape(str(v)),
  escape: (v) => htmlEscape(str(v)),
  // Python's getattr(): a dict's methods, never its keys.
  attr: (v, a) => {
    const name = str(a[0]);
    const found = getAttr(v, name);
    return isDict(v) && !isPyCallable(found) ? new Undef(name, `'dict object' has no attribute '${name}'`) : found;
  },
  type_debug: (v) => (typeName(v) === 'str' ? 'AnsibleUnicode' : typeName(v)),
  pow: (v, a) => mkFloat(toNum(v) ** toNum(a[0])),
  log: (v, a) => mkFloat(a[0] === undefined ? Math.log(toNum(v)) : Math.log(toNum(v)) / Math.log(toNum(a[0]))),
  root: (v, a) => mkFloat(toNum(v) ** (1 / (a[0] === undefined ? 2 : toNum(a[0])))),
  format: (v, a, k) => {
    if (a.length && Object.keys(k).length) throw new TemplateError("can't handle positional and keyword arguments at the same time");
    return percentFormat(str(v), Object.keys(k).length ? k : tuple(a));
  },
  items: (v) => (isDict(v) ? dictEntries(v).map(([x, y]) => tuple([x, y])) : v instanceof Undef ? [] : iterate(v)),
  tojson: (v) => pyJsonDumps(v, { sortKeys: true }).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  wordcount: (v) => str(v).split(/\s+/).filter((w) => w !== '').length,
  comment: (v) => `#\n# ${str(v).split('\n').join('\n# ')}\n#`,
};
coreFilters.d = coreFilters.default as NonNullable<Registry['default']>;
coreFilters.count = coreFilters.length as NonNullable<Registry['length']>;

function minmax(v: unknown, a: unknown[], k: Record<string, unknown>, sign: number): unknown {
  const items = iterate(v);
  if (!items.length) return new Undef('', 'No aggregated item, sequence was empty.');
  const attr = arg(a, k, 1, 'attribute', null);
  const caseSensitive = argBool(a, k, 0, 'case_sensitive', false);
  const key = (x: unknown): unknown => {
    let y = attr !== null ? attrPath(x, attr) : x;
    if (y instanceof Undef) y.fail();
    if (typeof y === 'string' && !caseSensitive) y = y.toLowerCase();
    return y;
  };
  let best = items[0];
  for (const x of items) if (pyCmp(key(x), key(best)) * sign > 0) best = x;
  return best;
}

export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

export { isInt };
