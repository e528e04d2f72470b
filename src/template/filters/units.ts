/** Sizes in words: Jinja2's filesizeformat, Ansible's human_readable and human_to_bytes (ansible-core 2.14's formatters). */
import { toFixedExact } from '../pyformat.js';
import { str, TemplateError, toNum } from '../values.js';
import { arg, argBool, type Registry } from './util.js';

const RANGES: ReadonlyArray<[string, number]> = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function bytesToHuman(size: number, isbits: boolean, unit: string | null): string {
  const base = isbits ? 'bits' : 'Bytes';
  let suffix = 'B';
  let limit = 1;
  for ([suffix, limit] of RANGES) {
    if ((unit === null && size >= limit) || (unit !== null && unit.toUpperCase() === suffix[0])) break;
  }
  return `${toFixedExact(size / limit, 2)} ${limit !== 1 ? suffix + base[0] : base}`;
}

export function humanToBytes(value: unknown, defaultUnit: string | null, isbits: boolean): number {
  const text = str(value);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(text);
  const num = Number(m?.[1] ?? '');
  if (!m || m[1] === '' || Number.isNaN(num)) throw new TemplateError(`human_to_bytes() can't interpret following number: ${m?.[1] ?? ''} (original input string: ${text})`);
  const unit = m[2] ?? defaultUnit;
  if (unit === null || unit === undefined) return pyRound(num);
  const key = (unit[0] ?? '').toUpperCase();
  const limit = RANGES.find(([s]) => s === key)?.[1];
  if (limit === undefined) throw new TemplateError(`human_to_bytes() failed to convert ${text} (unit = ${unit}). The suffix must be one of ${RANGES.map(([s]) => s).join(', ')}`);
  const [cls, clsName] = isbits ? ['b', 'bit'] : ['B', 'byte'];
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls) {
    const expect = key === 'B' ? `expect ${cls} or ${clsName}` : `expect ${key}${cls} or ${key}`;
    throw new TemplateError(`human_to_bytes() failed to convert ${text}. Value is not a valid string (${expect})`);
  }
  return pyRound(num * limit);
}

export const unitFilters: Registry = {
  human_readable: (v, a, k) => {
    const unit = arg(a, k, 1, 'unit', null);
    return bytesToHuman(toNum(v), argBool(a, k, 0, 'isbits', false), unit === null ? null : str(unit));
  },
  human_to_bytes: (v, a, k) => {
    const unit = arg(a, k, 0, 'default_unit', null);
    return humanToBytes(v, unit === null ? null : str(unit), argBool(a, k, 1, 'isbits', false));
  },
  filesizeformat: (v, a, k) => {
    const bytes = toNum(v);
    const binary = argBool(a, k, 0, 'binary', false);
    const base = binary ? 1024 : 1000;
    const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = base;
    for (const [i, prefix] of prefixes.entries()) {
      unit = base ** (i + 2);
      if (bytes < unit || i === prefixes.length - 1) return `${toFixedExact((base * bytes) / unit, 1)} ${prefix}`;
    }
    return '';
  },
};
