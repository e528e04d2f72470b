/**
 * Ad-hoc output in Ansible's one-line style (its "minimal" callback):
 * command-like modules print `host | CHANGED | rc=0 >>` then the output,
 * others print `host | SUCCESS => {json}`; then one summary line.
 */
import type { ResultFields } from '../modules/contract.js';
import { warningLine } from './recap.js';

export type AdhocStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface AdhocHostResult {
  host: string;
  status: AdhocStatus;
  result: ResultFields;
  /** The module's commandLike trait: its output is printed as text after `rc=N >>`. */
  commandLike?: boolean | undefined;
}

/** JSON as Ansible dumps results: keys sorted, four spaces. */
export function dumpResult(result: ResultFields): string {
  return JSON.stringify(sortKeys(result), null, 4);
}

/** Mappings with their keys in order at every depth (Python's sort_keys). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function caption(status: AdhocStatus): string {
  switch (status) {
    case 'changed':
      return 'CHANGED';
    case 'failed':
      return 'FAILED';
    case 'unreachable':
      return 'UNREACHABLE!';
    case 'skipped':
      return 'SKIPPED';
    case 'ok':
      return 'SUCCESS';
  }
}

/** One host's line(s); the module's trait travels with the result (`_moduleName` is no longer read). */
export function formatAdhocResult(_moduleName: string, shown: AdhocHostResult): string {
  // A module's warnings print as [WARNING] lines before its result, as Ansible's do, not inside it.
  const warnings = Array.isArray(shown.result.warnings) ? shown.result.warnings.filter((w): w is string => typeof w === 'string') : [];
  if (warnings.length === 0) return formatShown(shown);
  const { warnings: _warnings, ...result } = shown.result;
  return [...warnings.map(warningLine), formatShown({ ...shown, result })].join('\n');
}

function formatShown(r: AdhocHostResult): string {
  if (r.commandLike === true && r.status !== 'unreachable' && 'rc' in r.result) {
    const text = ['stdout', 'stderr', 'msg'].map((k) => (typeof r.result[k] === 'string' ? (r.result[k] as string) : '')).filter((t) => t !== '');
    const body = r.status === 'failed' ? text.join('\n') : text.filter((_, i) => i < 2).join('\n');
    return `${r.host} | ${caption(r.status)} | rc=${String(r.result.rc)} >>\n${body}`;
  }
  const bang = r.status === 'failed' ? 'FAILED!' : caption(r.status);
  return `${r.host} | ${bang} => ${dumpResult(r.result)}`;
}

export function formatAdhocSummary(results: readonly AdhocHostResult[], elapsedMs: number): string {
  const count = (s: AdhocStatus) => results.filter((r) => r.status === s).length;
  const parts = [`ok=${count('ok')}`, `changed=${count('changed')}`, `failed=${count('failed')}`, `unreachable=${count('unreachable')}`];
  if (count('skipped') > 0) parts.push(`skipped=${count('skipped')}`);
  const hosts = results.length === 1 ? '1 host' : `${results.length} hosts`;
  return `${hosts}: ${parts.join(' ')} in ${(elapsedMs / 1000).toFixed(2)} s`;
}
