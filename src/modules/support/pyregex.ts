/**
 * Python regular expressions (what roles write for lineinfile's regexp and
 * ini/block markers) run by JavaScript's engine: named groups, \A, \Z and
 * `$` (Python's matches before a final newline too, and lines here keep
 * their newline), and match.expand() for backrefs (\1, \g<1>, \g<name>).
 */

export function pyRegExp(pattern: string, flags = ''): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'Z') out += '$(?![\\s\\S])';
      else out += `\\${next}`;
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
      // A ']' right after '[' or '[^' is literal in Python.
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') (out += '\\]'), i++;
    } else if (c === '$') out += '(?=\\n?$)';
    else if (pattern.startsWith('(?P<', i)) (out += '(?<'), (i += 3);
    else if (pattern.startsWith('(?P=', i)) {
      const end = pattern.indexOf(')', i);
      out += `\\k<${pattern.slice(i + 4, end)}>`;
      i = end;
    } else out += c;
  }
  return new RegExp(out, flags);
}

/** Python's match.expand(template): group references and the usual escapes. */
export function expandMatch(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(g<([^>]+)>|\d{1,2}|[ntrfv\\]|.)/g, (whole, ref: string, name: string | undefined) => {
    if (name !== undefined) return (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? '';
    if (/^\d/.test(ref)) return match[Number(ref)] ?? '';
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '\\': '\\' };
    return escapes[ref] ?? whole;
  });
}

/** Python's readlines(): lines that keep their '\n' (the last may have none). */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}
