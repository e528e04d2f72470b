/**
 * OpenStack .conf files layered as Kolla's merge_configs does: sections and
 * keys in first-seen order, a later file's key replacing the earlier one
 * whole (a key repeated within one file is a multi-valued option and keeps
 * every value). Values are kept verbatim: the `ini` package cuts values at
 * `#` and `;` and unquotes them, which would corrupt passwords and URLs.
 */
export type IniDocument = Map<string, Map<string, string[]>>;

export class IniSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseIni(text: string): IniDocument {
  const doc: IniDocument = new Map();
  let section: Map<string, string[]> | undefined;
  let seenInSection = new Set<string>();
  let lastKey: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || /^\s*[#;]/.test(line)) {
      lastKey = undefined;
      return;
    }
    const header = /^\[([^\]]+)\]$/.exec(line.trim());
    if (header?.[1] !== undefined && !/^\s/.test(line)) {
      const name = header[1];
      section = doc.get(name) ?? new Map();
      doc.set(name, section);
      seenInSection = new Set();
      lastKey = undefined;
      return;
    }
    if (/^\s/.test(line) && lastKey !== undefined && section) {
      // A continuation line belongs to the previous value (configparser's multi-line values).
      const values = section.get(lastKey) as string[];
      values[values.length - 1] = `${values[values.length - 1] ?? ''}\n${line.trim()}`;
      return;
    }
    if (!section) throw new IniSyntaxError(index + 1, 'a key before any [section]');
    const m = /^([^=:]+?)\s*[=:]\s?(.*)$/.exec(line.trim());
    const key = m?.[1] ?? line.trim();
    const value = m ? (m[2] ?? '') : '';
    const values = seenInSection.has(key) ? (section.get(key) ?? []) : [];
    values.push(value);
    section.set(key, values);
    seenInSection.add(key);
    lastKey = key;
  });
  return doc;
}

/** Layers `over` on `base`: a key present in `over` replaces all of base's values for it. */
export function mergeIni(base: IniDocument, over: IniDocument): IniDocument {
  const out: IniDocument = new Map([...base].map(([s, keys]) => [s, new Map([...keys].map(([k, v]) => [k, [...v]]))]));
  for (const [name, keys] of over) {
    const section = out.get(name) ?? new Map<string, string[]>();
    for (const [k, v] of keys) section.set(k, [...v]);
    out.set(name, section);
  }
  return out;
}

export function formatIni(doc: IniDocument, whitespace = true): string {
  const sep = whitespace ? ' = ' : '=';
  const blocks: string[] = [];
  // DEFAULT first, as oslo.config writes it.
  const names = [...doc.keys()];
  const ordered = [...names.filter((n) => n === 'DEFAULT'), ...names.filter((n) => n !== 'DEFAULT')];
  for (const name of ordered) {
    const lines = [`[${name}]`];
    for (const [k, values] of doc.get(name) ?? []) for (const v of values) lines.push(`${k}${sep}${v.replace(/\n/g, '\n\t')}`);
    blocks.push(`${lines.join('\n')}\n`);
  }
  return blocks.join('\n');
}
