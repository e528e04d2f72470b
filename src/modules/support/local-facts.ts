/**
 * Local facts (setup's `ansible_local`): every `*.fact` file in fact_path,
 * run when executable and read when not, read as JSON, else as INI the way
 * Python's configparser reads it, keyed by the file name without `.fact`.
 * A file that cannot be read so gives Ansible's error text as its value and
 * a warning. The host prints one line per file (contents in base64); the
 * reading is done here.
 */
import { quote } from '../../connection/index.js';
import { IniSyntaxError, parseIni, type IniDocument } from './ini-merge.js';

/** The shell snippet: per file in fact_path, a line `localfact=PATH KIND RC OUT ERR` (PATH, OUT and ERR in base64; KIND x or r). */
export function localFactsSnippet(factPath: string): string {
  const d = quote(factPath);
  return [
    `if [ -d ${d} ]; then t=$(mktemp -d); for f in ${d}/*.fact; do [ -e "$f" ] || continue`,
    `n=$(printf %s "$f" | base64 -w0)`,
    `if [ -x "$f" ]; then "$f" >"$t/o" 2>"$t/e"; echo "localfact=$n x $? $(base64 -w0 <"$t/o") $(base64 -w0 <"$t/e")"`,
    `else echo "localfact=$n r 0 $(base64 -w0 <"$f" 2>/dev/null) "; fi; done; rm -rf "$t"; fi`,
  ].join('; ');
}

export interface LocalFacts {
  facts: Record<string, unknown>;
  warnings: string[];
}

const decode = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');

/** `ansible_local` from the snippet's lines (what follows `localfact=`): {} for none. */
export function parseLocalFacts(lines: readonly string[]): LocalFacts {
  const facts: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const line of lines) {
    const [path64, kind, rc, out64, err64] = line.split(' ');
    const path = decode(path64);
    const base = (path.split('/').pop() ?? '').split('.fact').join('');
    if (kind === 'x' && rc !== '0') {
      const failed = `Failure executing fact script (${path}), rc: ${rc}, err: ${decode(err64)}`;
      facts[base] = failed;
      warnings.push(failed);
      continue;
    }
    // Ansible strips a file's text (Python's str.strip), not a script's output.
    const text = kind === 'x' ? decode(out64) : pythonStrip(decode(out64));
    const fact = readFact(text);
    if (fact === undefined) {
      const message = `error loading facts as JSON or ini - please check content: ${path}`;
      warnings.push(message);
      facts[base] = message;
    } else facts[base] = fact;
  }
  return { facts, warnings };
}

/** Python's whitespace (str.isspace): JavaScript's trim() also takes U+FEFF, a byte order mark, and misses \x1c-\x1f and U+0085. */
const PYTHON_SPACE = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PYTHON_STRIP = new RegExp(`^${PYTHON_SPACE}+|${PYTHON_SPACE}+$`, 'g');

/** str.strip() as Python does it. */
function pythonStrip(text: string): string {
  return text.replace(PYTHON_STRIP, '');
}

function readFact(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return readConfigParser(text);
  }
}

/**
 * An INI text as Python's configparser gives it to Ansible: section ->
 * option -> text, option names lower-cased, values stripped, DEFAULT's
 * options in every section, after its own. Undefined where configparser raises: no
 * section header, an option given twice.
 */
export function readConfigParser(text: string): Record<string, Record<string, string>> | undefined {
  let doc: IniDocument;
  try {
    doc = parseIni(text);
  } catch (e) {
    if (e instanceof IniSyntaxError) return undefined;
    throw e;
  }
  const sections = new Map<string, Map<string, string>>();
  for (const [name, options] of doc) {
    const read = new Map<string, string>();
    for (const [key, values] of options) {
      const option = key.toLowerCase();
      if (values.length !== 1 || read.has(option)) return undefined;
      read.set(option, (values[0] ?? '').trim());
    }
    sections.set(name, read);
  }
  const defaults = sections.get('DEFAULT') ?? new Map<string, string>();
  const result: Record<string, Record<string, string>> = {};
  for (const [name, options] of sections) {
    // configparser lists a section's own options first, then DEFAULT's it does not override.
    if (name !== 'DEFAULT') result[name] = Object.fromEntries([...options, ...[...defaults].filter(([key]) => !options.has(key))]);
  }
  return result;
}
