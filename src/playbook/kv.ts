/**
 * The free-form argument string of a task (`copy: src=a dest="b c"`,
 * `command: chdir=/tmp ls -l`), read as Ansible's parse_kv reads it:
 * whitespace-separated words, quotes and Jinja2 blocks kept whole,
 * `key=value` words become options, the rest is `_raw_params` with its
 * original spacing.
 */

/** Options a command-like module takes inline; any other `k=v` stays in the command line. */
const RAW_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends', 'argv', 'expand_argument_vars', 'cmd']);

export class KvSyntaxError extends Error {}

interface Word {
  text: string;
  /** Whitespace before the word in the original string. */
  lead: string;
}

function splitWords(input: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const wsStart = i;
    while (i < n && /\s/.test(input[i] ?? '')) i++;
    if (i >= n) break;
    const lead = input.slice(wsStart, i);
    const start = i;
    let quote = '';
    let jinja = 0;
    while (i < n) {
      const ch = input[i] ?? '';
      const two = input.slice(i, i + 2);
      if (quote) {
        if (ch === '\\') i += 2;
        else {
          if (ch === quote) quote = '';
          i++;
        }
        continue;
      }
      if (two === '{{' || two === '{%' || two === '{#') {
        jinja++;
        i += 2;
        continue;
      }
      if (jinja > 0 && (two === '}}' || two === '%}' || two === '#}')) {
        jinja--;
        i += 2;
        continue;
      }
      if (jinja === 0 && /\s/.test(ch)) break;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\') i++;
      i++;
    }
    if (quote || jinja > 0) {
      throw new KvSyntaxError(`unbalanced ${quote ? 'quotes' : 'Jinja2 braces'} in the argument string "${input}"`);
    }
    words.push({ text: input.slice(start, Math.min(i, n)), lead });
  }
  return words;
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Backslash escapes as Python's unicode_escape decodes them; unknown ones are kept. */
function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? whole;
  });
}

function keyOf(word: string): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word);
  return m?.[1];
}

/**
 * Parses `k=v k2="v 2" free words`. With `raw` (free-form modules) only
 * the known inline options are taken out of the text.
 */
export function parseKv(input: string, raw: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const rawParts: string[] = [];
  for (const word of splitWords(input.trim())) {
    const key = keyOf(word.text);
    if (key !== undefined && (!raw || RAW_OPTIONS.has(key))) {
      options[key] = decodeEscapes(unquote(word.text.slice(key.length + 1).trim()));
    } else {
      rawParts.push(rawParts.length === 0 ? word.text : word.lead + word.text);
    }
  }
  if (rawParts.length > 0) options['_raw_params'] = rawParts.join('');
  return options;
}
