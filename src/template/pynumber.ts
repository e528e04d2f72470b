/**
 * Python's int(text, base) and float(text), for the int and float filters:
 * what Python accepts (a sign, whitespace around, a 0x/0o/0b prefix where
 * the base allows it, single underscores between digits, inf and nan) and
 * nothing more. JavaScript's parseInt stops at the first bad digit instead
 * ('19' in base 8 would be 1).
 */

const PREFIX_BASE: Readonly<Record<string, number>> = { x: 16, o: 8, b: 2 };
const DIGITS = /^[0-9a-z]+(?:_[0-9a-z]+)*$/i;

/** Python's int(text, base) (base 0: from the prefix); undefined where Python raises ValueError, or where int(float(text)) gives the same. */
export function pyIntText(text: string, base: number): number | undefined {
  let s = text.trim();
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  let radix = base;
  const prefix = /^0([xob])_?/i.exec(s);
  const prefixBase = prefix ? PREFIX_BASE[(prefix[1] ?? '').toLowerCase()] : undefined;
  if (prefix && (base === 0 || base === prefixBase)) {
    radix = prefixBase ?? radix;
    s = s.slice(prefix[0].length);
  }
  // Base 0 without a prefix (a decimal literal, where Python refuses leading zeros) is left to
  // int(float(text)), which reads every such text to the same number, leading zeros too.
  if (radix < 2 || radix > 36 || !DIGITS.test(s)) return undefined;
  const digits = s.replace(/_/g, '').toLowerCase();
  for (const d of digits) if (parseInt(d, 36) >= radix) return undefined;
  const n = parseInt(digits, radix);
  return negative ? -n : n;
}

const DECIMAL = String.raw`\d(?:_?\d)*`;
const FLOAT_TEXT = new RegExp(String.raw`^[-+]?(?:(?:${DECIMAL}(?:\.(?:${DECIMAL})?)?|\.${DECIMAL})(?:e[-+]?${DECIMAL})?|inf|infinity|nan)$`, 'i');

/** Python's float(text); undefined where Python raises ValueError. */
export function pyFloatText(text: string): number | undefined {
  const s = text.trim();
  if (!FLOAT_TEXT.test(s)) return undefined;
  const body = s.replace(/_/g, '').toLowerCase();
  if (body.endsWith('nan')) return NaN;
  if (body.endsWith('inf') || body.endsWith('infinity')) return body.startsWith('-') ? -Infinity : Infinity;
  return parseFloat(body);
}
