/**
 * CPU accounting by cgroup (v1 cpuacct, when the machine lets us make one):
 * counts every process that ever ran in the group, those that outlived or
 * escaped their parent included (ssh ControlMasters that ansible leaves
 * behind, the per-connection sshd servers and the commands they ran).
 * Without it, the figures fall back to GNU time / /proc (see measure.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup/cpuacct';
let seq = 0;

/** Removes the empty groups of bench processes that are gone (interrupted runs leave them). */
function sweepStale(): void {
  try {
    for (const name of readdirSync(ROOT)) {
      const pid = /^kr-bench-(\d+)-/.exec(name)?.[1];
      if (pid !== undefined && !existsSync(`/proc/${pid}`)) {
        try {
          rmdirSync(join(ROOT, name));
        } catch {
          // not empty yet
        }
      }
    }
  } catch {
    // cannot list: nothing to sweep
  }
}

export class CpuGroup {
  private constructor(readonly path: string) {}

  /** A new group, or undefined when cgroups cannot be made here. */
  static create(label: string): CpuGroup | undefined {
    if (process.env.KR_BENCH_NO_CGROUP === '1' || !existsSync(join(ROOT, 'cgroup.procs'))) return undefined;
    if (seq === 0) sweepStale();
    const path = join(ROOT, `kr-bench-${process.pid}-${++seq}-${label.replace(/[^a-z0-9-]/gi, '')}`);
    try {
      mkdirSync(path);
      return new CpuGroup(path);
    } catch {
      return undefined;
    }
  }

  /** Moves a running process into the group (its later children follow). */
  add(pid: number): boolean {
    try {
      writeFileSync(join(this.path, 'cgroup.procs'), String(pid));
      return true;
    } catch {
      return false;
    }
  }

  /** CPU seconds used by the group's processes so far. */
  cpuS(): number {
    try {
      return Number(readFileSync(join(this.path, 'cpuacct.usage'), 'utf8').trim()) / 1e9;
    } catch {
      return 0;
    }
  }

  /** Sends a signal to every process in the group (a stopped run's workers and daemons too). */
  kill(signal: NodeJS.Signals): void {
    let pids: string[] = [];
    try {
      pids = readFileSync(join(this.path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        process.kill(Number(pid), signal);
      } catch {
        // gone already
      }
    }
  }

  /** A shell prefix that joins the group and execs the rest: `sh -c '...' cg CMD ARGS...`. */
  wrap(argv: readonly string[]): string[] {
    return ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', this.path, ...argv];
  }

  /** Removes the group (only possible once no process is left in it). */
  remove(): void {
    try {
      rmdirSync(this.path);
    } catch {
      // processes still inside: they keep it; harmless
    }
  }
}
