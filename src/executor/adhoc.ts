/**
 * Ad-hoc runs: one module on every selected host, all at once up to
 * `forks`, over the pooled connections. A host that fails or cannot be
 * reached never stops the others; each reports its own reason.
 */
import pMap from 'p-map';
import { ConnectionPool, connectionSettingsFromVars, type ConnectionOptions } from '../connection/index.js';
import { UnreachableError } from '../errors.js';
import type { AnyTaskModule } from '../modules/contract.js';
import type { AdhocHostResult } from '../output/adhoc.js';
import { moduleContext } from './module-context.js';
import { runModule, type RunFlags } from './module-runner.js';

export interface AdhocHost {
  name: string;
  vars: Record<string, unknown>;
}

export interface AdhocRun {
  hosts: readonly AdhocHost[];
  module: AnyTaskModule;
  /** Arguments for each host (already templated with that host's variables). */
  argsFor(host: AdhocHost): Record<string, unknown>;
  forks: number;
  flags: RunFlags;
  connection: ConnectionOptions;
  /** Called as each host finishes, in completion order. */
  onResult?(result: AdhocHostResult): void;
  pool?: ConnectionPool;
}

export function unreachableResult(host: string, err: UnreachableError): AdhocHostResult {
  return { host, status: 'unreachable', result: { changed: false, msg: err.message, unreachable: true } };
}

/** Results in inventory order. */
export async function runAdhoc(run: AdhocRun): Promise<AdhocHostResult[]> {
  // Every host's settings first: a bad variable stops the run before any host is touched.
  const targets = run.hosts.map((host) => ({ host, settings: connectionSettingsFromVars(host.name, host.vars, run.connection) }));
  const pool = run.pool ?? new ConnectionPool();
  try {
    return await pMap(
      targets,
      async ({ host, settings }): Promise<AdhocHostResult> => {
        let result: AdhocHostResult;
        try {
          const ctx = moduleContext(host.name, pool.get(settings));
          const outcome = await runModule(run.module, run.argsFor(host), ctx, run.flags);
          result = { host: host.name, status: outcome.status, result: outcome.result, commandLike: run.module.commandLike === true };
        } catch (err) {
          if (!(err instanceof UnreachableError)) throw err;
          result = unreachableResult(host.name, err);
        }
        run.onResult?.(result);
        return result;
      },
      { concurrency: Math.max(1, run.forks) },
    );
  } finally {
    if (!run.pool) await pool.closeAll({ wait: false });
  }
}
