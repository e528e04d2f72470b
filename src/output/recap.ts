/** Ansible's callback lines: banners, [WARNING] lines, PLAY RECAP in Ansible's columns, then kolla-run's timings. */
import type { HostStats, TaskTiming } from './events.js';

/** A warning's line; a trailing newline (a script's stderr) would print an empty line after it. */
export function warningLine(message: string): string {
  return `[WARNING]: ${message.trimEnd()}`;
}

export function banner(title: string, width = 80): string {
  const text = `${title} `;
  return text + '*'.repeat(Math.max(3, width - text.length));
}

/** One recap line: `%-26s : ok=%-4s changed=%-4s ...`, as Ansible prints it. */
export function recapLine(host: string, s: HostStats): string {
  const col = (label: string, n: number) => `${label}=${String(n).padEnd(4)}`;
  return `${host.padEnd(26)} : ${[
    col('ok', s.ok),
    col('changed', s.changed),
    col('unreachable', s.unreachable),
    col('failed', s.failed),
    col('skipped', s.skipped),
    col('rescued', s.rescued),
    col('ignored', s.ignored),
  ].join(' ')}`;
}

export function formatRecap(stats: ReadonlyMap<string, HostStats>, ms: number, slowest: readonly TaskTiming[]): string[] {
  const lines = [banner('PLAY RECAP')];
  for (const host of [...stats.keys()].sort()) lines.push(recapLine(host, stats.get(host) as HostStats));
  lines.push('');
  lines.push(`Run time: ${formatDuration(ms)}`);
  if (slowest.length > 0) {
    lines.push('Slowest tasks:');
    for (const t of slowest) lines.push(`  ${formatDuration(t.ms).padStart(9)}  ${t.name}`);
  }
  return lines;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${((ms % 60_000) / 1000).toFixed(1)} s`;
}
