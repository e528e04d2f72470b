/** Ansible's regex filters with Python `re` syntax translated to JavaScript. */
import { str, TemplateError, tuple } from '../values.js';
import { arg, argBool, argStr, type Registry } from './util.js';

const cache = new Map<string, RegExp>();

/** Translates a Python regular expression to a JavaScript one (global). */
export function pyRegex(pattern: string, flags: { ignorecase?: boolean; multiline?: boolean; dotall?: boolean } = {}): RegExp {
  let ignore = Boolean(flags.ignorecase);
  let multi = Boolean(flags.multiline);
  let dotall = Boolean(flags.dotall);
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    const f = inline[1] ?? '';
    if (f.includes('i')) ignore = true;
    if (f.includes('m')) multi = true;
    if (f.includes('s')) dotall = true;
    src = src.slice(inline[0].length);
  }
  const key = `${src}\u0000${ignore}${multi}${dotall}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else out += c + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += '\\' + src[++i];
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    if (c === '$' && !multi) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  let re: RegExp;
  try {
    re = new RegExp(out, `g${ignore ? 'i' : ''}${multi ? 'm' : ''}${dotall ? 's' : ''}`);
  } catch (err) {
    throw new TemplateError(`invalid regular expression '${pattern}': ${(err as Error).message}`);
  }
  cache.set(key, re);
  return re;
}

/** Python's re.sub replacement template expanded for one match. */
export function expandTemplate(template: string, m: RegExpExecArray | string[], groups?: Record<string, string | undefined>): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = template[i + 1] ?? '';
    if (/\d/.test(n)) {
      const d = /^\d{1,2}/.exec(template.slice(i + 1))?.[0] ?? n;
      const idx = Number(d);
      if (idx >= m.length) throw new TemplateError(`invalid group reference ${idx}`);
      out += m[idx] ?? '';
      i += d.length;
    } else if (n === 'g' && template[i + 2] === '<') {
      const end = template.indexOf('>', i);
      const name = template.slice(i + 3, end);
      if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
      else {
        if (!groups || !(name in groups)) throw new TemplateError(`unknown group name '${name}'`);
        out += groups[name] ?? '';
      }
      i = end;
    } else if (n === 'n') {
      out += '\n';
      i++;
    } else if (n === 't') {
      out += '\t';
      i++;
    } else if (n === '\\') {
      out += '\\';
      i++;
    } else {
      out += c;
    }
  }
  return out;
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
      out += s.slice(last, m.index) + expandTemplate(rep, m, m.groups);
      last = m.index + m[0].length;
      n++;
      if (m[0] === '') {
        if (re.lastIndex < s.length) out += s[re.lastIndex] ?? '';
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
    const re = pyRegex(String(pattern ?? arg(a, k, 0, 'regex', '')), { ignorecase: Boolean(k.ignorecase), multiline: Boolean(k.multiline) });
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
    if (type === 'posix_basic') return s.replace(/[.^$*[\]\\]/g, '\\$&');
    return s.replace(/[^A-Za-z0-9_]/g, (c) => (c.charCodeAt(0) > 127 ? c : `\\${c}`));
  },
};
