/**
 * Shell-like splitting of an INI host line, as Python's shlex in POSIX mode
 * with whitespace splitting and `#` comments: quotes group, a backslash
 * escapes outside single quotes, and `#` ends the line even inside a word
 * (Ansible users rely on `host x=1 # note`; `x=a#b` really loses `#b`).
 */

export class ShlexError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
/** Where the next character that is not plain word text is. */
const SPECIAL = /[ \t\r\n#\\'"]/g;

export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  // A token exists once a character or a quote pair has been seen: '' is a token.
  let inToken = false;
  let i = 0;
  const finish = (): void => {
    if (inToken) tokens.push(token);
    token = '';
    inToken = false;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (WHITESPACE.has(c)) {
      finish();
      i++;
    } else if (c === '#') {
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      token += line[i + 1];
      inToken = true;
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('No closing quotation');
      token += line.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\') {
          if (i + 1 >= line.length) throw new ShlexError('No escaped character');
          const next = line[i + 1] as string;
          // Inside double quotes a backslash only escapes `"` and itself.
          token += next === '"' || next === '\\' ? next : d + next;
          i += 2;
          continue;
        }
        token += d;
        i++;
      }
      if (!closed) throw new ShlexError('No closing quotation');
      inToken = true;
    } else {
      // A run of plain characters at once: host lines are mostly plain text.
      SPECIAL.lastIndex = i;
      const end = SPECIAL.exec(line)?.index ?? line.length;
      token += line.slice(i, end);
      inToken = true;
      i = end;
    }
  }
  finish();
  return tokens;
}
