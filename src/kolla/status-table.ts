/** How `kolla-run status` shows what it read: a table for people, JSON for scripts. */
import type { HostStatus } from './status.js';

const HEADERS = ['HOST', 'CONTAINER', 'TAG', 'STATE', 'HEALTH', 'RESTARTS', 'UPTIME'] as const;

/** A short uptime as `docker ps` people read it: 42s, 5m 3s, 2h 5m, 3d 4h. */
export function formatUptime(seconds: number | null): string {
  if (seconds === null) return '-';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** The host's own name is the row's first column: a message that starts with it loses it. */
function reason(host: string, message: string): string {
  return message.startsWith(`${host}: `) ? message.slice(host.length + 2) : message;
}

/** One line per container, a line per host that could not be read or has none; columns aligned. */
export function renderStatusTable(hosts: readonly HostStatus[]): string[] {
  const rows: string[][] = [];
  const notes = new Map<number, string>();
  for (const h of hosts) {
    if (h.error) {
      notes.set(rows.length, `${h.error.kind === 'unreachable' ? 'UNREACHABLE' : 'ENGINE ERROR'}: ${reason(h.host, h.error.message)}`);
      rows.push([h.host]);
      continue;
    }
    if (h.containers.length === 0) {
      notes.set(rows.length, '(no Kolla container)');
      rows.push([h.host]);
    }
    for (const c of h.containers) {
      rows.push([h.host, c.name, c.tag, c.state, c.health === 'none' ? '-' : c.health, String(c.restarts), formatUptime(c.uptimeSeconds)]);
    }
  }
  const widths = HEADERS.map((title, i) => Math.max(title.length, ...rows.filter((_, r) => !notes.has(r)).map((row) => row[i]?.length ?? 0)));
  widths[0] = Math.max(widths[0] ?? 0, ...rows.map((row) => row[0]?.length ?? 0));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(HEADERS), ...rows.map((row, r) => (notes.has(r) ? line([row[0] ?? '', notes.get(r) ?? '']) : line(row)))];
}

/** The same as one JSON document: hosts in order, each with its containers or its error. */
export function renderStatusJson(hosts: readonly HostStatus[]): string {
  return JSON.stringify({ hosts }, null, 2);
}
