/** The image tree as text: one line per image under its parent, with its status and time. */

export interface TreeRow {
  name: string;
  parent?: string | undefined;
  /** What to print after the name (status, time...). */
  detail: string;
}

export function formatTree(rows: readonly TreeRow[]): string[] {
  const names = new Set(rows.map((r) => r.name));
  const children = new Map<string | undefined, TreeRow[]>();
  for (const row of rows) {
    // A parent outside the list (not selected) shows its child as a root.
    const key = row.parent !== undefined && names.has(row.parent) ? row.parent : undefined;
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const labels: { label: string; detail: string }[] = [];
  const walk = (parent: string | undefined, indent: string): void => {
    const list = children.get(parent) ?? [];
    list.forEach((row, i) => {
      const last = i === list.length - 1;
      const branch = parent === undefined ? '' : last ? '└─ ' : '├─ ';
      labels.push({ label: `${indent}${branch}${row.name}`, detail: row.detail });
      walk(row.name, parent === undefined ? indent : `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(undefined, '');
  const width = Math.max(0, ...labels.map((l) => [...l.label].length));
  return labels.map((l) => (l.detail ? `${l.label}${' '.repeat(width - [...l.label].length)}  ${l.detail}` : l.label));
}
