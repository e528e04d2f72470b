/**
 * One YAML file as the loader sees it: the parsed value, node positions,
 * and key positions (errors point at the offending key, not its value).
 */
import { readFileSync } from 'node:fs';
import { InputError, type SourceLocation } from '../errors.js';
import { parseYaml, type YamlDocument, type YamlPath } from '../yaml/load.js';

export class Source {
  readonly file: string;
  readonly value: unknown;
  readonly warnings: readonly string[];
  private readonly doc: YamlDocument;
  private readonly text: string;
  private lineStarts: number[] | undefined;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.doc = parseYaml(text, file);
    this.value = this.doc.value;
    this.warnings = this.doc.warnings;
  }

  /** Where the value at `path` starts (the nearest existing ancestor if absent). */
  at(path: YamlPath): SourceLocation {
    return this.doc.locate(path);
  }

  /** Where the key that ends `path` is written; falls back to its value. */
  keyAt(path: YamlPath): SourceLocation {
    const key = path[path.length - 1];
    const value = this.doc.locate(path);
    if (typeof key !== 'string' || path.length === 0) return value;
    const parent = this.doc.locate(path.slice(0, -1));
    const from = this.offset(parent);
    const to = this.offset(value);
    if (from === undefined || to === undefined || to < from) return value;
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?:^|(?<=[\\s{,?-]))(?:${escaped}|"${escaped}"|'${escaped}')\\s*:(?=\\s|$)`, 'gm');
    re.lastIndex = from;
    let found: number | undefined;
    for (let m = re.exec(this.text); m && m.index <= to; m = re.exec(this.text)) found = m.index;
    return found === undefined ? value : this.location(found);
  }

  /** The text of line `line` (1-based), without its newline; '' past the end. */
  lineText(line: number): string {
    const starts = this.starts();
    const from = starts[line - 1];
    if (from === undefined) return '';
    const next = starts[line];
    return this.text.slice(from, next === undefined ? undefined : next - 1);
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private offset(loc: SourceLocation): number | undefined {
    if (loc.line === undefined) return undefined;
    const start = this.starts()[loc.line - 1];
    return start === undefined ? undefined : start + (loc.col ?? 1) - 1;
  }

  private location(offset: number): SourceLocation {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
  }
}

/** Reads and parses a YAML file; `what` names it in a "not found" error raised at `from`. */
/** Sync on purpose: loading is one phase before any work starts, and sync reads avoid hundreds of idle round trips. */
export function readSource(file: string, from?: SourceLocation, what = 'file'): Source {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? `${what} not found: ${file}` : `cannot read ${what} ${file} (${code ?? 'unknown error'})`;
    throw new InputError(reason, from ?? { file }, { cause });
  }
  return new Source(file, text);
}
