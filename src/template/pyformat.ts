/**
 * Python's string formatting: `'%s' % x`, str.format() and the float
 * formatting both rely on (correctly rounded, half-to-even on the exact
 * binary value, as CPython does).
 */
import { floatRepr, isDict, isFloat, isInt, isNumber, isTuple, PyDate, repr, str, TemplateError, toNum, typeName } from './values.js';

/** The exact decimal digits of a finite double rounded to `prec` places. */
export function toFixedExact(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let scaled: bigint; // value = scaled / 10^k
  let k: number;
  if (e >= 0) {
    scaled = mant << BigInt(e);
    k = 0;
  } else {
    k = -e;
    scaled = mant * 5n ** BigInt(k);
  }
  let q: bigint;
  if (k <= prec) q = scaled * 10n ** BigInt(prec - k);
  else {
    const div = 10n ** BigInt(k - prec);
    q = scaled / div;
    const r = scaled % div;
    if (r * 2n > div || (r * 2n === div && q % 2n === 1n)) q += 1n;
  }
  let digits = q.toString();
  if (prec > 0) {
    digits = digits.padStart(prec + 1, '0');
    digits = `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
  }
  return (neg ? '-' : '') + digits;
}

function toExp(x: number, prec: number, upper: boolean): string {
  if (!Number.isFinite(x)) return toFixedExact(x, 0);
  const s = x.toExponential(prec);
  const [m = '', ex = '0'] = s.split('e');
  const n = Number(ex);
  const out = `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  return upper ? out.toUpperCase() : out;
}

function toGeneral(x: number, prec: number, alt: boolean, upper: boolean): string {
  if (!Number.isFinite(x)) return toFixedExact(x, 0);
  const p = prec === 0 ? 1 : prec;
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < p) s = toFixedExact(x, p - 1 - exp);
  else s = toExp(x, p - 1, upper);
  if (!alt) {
    const [m = '', tail] = s.split(/(?=[eE])/);
    const trimmed = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    s = trimmed + (tail ?? '');
  }
  return s;
}

/** Python counts a width or a string precision in code points, JavaScript's length in UTF-16 units. */
function cpLen(s: string): number {
  return [...s].length;
}

function cpSlice(s: string, n: number): string {
  return [...s].slice(0, n).join('');
}

function pad(body: string, width: number, left: boolean, zero: boolean): string {
  const w = width + body.length - cpLen(body); // the width in UTF-16 units, for padStart/padEnd
  if (body.length >= w) return body;
  if (left) return body.padEnd(w, ' ');
  if (zero) {
    const sign = /^[+\- ]/.test(body) ? body[0] ?? '' : '';
    return sign + body.slice(sign.length).padStart(w - sign.length, '0');
  }
  return body.padStart(w, ' ');
}

function intOf(v: unknown, conv: string): number {
  if (!isNumber(v)) throw new TemplateError(`%${conv} format: a real number is required, not ${typeName(v)}`);
  return Math.trunc(toNum(v));
}

function formatOne(conv: string, v: unknown, flags: string, width: number, prec: number | undefined): string {
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const withSign = (s: string, n: number): string => (n >= 0 && !s.startsWith('-') ? sign + s : s);
  let body: string;
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      body = conv === 's' ? str(v) : repr(v);
      if (prec !== undefined) body = cpSlice(body, prec);
      return pad(body, width, left, false);
    }
    case 'd':
    case 'i':
    case 'u': {
      const n = intOf(v, conv);
      body = withSign(String(n), n);
      return pad(body, width, left, zero);
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = intOf(v, conv);
      let digits = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (flags.includes('#')) digits = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + digits;
      body = withSign((n < 0 ? '-' : '') + digits, n);
      return pad(body, width, left, zero);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (!isNumber(v)) throw new TemplateError(`must be real number, not ${typeName(v)}`);
      const x = toNum(v);
      const p = prec ?? 6;
      if (conv === 'f' || conv === 'F') body = toFixedExact(x, p);
      else if (conv === 'e' || conv === 'E') body = toExp(x, p, conv === 'E');
      else body = toGeneral(x, p, flags.includes('#'), conv === 'G');
      body = withSign(body, x);
      return pad(body, width, left, zero);
    }
    case 'c': {
      body = typeof v === 'string' ? v : String.fromCodePoint(intOf(v, 'c'));
      return pad(body, width, left, false);
    }
    default:
      throw new TemplateError(`unsupported format character '${conv}'`);
  }
}

const PERCENT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** `fmt % args` as Python evaluates it for str. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = isTuple(args) ? (args as unknown[]) : [args];
  const mapping = isDict(args) ? args : undefined;
  let i = 0;
  const next = (): unknown => {
    if (i >= positional.length) throw new TemplateError('not enough arguments for format string');
    return positional[i++];
  };
  const out = fmt.replace(PERCENT_RE, (_m, key: string | undefined, flags: string, w: string | undefined, p: string | undefined, conv: string) => {
    if (conv === '%' && key === undefined) return '%';
    let value: unknown;
    const width = w === '*' ? toNum(next()) : w ? Number(w) : 0;
    const prec = p === '*' ? toNum(next()) : p !== undefined ? Number(p) : undefined;
    if (key !== undefined) {
      if (!mapping) throw new TemplateError('format requires a mapping');
      if (!(key in mapping)) throw new TemplateError(`KeyError: '${key}'`);
      value = mapping[key];
    } else value = next();
    return formatOne(conv, value, flags, width, prec);
  });
  // a mapping argument is never 'not all converted', whether or not a key used it
  if (!mapping && i < positional.length) {
    throw new TemplateError('not all arguments converted during string formatting');
  }
  return out;
}

