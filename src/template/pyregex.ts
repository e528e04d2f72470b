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
  const inline = /^\(\?[aiLmsux]+\)/.exec(src);
  if (inline) {
    const f = inline[0];
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

const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * Python's match.expand(template), as re's parse_template reads it: \1 to
 * \99 and \g<1> or \g<name> (a missing group is an error, an unmatched one
 * empty), \0 and three octal digits a character, the escapes above; an
 * unknown escape of a letter, or a lone backslash at the end, an error.
 */
export function expandMatch(template: string, m: RegExpExecArray | string[], groups = 'groups' in m ? m.groups : undefined): string {
  const group = (index: number): string => {
    if (index >= m.length) throw new TemplateError(`invalid group reference ${index}`);
    return m[index] ?? '';
  };
  const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] ?? '';
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const n = template[i + 1];
    if (n === undefined) throw new TemplateError('bad escape (end of pattern)');
    if (n === 'g') {
      if (template[i + 2] !== '<') throw new TemplateError('missing <');
      const end = template.indexOf('>', i + 3);
      if (end === -1) throw new TemplateError('missing >, unterminated name');
      const name = template.slice(i + 3, end);
      if (name === '') throw new TemplateError('missing group name');
      if (/^\d+$/.test(name)) out += group(Number(name));
      else if (groups && Object.prototype.hasOwnProperty.call(groups, name)) out += groups[name] ?? '';
      else throw new TemplateError(`unknown group name '${name}'`);
      i = end + 1;
    } else if (n === '0') {
      let digits = n;
      while (digits.length < 3 && isOctal(template[i + 1 + digits.length])) digits += template[i + 1 + digits.length];
      out += String.fromCharCode(parseInt(digits, 8));
      i += 1 + digits.length;
    } else if (isDigit(n)) {
      let digits = n;
      if (isDigit(template[i + 2])) digits += template[i + 2];
      // Three octal digits are a character, not a group.
      if (digits.length === 2 && isOctal(n) && isOctal(digits[1]) && isOctal(template[i + 3])) {
        const code = parseInt(digits + (template[i + 3] ?? ''), 8);
        if (code > 0o377) throw new TemplateError(`octal escape value \\${digits}${template[i + 3] ?? ''} outside of range 0-0o377`);
        out += String.fromCharCode(code);
        i += 4;
        continue;
      }
      out += group(Number(digits));
      i += 1 + digits.length;
    } else if (ESCAPES[n] !== undefined) {
      out += ESCAPES[n];
      i += 2;
    } else if (/[a-zA-Z]/.test(n)) {
      throw new TemplateError(`bad escape \\${n}`);
    } else {
      out += c + n;
      i += 2;
    }
  }
  return out;
}
