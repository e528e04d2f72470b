/** Python's float as the template values hold it (values.ts re-exports both): an integral float object, and repr(). */

/** An integral float: 2.0 stays "2.0". Non-integral floats are plain numbers. */
export class PyFloat {
  constructor(readonly v: number) {}
  valueOf(): number {
    return this.v;
  }
  /** Outside templates (JSON for the output, for hosts) it is the number it holds. */
  toJSON(): number {
    return this.v;
  }
}

/** Python's repr() of a float. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant = '0', expStr = '0'] = n.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -5 + 1 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      body = `${intPart}.${frac === '' ? '0' : frac}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    // toExponential's exponent has its sign ('+16', '-7'): Python writes two digits at least.
    body = `${m}e${expStr.slice(0, 1)}${expStr.slice(1).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}
