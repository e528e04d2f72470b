/**
 * Where a name read by a playbook value is written: the value's own place
 * plus the name's line and column inside it, checked against the file's
 * text (a quoted string with escapes, a folded scalar or `k=v` arguments
 * shift columns); failing that, the name's first occurrence after the
 * value's start.
 */
import type { SourceLocation } from '../../errors.js';
import type { Source } from '../../playbook/index.js';
import type { NameUse } from '../../template/index.js';
import { valueLocationAt } from '../jinja-values.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function nameAt(src: Source, loc: SourceLocation, name: string): boolean {
  if (loc.line === undefined || loc.col === undefined) return false;
  const line = src.lineText(loc.line);
  return new RegExp(`^${escape(name)}(?!\\w)`).test(line.slice(loc.col - 1)) && !/\w/.test(line.charAt(loc.col - 2));
}

export function locateUse(src: Source | undefined, at: SourceLocation, text: string, use: NameUse): SourceLocation {
  if (!src || at.line === undefined) return at;
  const exact = valueLocationAt(src, at, { message: '', line: use.line, col: use.col });
  if (nameAt(src, exact, use.name)) return exact;
  const word = new RegExp(`(?<!\\w)${escape(use.name)}(?!\\w)`, 'g');
  const last = at.line + text.split('\n').length + 2;
  for (let line = at.line; line <= last; line++) {
    word.lastIndex = line === at.line ? (at.col ?? 1) - 1 : 0;
    const m = word.exec(src.lineText(line));
    if (m) return { file: src.file, line, col: m.index + 1 };
  }
  return at;
}
