/** Ansible's regex filters with Python `re` syntax translated to JavaScript. */
import { str, TemplateError, tuple } from '../values.js';
import { argBool, argStr, type Registry } from './util.js';
import { expandMatch, pyRegExp, type PyRegexFlags } from '../pyregex.js';

const cache = new Map<string, RegExp>();

/** A Python pattern as a global RegExp, compiled once per pattern and flags. */
export function pyRegex(pattern: string, flags: PyRegexFlags = {}): RegExp {
  const key = `${pattern}\u0000${Boolean(flags.ignorecase)}${Boolean(flags.multiline)}${Boolean(flags.dotall)}`;
  let re = cache.get(key);
  if (!re) {
    re = pyRegExp(pattern, flags, 'g');
    cache.set(key, re);
  }
  // Each caller starts its own search at lastIndex 0.
  return re;
}

function flagsOf(a: unknown[], k: Record<string, unknown>, from: number): { ignorecase: boolean; multiline: boolean } {
  return { ignorecase: argBool(a, k, from, 'ignorecase', false), multiline: argBool(a, k, from + 1, 'multiline', false) };
}

export const regexFilters: Registry = {
  regex_replace: (v, a, k) => {
    const s = str(v);
    const re = pyRegex(argStr(a, k, 0, 'pattern', ''), flagsOf(a, k, 2));
    const rep = argStr(a, k, 1, 'replacement', '');
    const count = k.count === undefined ? 0 : Number(k.count);
    let n = 0;
    let out = '';
    let last = 0;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      if (count && n >= count) break;
      out += s.slice(last, m.index) + expandMatch(rep, m, m.groups);
      last = m.index + m[0].length;
      n++;
      if (m[0] === '') {
        out += s[re.lastIndex] ?? '';
        last = re.lastIndex + 1;
        re.lastIndex++;
        if (re.lastIndex > s.length) break;
      }
    }
    return out + s.slice(last);
  },
  regex_search: (v, a, k) => {
    const s = str(v);
    const [pattern, ...groupRefs] = a;
    const re = pyRegex(String(pattern ?? k.regex ?? ''), { ignorecase: Boolean(k.ignorecase), multiline: Boolean(k.multiline) });
    re.lastIndex = 0;
    const m = re.exec(s);
    if (!m) return null;
    if (!groupRefs.length) return m[0];
    return groupRefs.map((g) => {
      const ref = String(g);
      const num = /^\\(\d+)$/.exec(ref);
      if (num) return m[Number(num[1])] ?? null;
      const named = /^\\g<(\w+)>$/.exec(ref);
      if (named) return m.groups?.[named[1] ?? ''] ?? null;
      throw new TemplateError(`Unknown argument ${ref}`);
    });
  },
  regex_findall: (v, a, k) => {
    const s = str(v);
    const re = pyRegex(argStr(a, k, 0, 'regex'), { multiline: argBool(a, k, 1, 'multiline', false), ignorecase: argBool(a, k, 2, 'ignorecase', false) });
    re.lastIndex = 0;
    const out: unknown[] = [];
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      if (m.length === 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(tuple(m.slice(1).map((x) => x ?? '')));
      if (m[0] === '') re.lastIndex++;
    }
    return out;
  },
  regex_escape: (v, a, k) => {
    const type = argStr(a, k, 0, 're_type', 'python');
    const s = str(v);
    // Python's re.escape (3.7 and later): only the characters special in a pattern.
    if (type === 'python') return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&');
    if (type === 'posix_basic') return s.replace(/[.^$*[\]\\]/g, '\\$&');
    if (type === 'posix_extended') throw new TemplateError(`Regex type (${type}) not yet implemented`);
    throw new TemplateError(`Invalid regex type (${type})`);
  },
};
