/** Serialisation filters: JSON as Python's json.dumps writes it, YAML as PyYAML. */
import { dictEntries, jsonKey } from '../pydict.js';
import { parseYaml } from '../../yaml/load.js';
import { floatRepr, isDict, isFloat, pyCmp, PyDate, PyFloat, TemplateError, toNum, typeName, Undef } from '../values.js';
import { arg, argBool, needString, type Registry } from './util.js';
import { yamlDump } from './yaml-dump.js';

function jsonStr(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) {
      if (c > 0xffff) {
        const hi = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const lo = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
      } else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

export interface JsonOptions {
  indent?: number | null;
  sortKeys?: boolean;
  itemSep?: string;
  keySep?: string;
  ensureAscii?: boolean;
}

/** Python's json.dumps. */
export function pyJsonDumps(v: unknown, o: JsonOptions = {}, level = 0): string {
  const indent = o.indent ?? null;
  const itemSep = o.itemSep ?? (indent === null ? ', ' : ',');
  const keySep = o.keySep ?? ': ';
  const ascii = o.ensureAscii ?? true;
  if (v instanceof Undef) v.fail();
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return jsonStr(v, ascii);
  // Ansible's JSON encoder writes dates as isoformat().
  if (v instanceof PyDate) return jsonStr(v.isoformat(), ascii);
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = toNum(v);
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return isFloat(v) ? floatRepr(n) : String(n);
  }
  const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const close = indent === null ? '' : '\n' + ' '.repeat(indent * level);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[${nl}${v.map((x) => pyJsonDumps(x, o, level + 1)).join(itemSep + nl)}${close}]`;
  }
  if (isDict(v)) {
    // json.dumps writes a key 1 as "1", True as "true", None as "null".
    let pairs = dictEntries(v);
    if (!pairs.length) return '{}';
    // sort_keys sorts the keys themselves: 1 and 'a' cannot be ordered (Python's TypeError).
    if (o.sortKeys) pairs = [...pairs].sort((a, b) => pyCmp(a[0], b[0]));
    const entries = pairs.map(([k, x]): [string, unknown] => {
      // json.dumps takes str, int, float, bool and None keys, nothing else (a date, a tuple).
      if (k instanceof PyDate || Array.isArray(k)) throw new TemplateError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
      return [jsonKey(k), x];
    });
    return `{${nl}${entries.map(([k, x]) => jsonStr(k, ascii) + keySep + pyJsonDumps(x, o, level + 1)).join(itemSep + nl)}${close}}`;
  }
  throw new TemplateError(`Object of type ${typeName(v)} is not JSON serializable`);
}

/** JSON text to template values (floats keep being floats). */
export function fromJson(s: string): unknown {
  const text = s.replace(/(?<=[:,[\s]|^)(-?\d+\.\d+|-?\d+[eE][-+]?\d+)(?=[,\]}\s]|$)/g, (m) => `{"__pyfloat__":${m}}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = JSON.parse(s);
    } catch (err) {
      throw new TemplateError(`from_json: ${(err as Error).message}`);
    }
  }
  const fix = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(fix);
    if (isDict(x)) {
      const keys = Object.keys(x);
      if (keys.length === 1 && keys[0] === '__pyfloat__') {
        const n = x.__pyfloat__ as number;
        return Number.isInteger(n) ? new PyFloat(n) : n;
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = fix(x[k]);
      return out;
    }
    return x;
  };
  return fix(parsed);
}

export const dataFilters: Registry = {
  to_json: (v, a, k) =>
    pyJsonDumps(v, {
      indent: k.indent === undefined || k.indent === null ? null : toNum(k.indent),
      sortKeys: argBool([], k, 0, 'sort_keys', false),
      ensureAscii: argBool([], k, 0, 'ensure_ascii', true),
    }),
  to_nice_json: (v, a, k) =>
    pyJsonDumps(v, {
      indent: toNum(arg(a, k, 0, 'indent', 4)),
      sortKeys: argBool(a, k, 1, 'sort_keys', true),
      itemSep: ',',
      keySep: ': ',
      ensureAscii: argBool([], k, 0, 'ensure_ascii', true),
    }),
  from_json: (v) => fromJson(needString(v, 'from_json')),
  from_yaml: (v) => (typeof v === 'string' ? parseYaml(v, '<from_yaml>').value : v),
  from_yaml_all: (v) => {
    // As PyYAML's load_all: each '---' starts a document, an empty one too (None); what comes before the first is one only when it holds more than comments.
    const [first = '', ...rest] = needString(v, 'from_yaml_all').split(/^---\s*$/m);
    const docs = first.replace(/^\s*#.*$/gm, '').trim() === '' ? rest : [first, ...rest];
    return docs.map((d) => parseYaml(d, '<from_yaml_all>').value ?? null);
  },
  to_yaml: (v, a, k) => yamlDump(v, { indent: toNum(k.indent ?? 2), flowDefault: k.default_flow_style === undefined ? null : Boolean(k.default_flow_style), width: toNum(k.width ?? 80), sortKeys: k.sort_keys === undefined ? true : Boolean(k.sort_keys) }),
  to_nice_yaml: (v, a, k) => yamlDump(v, { indent: toNum(arg(a, k, 0, 'indent', 4)), flowDefault: false, width: toNum(k.width ?? 80), sortKeys: k.sort_keys === undefined ? true : Boolean(k.sort_keys) }),
};
