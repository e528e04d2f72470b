/**
 * How two runs of one playbook differ, one line per difference, Ansible's
 * (the oracle's) named first: the conformance suite (Docker hosts) and the
 * executor differential (local hosts, kolla-run in-process) both say it so.
 */

/** The exit codes, when they differ. */
export function exitDiffs(want: number, got: number): string[] {
  return want === got ? [] : [`exit code: ansible ${want}, kolla-run ${got}`];
}

/** Keyed values (a recap's hosts, the files left behind) compared as JSON, key by key. */
export function keyedDiffs(what: string, want: Readonly<Record<string, unknown>>, got: Readonly<Record<string, unknown>>): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const a = JSON.stringify(want[key] ?? null);
    const b = JSON.stringify(got[key] ?? null);
    if (a !== b) diffs.push(`${what} ${key}: ansible ${a}, kolla-run ${b}`);
  }
  return diffs;
}

/** Lines compared position by position (an extra or a missing line shows as null). */
export function lineDiffs(what: string, want: readonly string[], got: readonly string[]): string[] {
  const diffs: string[] = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) diffs.push(`${what} ${i + 1}: ansible ${JSON.stringify(want[i] ?? null)}, kolla-run ${JSON.stringify(got[i] ?? null)}`);
  }
  return diffs;
}
