/**
 * Who is using a testbed now. Every process that brings a testbed up (a test file, a benchmark)
 * holds a lease on it until it exits: a file named after its pid in the testbed's state folder.
 * Another checkout's `up` of the same name would tear the testbed down and make it anew for
 * itself, pulling it from under a run of the first checkout (a CI clone's tests, say); with a
 * live lease it refuses instead. A lease whose process has gone is stale and removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const held = new Set<string>();

function leaseFolder(stateDir: string): string {
  return join(stateDir, 'leases');
}

/** Whether a process of that pid runs (one of another user counts: it cannot be signalled, but it is there). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Holds a lease on the testbed whose files are in `stateDir` until this process exits. Taking it again is a no-op. */
export function holdLease(stateDir: string): void {
  const folder = leaseFolder(stateDir);
  const file = join(folder, String(process.pid));
  if (held.has(file)) return;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${process.argv.slice(1).join(' ')}\n`, { mode: 0o600 });
  held.add(file);
  if (held.size === 1) process.once('exit', releaseAll);
}

function releaseAll(): void {
  for (const file of held) rmSync(file, { force: true });
  held.clear();
}

/** The pids of the live processes holding a lease on the testbed whose files are in `stateDir`; stale leases are removed. */
export function liveLeases(stateDir: string): number[] {
  const folder = leaseFolder(stateDir);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = /^\d+$/.test(name) ? Number(name) : undefined;
    if (pid !== undefined && processRuns(pid)) live.push(pid);
    else rmSync(join(folder, name), { force: true });
  }
  return live.sort((a, b) => a - b);
}
