/**
 * Reads the PLAY RECAP of either engine's output: per host, the seven
 * counters. Only the recap lines are compared (the rest of the output,
 * e.g. host order within a task or kolla-run's timings, may differ).
 */
import type { HostStats } from '../../../src/output/events.js';

/** The seven counters of a recap line: the engine's own HostStats. */
export type RecapCounts = HostStats;

const LINE = /^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)\s*$/;

/** host -> counters, sorted by host; empty when the output has no recap. */
export function parseRecap(output: string): Record<string, RecapCounts> {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith('PLAY RECAP '));
  const out: Record<string, RecapCounts> = {};
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, host = '', ...n] = m;
    const [ok, changed, unreachable, failed, skipped, rescued, ignored] = n.map(Number) as [number, number, number, number, number, number, number];
    out[host] = { ok, changed, unreachable, failed, skipped, rescued, ignored };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
