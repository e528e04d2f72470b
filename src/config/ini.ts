/**
 * ansible.cfg as text -> sections of keys, each with the line it is written
 * on (the `ini` package reads the values; it keeps no positions, so the
 * lines are found by a scan of the same text). Read as Python's
 * configparser reads it for Ansible: `key = value` or `key: value`, keys
 * case-insensitive, `;` or `#` starting a comment line, the last of a
 * repeated key wins.
 */
import { parse } from 'ini';

export interface IniEntry {
  value: string;
  /** 1-based. */
  line: number;
}

/** section -> lower-cased key -> entry. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, IniEntry>>;

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const COMMENT = /^\s*([;#]|$)/;

/** configparser also takes `key: value`; the ini package only `=`. */
function normalise(line: string): string {
  if (COMMENT.test(line) || SECTION.test(line)) return line;
  const colon = line.indexOf(':');
  const equals = line.indexOf('=');
  return colon !== -1 && (equals === -1 || colon < equals) ? `${line.slice(0, colon)}=${line.slice(colon + 1)}` : line;
}

/** Where each key is written: the last line that sets it in its section. */
function keyLines(lines: readonly string[]): Map<string, number> {
  const where = new Map<string, number>();
  let section = '';
  lines.forEach((line, index) => {
    const header = SECTION.exec(line);
    if (header) section = (header[1] as string).trim();
    else if (!COMMENT.test(line)) {
      const key = line.split('=')[0]?.trim().toLowerCase() ?? '';
      if (key !== '') where.set(`${section}\0${key}`, index + 1);
    }
  });
  return where;
}

function flatten(value: unknown, prefix: string, out: Map<string, Record<string, unknown>>): void {
  if (value === null || typeof value !== 'object') return;
  const keys: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // The ini package nests a dotted section name ([a.b]); configparser does not.
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, out);
    else keys[key] = inner;
  }
  if (prefix !== '' && Object.keys(keys).length > 0) out.set(prefix, keys);
}

export function readIni(text: string): IniSections {
  const lines = text.split(/\r?\n/).map(normalise);
  const parsed: unknown = parse(lines.join('\n'), { bracketedArray: false });
  const sections = new Map<string, Record<string, unknown>>();
  flatten(parsed, '', sections);
  const where = keyLines(lines);
  const result = new Map<string, Map<string, IniEntry>>();
  for (const [section, keys] of sections) {
    const entries = new Map<string, IniEntry>();
    for (const [key, raw] of Object.entries(keys)) {
      const name = key.trim().toLowerCase();
      // A repeated key comes as a list (the last wins); true/false and a bare key as booleans: back to text.
      const value = String(Array.isArray(raw) ? raw.at(-1) : raw);
      entries.set(name, { value, line: where.get(`${section}\0${name}`) ?? 0 });
    }
    result.set(section, entries);
  }
  return result;
}
