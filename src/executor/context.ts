/** Everything a playbook run shares: loaded input, connections, reporters, options. */
import type { ReadCache } from './read-cache.js';
import type { ConnectionOptions, ConnectionPool } from '../connection/index.js';
import type { Inventory } from '../inventory/index.js';
import type { Reporter } from '../output/events.js';
import type { PlaybookLoader, Vars } from '../playbook/index.js';
import type { Templar } from '../template/index.js';
import type { RunScopeSources, ScopeOptions } from './scope.js';
import type { HostRun } from './state.js';
import type { LocalReads } from './local-reads.js';

export interface RunOptions extends ScopeOptions {
  limit?: readonly string[] | undefined;
  /** --serial: overrides every play's serial (the rolling-upgrade switch). */
  serial?: ReadonlyArray<number | string> | undefined;
  forceHandlers: boolean;
  startAtTask?: string | undefined;
  connection: ConnectionOptions;
  /** false: every query asks its host at its own turn (no read-ahead; KOLLA_RUN_READ_AHEAD=off). */
  readAhead?: boolean | undefined;
}

export interface RunContext extends RunScopeSources {
  readonly loader: PlaybookLoader;
  readonly pool: ConnectionPool;
  readonly reporter: Reporter;
  readonly options: RunOptions;
  readonly hosts: Map<string, HostRun>;
  readonly extraVars: Vars;
  /** Set on Ctrl-C: no new task starts. */
  readonly signal: AbortSignal;
  /** --start-at-task: false until the named task is reached. */
  started: boolean;
  /** any_errors_fatal or max_fail_percentage broke a play: Ansible's run then exits 2, even with unreachable hosts. */
  brokePlay: boolean;
  /** Per task name, time spent (for the slowest-tasks list). */
  readonly timings: Map<string, number>;
  /** Groups made at run time (group_by, add_host): group -> hosts. */
  readonly runtimeGroups: Map<string, string[]>;
  /** Controller files tasks send, read once for all hosts. */
  readonly localReads: LocalReads;
  /** Hosts' answers to read-only commands since the last change (read-ahead of module queries). */
  readonly reads: ReadCache;
}

export function hostRun(run: RunContext, name: string): HostRun {
  const existing = run.hosts.get(name);
  if (existing) return existing;
  throw new Error(`host ${name} is not part of this run`);
}
