/**
 * Runs a job per image, parents before children, independent images in
 * parallel (at most `threads` at a time). A failed image's descendants are
 * skipped, never started. Knows nothing of Docker: the job is given.
 */
import { descendants } from './graph.js';

export type JobOutcome = 'ok' | 'failed';

export interface SchedulerNode {
  name: string;
  deps: readonly string[];
}

export interface ScheduleResult {
  /** Outcome per image; 'skipped' when a parent failed. */
  outcome: Map<string, JobOutcome | 'skipped'>;
  /** Which failed image made each skipped one skip. */
  skippedBecause: Map<string, string>;
}

export interface ScheduleOptions {
  threads: number;
  /** Deps outside `nodes` are taken as done (already built, not selected). */
  run(name: string): Promise<JobOutcome>;
  onSkip?: (name: string, because: string) => void;
}

export async function schedule(nodes: readonly SchedulerNode[], options: ScheduleOptions): Promise<ScheduleResult> {
  const threads = Math.max(1, Math.floor(options.threads));
  const names = new Set(nodes.map((n) => n.name));
  const outcome = new Map<string, JobOutcome | 'skipped'>();
  const skippedBecause = new Map<string, string>();
  // Images with more descendants start first: the longest chains (such as
  // openstack-base -> keystone) get going early; ties by name.
  const weight = new Map(nodes.map((n) => [n.name, descendants(n.name, nodes).size]));
  const pending = [...nodes].sort((a, b) => (weight.get(b.name) ?? 0) - (weight.get(a.name) ?? 0) || a.name.localeCompare(b.name));
  const running = new Map<string, Promise<void>>();

  const depsOf = (node: SchedulerNode) => node.deps.filter((d) => names.has(d));

  /** Moves nodes whose parent failed or skipped into 'skipped'; true when any moved. */
  const skipBroken = (): boolean => {
    let moved = false;
    for (let i = pending.length - 1; i >= 0; i--) {
      const node = pending[i] as SchedulerNode;
      const bad = depsOf(node).find((d) => outcome.get(d) === 'failed' || outcome.get(d) === 'skipped');
      if (bad === undefined) continue;
      const because = outcome.get(bad) === 'failed' ? bad : (skippedBecause.get(bad) ?? bad);
      outcome.set(node.name, 'skipped');
      skippedBecause.set(node.name, because);
      options.onSkip?.(node.name, because);
      pending.splice(i, 1);
      moved = true;
    }
    return moved;
  };

  while (pending.length > 0 || running.size > 0) {
    while (skipBroken()) {
      // repeat until no more descendants of a failure remain pending
    }
    let started = false;
    for (let i = 0; i < pending.length && running.size < threads; ) {
      const node = pending[i] as SchedulerNode;
      if (depsOf(node).every((d) => outcome.get(d) === 'ok')) {
        pending.splice(i, 1);
        const job = options
          .run(node.name)
          .catch((): JobOutcome => 'failed')
          .then((result) => {
            outcome.set(node.name, result);
            running.delete(node.name);
          });
        running.set(node.name, job);
        started = true;
      } else {
        i++;
      }
    }
    if (running.size === 0) {
      if (pending.length > 0 && !started) {
        // Only a cycle can leave work that can never start; the loader rejects cycles first.
        throw new Error(`cannot order images: ${pending.map((n) => n.name).join(', ')}`);
      }
      continue;
    }
    await Promise.race(running.values());
  }
  return { outcome, skippedBecause };
}
