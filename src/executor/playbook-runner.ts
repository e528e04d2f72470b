/**
 * A playbook run: everything loaded and validated first (nothing runs on a
 * bad input), then the plays in order, the recap, and the exit code.
 */
import { ReadCache } from './read-cache.js';
import { dirname, resolve } from 'node:path';
import { checkPlaybooks } from '../check/index.js';
import { LocalReads } from './local-reads.js';
import { ConnectionPool, type RoundTrips } from '../connection/index.js';
import { ExitCode } from '../errors.js';
import type { Inventory } from '../inventory/index.js';
import { moduleCatalog } from '../modules/registry.js';
import { connectionLine } from '../output/connection-log.js';
import type { HostStats, Reporter } from '../output/events.js';
import { PlaybookLoader, type Playbook } from '../playbook/index.js';
import { standardLookups, Templar } from '../template/index.js';
import type { Vars } from '../vars/layers.js';
import type { RunContext, RunOptions } from './context.js';
import { runPlay } from './play-runner.js';
import type { HostRun } from './state.js';

export interface PlaybookRunInput {
  /** From loadPlaybooks: validated before this run starts. */
  loaded: { loader: PlaybookLoader; playbooks: readonly Playbook[] };
  inventory: Inventory;
  extraVars: Vars;
  options: RunOptions;
  reporter: Reporter;
  signal?: AbortSignal;
}

export interface PlaybookRunResult {
  exitCode: number;
  stats: Map<string, HostStats>;
  interrupted: boolean;
  /** Per host: the commands and engine-socket streams the run asked of it (bench/ reads them). */
  roundTrips: ReadonlyMap<string, Readonly<RoundTrips>>;
}

/** Loads and validates every playbook (throws InputError before any host is touched). */
export async function loadPlaybooks(files: readonly string[], rolesPath: readonly string[] = []): Promise<{ loader: PlaybookLoader; playbooks: Playbook[] }> {
  const loader = new PlaybookLoader({ catalog: moduleCatalog, rolesPath: [...rolesPath] });
  const playbooks: Playbook[] = [];
  for (const file of files) playbooks.push(await loader.playbook(resolve(file)));
  await checkPlaybooks(loader, playbooks);
  return { loader, playbooks };
}

/**
 * As ansible-playbook exits: 2 when any_errors_fatal or max_fail_percentage broke a play (its
 * strategy's RUN_FAILED_BREAK_PLAY), else 4 when a host was unreachable, 2 when one failed.
 */
export function exitCodeFor(hosts: Iterable<HostRun>, interrupted: boolean, brokePlay = false): number {
  if (interrupted) return ExitCode.interrupted;
  if (brokePlay) return ExitCode.hostFailed;
  const all = [...hosts];
  if (all.some((h) => h.unreachable)) return ExitCode.unreachable;
  if (all.some((h) => h.failed)) return ExitCode.hostFailed;
  return ExitCode.ok;
}

export async function runPlaybooks(input: PlaybookRunInput): Promise<PlaybookRunResult> {
  const { loader, playbooks } = input.loaded;
  for (const pb of playbooks) for (const message of pb.warnings) input.reporter.emit({ type: 'warning', message });
  const signal = input.signal ?? new AbortController().signal;
  // -vvv: each connection as it is made (-vvvv: with its time), among the run's messages.
  const verbosity = input.options.verbosity;
  const pool = new ConnectionPool({
    onConnect: (event) => {
      const line = connectionLine(event, verbosity);
      if (line !== undefined) input.reporter.emit({ type: 'message', message: line });
    },
  });
  const started = Date.now();
  const run: RunContext = {
    inventory: input.inventory,
    // Lookups read the render's variables (ansible_search_path, playbook_dir) for the paths they need.
    templar: new Templar({ searchPaths: [], lookup: standardLookups() }),
    hosts: new Map(),
    extraVars: input.extraVars,
    playbookDir: dirname(playbooks[0]?.file ?? resolve('.')),
    loader,
    pool,
    reporter: input.reporter,
    options: input.options,
    signal,
    started: input.options.startAtTask === undefined,
    brokePlay: false,
    timings: new Map(),
    runtimeGroups: new Map(),
    localReads: new LocalReads(),
    reads: new ReadCache(),
  };
  try {
    outer: for (const pb of playbooks) {
      input.reporter.emit({ type: 'playbook_start', file: pb.file, check: input.options.check });
      for (const play of pb.plays) {
        if (!(await runPlay(run, play)) || signal.aborted) break outer;
      }
      // Ansible runs the next playbook of the command line only while nothing has gone wrong.
      if (exitCodeFor(run.hosts.values(), false, run.brokePlay) !== ExitCode.ok) break;
    }
  } finally {
    await pool.closeAll({ wait: false });
  }
  // Hosts selected by a play that never got to run a task are left out, as Ansible does.
  const stats = new Map([...run.hosts.values()].filter((h) => h.processed).map((h) => [h.name, h.stats]));
  const slowest = [...run.timings.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => ({ name, ms }));
  const exitCode = exitCodeFor(run.hosts.values(), signal.aborted, run.brokePlay);
  input.reporter.emit({ type: 'recap', stats, ms: Date.now() - started, slowest, interrupted: signal.aborted, exitCode });
  await input.reporter.close();
  return { exitCode, stats, interrupted: signal.aborted, roundTrips: pool.roundTrips() };
}
