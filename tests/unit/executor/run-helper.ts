/**
 * Runs a small playbook for real on hosts with ansible_connection=local
 * (debug, set_fact and the like need no connection), from files written
 * in a scratch folder; returns what the run reported.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPlaybooks, runPlaybooks } from '../../../src/executor/playbook-runner.js';
import type { RunOptions } from '../../../src/executor/context.js';
import { loadInventory } from '../../../src/inventory/index.js';
import type { HostResultEvent, RunEvent } from '../../../src/output/events.js';
import { tempDirSync } from '../../support/temp-dir.js';

/** Writes `files` (relative path -> text) under a new folder; returns the folder. */
export function scratch(files: Record<string, string>): string {
  const dir = tempDirSync('kr-exec-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface RunOutcome {
  exitCode: number;
  events: RunEvent[];
  /** host -> the `msg` of each debug result, in order (loop items and summaries left out). */
  msgs: Record<string, unknown[]>;
  /** Names of the handlers that ran, per host, in order. */
  handlers: Record<string, string[]>;
}

/** Loads `dir/<playbook>` and `dir/<inventory>` and runs them, with the command line's defaults unless `options` says otherwise. */
export async function runIn(
  dir: string,
  playbook: string | readonly string[] = 'site.yml',
  inventory = 'hosts',
  options: Partial<RunOptions> = {},
  watch: { signal?: AbortSignal; onEvent?: (e: RunEvent) => void } = {},
): Promise<RunOutcome> {
  const loaded = await loadPlaybooks((typeof playbook === 'string' ? [playbook] : playbook).map((p) => path.join(dir, p)));
  const inv = await loadInventory([inventory], { cwd: dir, playbookDir: dir });
  const events: RunEvent[] = [];
  const { exitCode } = await runPlaybooks({
    loaded,
    inventory: inv,
    extraVars: {},
    options: { check: false, diff: false, forks: 5, verbosity: 0, tags: [], skipTags: [], forceHandlers: false, connection: {}, ...options },
    reporter: {
      emit: (e) => {
        events.push(e);
        watch.onEvent?.(e);
      },
      close: async () => {},
    },
    ...(watch.signal ? { signal: watch.signal } : {}),
  });
  const msgs: Record<string, unknown[]> = {};
  const handlers: Record<string, string[]> = {};
  for (const e of events) {
    if (e.type !== 'host_result' || e.item !== undefined || e.loopSummary) continue;
    const r = e as HostResultEvent;
    if (r.task.action === 'debug' && 'msg' in r.result) (msgs[r.host] ??= []).push(r.result.msg);
    if (r.task.handler) (handlers[r.host] ??= []).push(r.task.name);
  }
  return { exitCode, events, msgs, handlers };
}
