/**
 * kolla-run as a library: load an inventory, load and validate playbooks
 * (nothing runs on a bad input), run them, and follow the run through its
 * events. The CLI (src/cli) is one user of this API; package.json's main
 * and types point at its compiled form.
 *
 *   const inventory = await loadInventory(['inventory/multinode']);
 *   const result = await runPlaybook('site.yml', { inventory, onEvent: (e) => console.log(e.type) });
 */
import { checkVariables } from './check/index.js';
import { loadPlaybooks, runPlaybooks, type PlaybookRunResult } from './executor/playbook-runner.js';
import type { RunOptions } from './executor/context.js';
import type { Inventory } from './inventory/index.js';
import type { RunEvent } from './output/events.js';
import type { Vars } from './playbook/index.js';

export { loadInventory, selectHosts, Inventory, type LoadOptions as InventoryLoadOptions, type Selection } from './inventory/index.js';
export { loadPlaybooks, runPlaybooks, exitCodeFor, type PlaybookRunInput, type PlaybookRunResult } from './executor/playbook-runner.js';
export { checkVariables, type VariableCheck } from './check/index.js';
export { runAdhoc, type AdhocHost, type AdhocRun } from './executor/adhoc.js';
export type { RunOptions } from './executor/context.js';
export type { HostResultEvent, HostStats, HostStatus, Reporter, RunEvent, TaskInfo } from './output/events.js';
export type { AdhocHostResult } from './output/adhoc.js';
export type { Play, Playbook, Task, Vars } from './playbook/index.js';
export { findModule, moduleNames } from './modules/registry.js';
export type { AnyTaskModule, ModuleContext, ResultFields, TaskModule } from './modules/contract.js';
export { ExitCode, EnvironmentError, InputError, KollaRunError, UnreachableError, UsageError, formatLocation, type SourceLocation } from './errors.js';
export type { ConnectionOptions } from './connection/index.js';

/** ansible-playbook's defaults: no check, no diff, 5 forks, every tag, ssh. */
export const DEFAULT_RUN_OPTIONS: RunOptions = {
  check: false,
  diff: false,
  forks: 5,
  verbosity: 0,
  tags: [],
  skipTags: [],
  forceHandlers: false,
  connection: {},
};

export interface RunPlaybookOptions {
  inventory: Inventory;
  /** -e: above every other variable. */
  extraVars?: Vars;
  /** Over DEFAULT_RUN_OPTIONS. */
  options?: Partial<RunOptions>;
  /** Each event of the run as it happens (play and task starts, host results, warnings, the recap). */
  onEvent?: (event: RunEvent) => void;
  /** Extra role folders, searched after roles/ beside the playbook. */
  rolesPath?: readonly string[];
  /** Aborting it stops starting tasks and ends the commands running on the hosts (Ctrl-C). */
  signal?: AbortSignal;
}

/** Loads, checks and runs playbooks in order, as `kolla-run PLAYBOOK...` does; throws InputError (file:line:col) before any host is touched. */
export async function runPlaybook(files: string | readonly string[], opts: RunPlaybookOptions): Promise<PlaybookRunResult> {
  const loaded = await loadPlaybooks(typeof files === 'string' ? [files] : files, opts.rolesPath);
  await checkVariables(loaded.loader, loaded.playbooks, opts.inventory, opts.extraVars ?? {});
  const onEvent = opts.onEvent ?? (() => undefined);
  return runPlaybooks({
    loaded,
    inventory: opts.inventory,
    extraVars: opts.extraVars ?? {},
    options: { ...DEFAULT_RUN_OPTIONS, ...opts.options },
    reporter: { emit: onEvent, close: async () => undefined },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
