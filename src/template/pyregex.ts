/**
 * Python's `re` syntax run by JavaScript's engine, for the template filters
 * (regex_replace, regex_search, match...) and the modules that take Python
 * patterns (lineinfile, blockinfile, ini_file, find): inline flags, named
 * groups (?P<n>...) and (?P=n), \A and \Z, `$` matching before a final
 * newline too, a leading ']' in a class; and match.expand() for
 * replacement templates (\1, \g<1>, \g<name>, escapes).
 */
import { TemplateError } from './values.js';

export interface PyRegexFlags {
  ignorecase?: boolean;
  multiline?: boolean;
  dotall?: boolean;
}

/** The JavaScript source and flags ('i', 'm', 's') of a Python pattern. */
export function translatePyRegex(pattern: string, flags: PyRegexFlags = {}): { source: string; flags: string } {
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
      // A ']' right after '[' or '[^' is literal in Python.
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
  return { source: out, flags: `${ignore ? 'i' : ''}${multi ? 'm' : ''}${dotall ? 's' : ''}` };
}

/** A Python pattern as a RegExp (`extraFlags`: e.g. 'g'); an invalid one is a TemplateError naming it. */
export function pyRegExp(pattern: string, flags: PyRegexFlags = {}, extraFlags = ''): RegExp {
  const t = translatePyRegex(pattern, flags);
  try {
    return new RegExp(t.source, t.flags + extraFlags);
  } catch (err) {
    throw new TemplateError(`invalid regular expression '${pattern}': ${(err as Error).message}`);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '\\': '\\' };

/** Python's match.expand(template): group references (a missing group is an error, as in Python) and escapes. */
export function expandMatch(template: string, m: RegExpExecArray | string[], groups = 'groups' in m ? m.groups : undefined): string {
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
      if (/^\d+$/.test(name)) {
        if (Number(name) >= m.length) throw new TemplateError(`invalid group reference ${name}`);
        out += m[Number(name)] ?? '';
      } else {
        if (!groups || !(name in groups)) throw new TemplateError(`unknown group name '${name}'`);
        out += groups[name] ?? '';
      }
      i = end;
    } else if (ESCAPES[n] !== undefined) {
      out += ESCAPES[n];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}
