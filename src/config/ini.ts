/**
 * ansible.cfg as text -> sections of keys, each with the line it starts on,
 * read as Python's configparser reads it for Ansible (ConfigParser with
 * inline_comment_prefixes=(';',), strict): `key = value` or `key: value`
 * (the first = or : splits), keys case-insensitive, section names not; a
 * whole-line comment starts with # or ;, an inline one with ; after white
 * space (a # in a value is kept); a line indented deeper than its key's
 * continues the value; [DEFAULT]'s keys are in every section. What
 * configparser refuses is an IniError at its line: a key before any
 * section, a line that is no key, a section or a key given twice.
 */

export interface IniEntry {
  value: string;
  /** 1-based. */
  line: number;
}

/** section -> lower-cased key -> entry. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, IniEntry>>;

export class IniError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/;
const DEFAULT_SECTION = 'DEFAULT';

/** A line's text without its comment, trimmed; whether a comment was cut (a comment line adds no empty line to a value). */
function uncommented(line: string): { text: string; comment: boolean } {
  if (/^\s*[#;]/.test(line)) return { text: '', comment: true };
  const inline = /\s;/.exec(line);
  return { text: (inline ? line.slice(0, inline.index) : line).trim(), comment: inline !== null };
}

interface Pending {
  lines: string[];
  line: number;
  /** Its line's indent: a line indented deeper continues its value. */
  indent: number;
}

export function readIni(text: string): IniSections {
  const sections = new Map<string, Map<string, Pending>>();
  const defaults = new Map<string, Pending>();
  let section: { name: string; keys: Map<string, Pending> } | undefined;
  // The key whose value a deeper-indented line continues.
  let open: Pending | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const { text: content, comment } = uncommented(raw);
    if (content === '') {
      if (!comment) open?.lines.push('');
      return;
    }
    const depth = raw.search(/\S/);
    if (open && depth > open.indent) {
      open.lines.push(content);
      return;
    }
    open = undefined;
    const header = SECTION.exec(content)?.[1];
    if (header !== undefined) {
      if (sections.has(header)) throw new IniError(`section [${header}] is given twice`, line);
      const keys = header === DEFAULT_SECTION ? defaults : new Map<string, Pending>();
      if (header !== DEFAULT_SECTION) sections.set(header, keys);
      section = { name: header, keys };
      return;
    }
    if (!section) throw new IniError('a key before any [section]', line);
    const [, name = '', value = ''] = OPTION.exec(content) ?? [];
    if (name === '') throw new IniError(`"${content}" is no key = value`, line);
    const key = name.toLowerCase();
    if (section.keys.has(key)) throw new IniError(`[${section.name}] ${key} is given twice`, line);
    open = { lines: [value], line, indent: depth };
    section.keys.set(key, open);
  });
  const entry = (p: Pending): IniEntry => ({ value: p.lines.join('\n').trimEnd(), line: p.line });
  const result = new Map<string, Map<string, IniEntry>>();
  for (const [name, keys] of sections) {
    // A section's own key comes later, so it wins over [DEFAULT]'s.
    result.set(name, new Map([...defaults, ...keys].map(([key, p]) => [key, entry(p)])));
  }
  return result;
}