// ---------------------------------------------------------------- str.format

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

export function formatSpec(v: unknown, spec: string): string {
  if (spec === '') return str(v);
  const m = SPEC_RE.exec(spec);
  if (!m) throw new TemplateError(`Invalid format specifier '${spec}'`);
  const [, fillCh, alignCh, signCh, alt, zero, widthS, group, precS, typeCh] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  // The 0 flag sets the fill (any type; only a number also defaults to '=' alignment).
  let fill = fillCh ?? (zero ? '0' : ' ');
  let align = alignCh;
  let type = typeCh;
  let body: string;
  const numeric = isNumber(v);
  if (typeof v === 'string') {
    if (type && type !== 's') throw new TemplateError(`Unknown format code '${type}' for object of type 'str'`);
    if (align === '=') throw new TemplateError("'=' alignment not allowed in string format specifier");
    body = prec !== undefined ? cpSlice(v, prec) : v;
    align ??= '<';
  } else if (numeric) {
    const x = toNum(v);
    if (!type) type = isFloat(v) ? (prec !== undefined ? 'g' : 'r') : 'd';
    switch (type) {
      case 'd':
      case 'n':
        if (!isInt(v) && typeof v !== 'boolean') throw new TemplateError(`Unknown format code 'd' for object of type '${typeName(v)}'`);
        body = String(Math.abs(x));
        break;
      case 'b':
      case 'o':
      case 'x':
      case 'X':
        body = Math.abs(Math.trunc(x)).toString(type === 'b' ? 2 : type === 'o' ? 8 : 16);
        if (type === 'X') body = body.toUpperCase();
        if (alt) body = `0${type.toLowerCase()}${body}`;
        break;
      case 'c':
        body = String.fromCodePoint(x);
        break;
      case 'r':
        body = floatRepr(Math.abs(x));
        break;
      case '%':
        body = `${toFixedExact(Math.abs(x) * 100, prec ?? 6)}%`;
        break;
      case 'f':
      case 'F':
        body = toFixedExact(Math.abs(x), prec ?? 6);
        break;
      case 'e':
      case 'E':
        body = toExp(Math.abs(x), prec ?? 6, type === 'E');
        break;
      default:
        body = toGeneral(Math.abs(x), prec ?? 6, Boolean(alt), type === 'G');
    }
    if (group) {
      const [ip = '', fp] = body.split('.');
      body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp !== undefined ? `.${fp}` : '');
    }
    const signStr = x < 0 || Object.is(x, -0) ? '-' : signCh === '+' ? '+' : signCh === ' ' ? ' ' : '';
    if (zero && !alignCh) align = '=';
    align ??= '>';
    if (align === '=') {
      const w = Math.max(0, width - signStr.length + body.length - cpLen(body));
      return signStr + body.padStart(w, fill);
    }
    body = signStr + body;
  } else {
    if (type) throw new TemplateError(`Unknown format code '${type}' for object of type '${typeName(v)}'`);
    // object.__format__ refuses any non-empty spec (None, list, dict...); a date's
    // __format__ is strftime, not ported: it keeps str()'s padding here.
    if (!(v instanceof PyDate)) throw new TemplateError(`unsupported format string passed to ${typeName(v)}.__format__`);
    body = str(v);
    align ??= '<';
  }
  const w = width + body.length - cpLen(body); // the width in UTF-16 units
  if (body.length >= w) return body;
  const gap = w - body.length;
  if (align === '<') return body + fill.repeat(gap);
  if (align === '>') return fill.repeat(gap) + body;
  const l = Math.floor(gap / 2);
  return fill.repeat(l) + body + fill.repeat(gap - l);
}

function getField(name: string, args: unknown[], kwargs: Record<string, unknown>, auto: { i: number }): unknown {
  const m = /^([^.[]*)(.*)$/.exec(name);
  const head = m?.[1] ?? '';
  let rest = m?.[2] ?? '';
  let v: unknown;
  if (head === '') v = args[auto.i++];
  else if (/^\d+$/.test(head)) v = args[Number(head)];
  else {
    if (!(head in kwargs)) throw new TemplateError(`KeyError: '${head}'`);
    v = kwargs[head];
  }
  if (v === undefined) throw new TemplateError('Replacement index out of range for positional args tuple');
  while (rest) {
    const a = /^\.(\w+)|^\[([^\]]+)\]/.exec(rest);
    if (!a) throw new TemplateError(`invalid format field ${name}`);
    const key = a[1] ?? a[2] ?? '';
    if (Array.isArray(v)) {
      if (!/^\d+$/.test(key)) throw new TemplateError(`${typeName(v)} indices must be integers or slices, not str`);
      v = v[Number(key)];
    } else if (isDict(v)) v = v[key];
    else throw new TemplateError(`cannot index ${typeName(v)} with ${key}`);
    rest = rest.slice(a[0].length);
  }
  return v;
}

/** str.format(*args, **kwargs). */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>): string {
  const auto = { i: 0 };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i];
    if (ch === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const end = fmt.indexOf('}', i);
      if (end < 0) throw new TemplateError("Single '{' encountered in format string");
      const field = fmt.slice(i + 1, end);
      const mm = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/.exec(field);
      if (!mm) throw new TemplateError(`invalid format field ${field}`);
      let v = getField(mm[1] ?? '', args, kwargs, auto);
      if (mm[2] === 'r' || mm[2] === 'a') v = repr(v);
      else if (mm[2] === 's') v = str(v);
      out += formatSpec(v, mm[3] ?? '');
      i = end + 1;
    } else if (ch === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw new TemplateError("Single '}' encountered in format string");
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
