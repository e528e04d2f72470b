/**
 * YAML 1.1 scalars as PyYAML's SafeLoader (Ansible's loader) reads them:
 * its implicit resolvers, in its order of precedence, and its constructors.
 * yes/no/on/off are booleans, 0755 is octal, 1:20 is 80, 1_000 is an int,
 * 1.0 a float that prints "1.0", timestamps are dates. The `yaml` package's
 * own 1.1 schema differs on 0789 and 1e3 (strings here), y/n (strings),
 * -.nan (a string) and timestamps (dates here), so its scalar tags are
 * replaced by these.
 */
import type { ScalarTag, Tags } from 'yaml';
import { parseTimestamp } from '../template/pydate.js';
import { PyFloat } from '../template/pyfloat.js';

const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

const TAG = {
  null: 'tag:yaml.org,2002:null',
  bool: 'tag:yaml.org,2002:bool',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
  timestamp: 'tag:yaml.org,2002:timestamp',
} as const;

/** The digits Python's int(text, base) takes (underscores are gone by then); anything else is refused. */
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

function strictInt(text: string, base: number): number {
  if (!DIGITS[base]?.test(text)) throw new Error(`"${text}" is not a base ${base} integer`);
  return parseInt(text, base);
}

/** Python's float() of one part of a float's text (already lowercased). */
function strictFloat(text: string): number {
  if (text === 'inf' || text === 'infinity') return Infinity;
  if (text === 'nan') return NaN;
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(text)) throw new Error(`"${text}" is not a float`);
  return Number(text);
}

/** Base 60 (1:20 is 80): PyYAML's sexagesimal numbers. */
const sexagesimal = (text: string, parse: (s: string) => number) => text.split(':').reduce((acc, part) => acc * 60 + parse(part), 0);

/** Its sign (-1 or 1) and the text after it. */
function signed(text: string): [number, string] {
  if (text.startsWith('-')) return [-1, text.slice(1)];
  return [1, text.startsWith('+') ? text.slice(1) : text];
}

/** PyYAML's construct_yaml_int: throws where Python's int() would (`0b_`, `!!int 1.5`). */
function pyInt(source: string): number {
  const [sign, text] = signed(source.replace(/_/g, ''));
  if (text === '0') return 0;
  if (text.startsWith('0b')) return sign * strictInt(text.slice(2), 2);
  if (text.startsWith('0x')) return sign * strictInt(text.slice(2), 16);
  if (text.startsWith('0')) return sign * strictInt(text, 8);
  if (text.includes(':')) return sign * sexagesimal(text, (p) => strictInt(p, 10));
  return sign * strictInt(text, 10);
}

/** PyYAML's construct_yaml_float: an integral value keeps printing as a float (1.0). */
function pyFloat(source: string): number | PyFloat {
  const [sign, text] = signed(source.replace(/_/g, '').toLowerCase());
  if (text === '.inf') return sign * Infinity;
  if (text === '.nan') return NaN;
  const n = sign * (text.includes(':') ? sexagesimal(text, strictFloat) : strictFloat(text));
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** PyYAML's construct_yaml_bool: the six words in any case, nothing else. */
function pyBool(text: string): boolean {
  const lower = text.toLowerCase();
  if (!/^(?:yes|no|true|false|on|off)$/.test(lower)) throw new Error(`"${text}" is not a bool`);
  return /^(?:yes|true|on)$/.test(lower);
}

/** Plain scalars resolved by their look, in PyYAML's order. */
const implicitScalars: ScalarTag[] = [
  { tag: TAG.null, default: true, test: PY_NULL, resolve: () => null },
  { tag: TAG.bool, default: true, test: PY_BOOL, resolve: pyBool },
  { tag: TAG.int, default: true, test: PY_INT, resolve: pyInt },
  { tag: TAG.float, default: true, test: PY_FLOAT, resolve: pyFloat },
  // A date Python cannot make (2001-02-30) fails the load in Ansible: an error at its place here too.
  { tag: TAG.timestamp, default: true, test: PY_TIMESTAMP, resolve: (s: string, onError: (message: string) => void) => parseTimestamp(s) ?? (onError(`${s} is no date or time Python can make (a month, day, hour or UTC offset out of range)`), s) },
];

/**
 * Explicitly tagged scalars (`!!float 1` is 1.0, `!!int "12"` is 12): the
 * constructor applies to any text, and text it refuses is an error, as in
 * Ansible. Without a test, the `yaml` package picks these for an explicit
 * tag before the implicit ones above.
 */
const explicitScalars: ScalarTag[] = [
  { tag: TAG.null, resolve: () => null },
  { tag: TAG.bool, resolve: pyBool },
  { tag: TAG.int, resolve: pyInt },
  { tag: TAG.float, resolve: pyFloat },
];

const REPLACED = new Set<string>(Object.values(TAG));

/** The `yaml` package's 1.1 tags with PyYAML's scalars in place of its own. */
export function pyYamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || !REPLACED.has(t.tag));
  return [...implicitScalars, ...explicitScalars, ...kept];
}
