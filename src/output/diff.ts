/**
 * Unified diffs for --diff: of file contents, or of a module's state before
 * and after as Ansible prints it; line-based (Myers-like LCS on lines,
 * bounded), binary or huge files summarised instead.
 */
import type { FileDiff } from '../modules/contract.js';
import { sortKeys } from './adhoc.js';

const MAX_DIFF_BYTES = 256 * 1024;
const CONTEXT = 3;

function isBinary(text: string): boolean {
  return text.includes('\u0000');
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail, then LCS on what is left (small in practice).
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  const ops: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  if (n * m > 4_000_000) {
    ops.push(...midA.map((line): Op => ({ kind: '-', line })), ...midB.map((line): Op => ({ kind: '+', line })));
  } else {
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const next = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--) row[j] = midA[i] === midB[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: ' ', line: midA[i] as string });
        i++;
        j++;
      } else if (j < m && (i >= n || ((lcs[i] as Uint32Array)[j + 1] as number) >= ((lcs[i + 1] as Uint32Array)[j] as number))) {
        ops.push({ kind: '+', line: midB[j] as string });
        j++;
      } else {
        ops.push({ kind: '-', line: midA[i] as string });
        i++;
      }
    }
  }
  ops.push(...a.slice(endA).map((line): Op => ({ kind: ' ', line })));
  return removalsFirst(ops);
}

/** Within each run of changed lines, the removed ones before the added ones, as diff -u and Ansible's --diff (difflib) print them. */
function removalsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  let run: Op[] = [];
  const flush = () => {
    out.push(...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+'));
    run = [];
  };
  for (const op of ops) {
    if (op.kind === ' ') {
      flush();
      out.push(op);
    } else run.push(op);
  }
  flush();
  return out;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A module's state before and after a change (a package list, a user's
 * fields, a service's state) as Ansible's --diff shows what a module
 * returns as before/after: mappings as JSON with sorted keys and four
 * spaces, nothing for a side that is null; no diff when both read the same.
 */
export function stateDiff(before: unknown, after: unknown): FileDiff | undefined {
  if (before === undefined && after === undefined) return undefined;
  const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : `${JSON.stringify(sortKeys(v), null, 4)}\n`);
  const diff = { path: '', before: text(before), after: text(after) };
  return diff.before === diff.after ? undefined : diff;
}

/** The diff as lines; coloured (red/green) when `colour`. */
export function renderDiff(diff: FileDiff, colour: boolean): string[] {
  if (isBinary(diff.before) || isBinary(diff.after)) return [`--- ${diff.path} (binary file changed)`];
  if (diff.before.length > MAX_DIFF_BYTES || diff.after.length > MAX_DIFF_BYTES) {
    return [`--- ${diff.path} (${diff.before.length} -> ${diff.after.length} bytes, too large to show)`];
  }
  const ops = lineOps(splitLines(diff.before), splitLines(diff.after));
  // A state diff has no file: Ansible's plain headers.
  const out = diff.path === '' ? ['--- before', '+++ after'] : [`--- before: ${diff.path}`, `+++ after: ${diff.path}`];
  let i = 0;
  while (i < ops.length) {
    if ((ops[i] as Op).kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last nearby change.
    const from = Math.max(0, i - CONTEXT);
    let to = i;
    while (to < ops.length) {
      let next = to;
      while (next < ops.length && (ops[next] as Op).kind !== ' ') next++;
      let gap = next;
      while (gap < ops.length && (ops[gap] as Op).kind === ' ' && gap - next < 2 * CONTEXT) gap++;
      if (gap < ops.length && (ops[gap] as Op).kind !== ' ') to = gap;
      else {
        to = Math.min(ops.length, next + CONTEXT);
        break;
      }
    }
    const hunk = ops.slice(from, to);
    const aStart = ops.slice(0, from).filter((o) => o.kind !== '+').length + 1;
    const bStart = ops.slice(0, from).filter((o) => o.kind !== '-').length + 1;
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    // An empty side starts at line 0, as diff -u writes it.
    out.push(`@@ -${aLen === 0 ? aStart - 1 : aStart},${aLen} +${bLen === 0 ? bStart - 1 : bStart},${bLen} @@`);
    for (const op of hunk) {
      const text = `${op.kind}${op.line}`;
      out.push(colour && op.kind !== ' ' ? `\u001b[${op.kind === '-' ? 31 : 32}m${text}\u001b[0m` : text);
    }
    i = to;
  }
  return out;
}
