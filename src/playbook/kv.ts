/**
 * The free-form argument string of a task (`copy: src=a dest="b c"`,
 * `command: chdir=/tmp ls -l`), of `-e k=v` and of an ad-hoc `-a`, read as
 * Ansible's parse_kv reads it (ansible/parsing/splitter.py), rule for rule:
 * words split on spaces and newlines only (a tab stays inside a word),
 * quotes and Jinja2 blocks put back together, escapes decoded before the
 * first unescaped `=` past the word's first character splits key from
 * value, values stripped and unquoted, the rest `_raw_params` joined as
 * split. Its quirks are kept (two leading spaces are an error there, so
 * here). tests/unit/playbook/kv-oracle.test.ts compares with parse_kv.
 */
import { pyStrip } from '../template/methods.js';

/** The inline options parse_kv takes out of a command-like module's text (check_raw); any other `k=v` stays in the command line. */
const RAW_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

export class KvSyntaxError extends Error {}

/** The quote a token leaves open, given the one open before it (a quote after a backslash does not count). */
function quoteState(token: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < token.length; i++) {
    const ch = token[i];
    if ((ch === '"' || ch === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (quote === undefined) quote = ch;
      else if (ch === quote) quote = undefined;
    }
  }
  return quote;
}

const count = (text: string, part: string): number => text.split(part).length - 1;

/** The depth of one kind of Jinja2 block after a token: opens minus closes, never below 0. */
function blockDepth(token: string, depth: number, open: string, close: string): number {
  const change = count(token, open) - count(token, close);
  return change === 0 ? depth : Math.max(0, depth + change);
}

const UNPARSABLE = 'unable to parse argument string';

/** Ansible's split_args: the words, with quoted and templated spans (and their spacing) put back together. */
export function splitArgs(args: string): string[] {
  const params: string[] = [];
  const extendLast = (text: string): void => {
    // Where Python's params[-1] raised IndexError (parse_kv's "Unable to parse argument string").
    if (params.length === 0) throw new KvSyntaxError(`${UNPARSABLE} "${args}"`);
    params[params.length - 1] += text;
  };
  let quote: string | undefined;
  let insideQuotes = false;
  const depth = { print: 0, block: 0, comment: 0 };
  const inBlock = (): boolean => depth.print > 0 || depth.block > 0 || depth.comment > 0;
  const items = args.split('\n');
  items.forEach((item, itemIndex) => {
    const tokens = item.split(' ');
    let continued = false;
    tokens.forEach((token, index) => {
      // Spaces in a row: each empty token is one more space on the word before.
      if (token.length === 0 && index !== 0) return extendLast(' ');
      if (token === '\\' && !insideQuotes) {
        continued = true;
        return;
      }
      const wasInsideQuotes = insideQuotes;
      quote = quoteState(token, quote);
      insideQuotes = quote !== undefined;
      let appended = false;
      if (insideQuotes && !wasInsideQuotes && !inBlock()) {
        params.push(token);
        appended = true;
      } else if (inBlock() || insideQuotes || wasInsideQuotes) {
        if (index === 0 && wasInsideQuotes) extendLast(token);
        else if (tokens.length > 1) extendLast(`${index > 0 ? ' ' : ''}${token}`);
        else extendLast(`\n${token}`);
        appended = true;
      }
      for (const [kind, open, close] of [['print', '{{', '}}'], ['block', '{%', '%}'], ['comment', '{#', '#}']] as const) {
        const before = depth[kind];
        depth[kind] = blockDepth(token, before, open, close);
        if (depth[kind] !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!inBlock() && !insideQuotes && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIndex !== items.length - 1 && !continued) extendLast('\n');
  });
  if (inBlock() || insideQuotes) {
    throw new KvSyntaxError(`unbalanced ${insideQuotes ? 'quotes' : 'Jinja2 braces'} in the argument string "${args}"`);
  }
  return params;
}

/** join_args: the raw words joined by a space, except after a word that ends a line. */
function joinArgs(words: readonly string[]): string {
  let out = '';
  for (const w of words) out += out === '' || out.endsWith('\n') ? w : ` ${w}`;
  return out;
}

/** ansible.parsing.quoting.unquote: one pair of matching outer quotes removed, unless the last is escaped. */
function unquote(s: string): string {
  const quoted = s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\';
  return quoted ? s.slice(1, -1) : s;
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The escapes parse_kv decodes (Python's unicode_escape on each); any other backslash is kept. */
function decodeEscapes(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|N\{[^}]+\}|[\\'"abfnrtv])/g, (whole, e: string) => {
    if (e.startsWith('N{')) throw new KvSyntaxError(`cannot decode ${whole}: escapes by Unicode name are not supported; write the character or \\u with its code`);
    if (e.length === 1) return ESCAPES[e] ?? whole;
    const code = parseInt(e.slice(1), 16);
    if (code > 0x10ffff) throw new KvSyntaxError(`cannot decode ${whole}: no such Unicode character`);
    return String.fromCodePoint(code);
  });
}

/** Where a word's key ends: the first `=` after its first character that no backslash escapes. */
function splitAt(word: string): number | undefined {
  for (let pos = word.indexOf('=', 1); pos !== -1; pos = word.indexOf('=', pos + 1)) {
    if (word[pos - 1] !== '\\') return pos;
  }
  return undefined;
}

/**
 * Parses `k=v k2="v 2" free words`. With `raw` (free-form modules) only
 * the known inline options are taken out of the text.
 */
export function parseKv(input: string, raw: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const rawParams: string[] = [];
  for (const original of splitArgs(input)) {
    const word = decodeEscapes(original);
    if (!word.includes('=')) {
      rawParams.push(original);
      continue;
    }
    const at = splitAt(word);
    // Only escaped `=`: a free word, its escapes decoded and `\=` made `=`.
    if (at === undefined) {
      rawParams.push(word.replaceAll('\\=', '='));
      continue;
    }
    const key = word.slice(0, at);
    if (raw && !RAW_OPTIONS.has(key)) rawParams.push(original);
    else options[pyStrip(key, null, true, true)] = unquote(pyStrip(word.slice(at + 1), null, true, true));
  }
  if (rawParams.length > 0) options['_raw_params'] = joinArgs(rawParams);
  return options;
}
