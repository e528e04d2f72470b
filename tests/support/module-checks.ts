/**
 * The checks every module must pass, on any host a test reaches (a testbed
 * node over ssh, or this machine over the local connection).
 */
import assert from 'node:assert/strict';
import type { TaskOutcome } from '../../src/executor/module-runner.js';
import type { AnyTaskModule } from '../../src/modules/contract.js';

/** What the checks need of a host: a shell and the module runner. */
export interface ModuleRunner {
  /** Runs a shell command on the host and returns stdout (fails the test on rc != 0). */
  sh(command: string): Promise<string>;
  run(module: AnyTaskModule, args: Record<string, unknown>, flags?: { check?: boolean; diff?: boolean }): Promise<TaskOutcome>;
}

/** sha256 and mode/owner of every file under `dir`, to show a check-mode run changed nothing. */
export async function snapshot(host: ModuleRunner, dir: string): Promise<string> {
  return host.sh(`find ${dir} -exec stat -c '%n %a %U:%G %s' {} + 2>/dev/null | sort; find ${dir} -type f -exec sha256sum {} + 2>/dev/null | sort; true`);
}

/**
 * The contract every module keeps: a check run reports the change and leaves
 * the host as it was; the real run changes; a second run reports no change.
 */
export async function assertIdempotent(host: ModuleRunner, module: AnyTaskModule, args: Record<string, unknown>, watchDir: string): Promise<TaskOutcome> {
  const before = await snapshot(host, watchDir);
  const checked = await host.run(module, args, { check: true, diff: true });
  assert.equal(checked.status, 'changed', `check mode should report the change: ${JSON.stringify(checked.result)}`);
  assert.equal(await snapshot(host, watchDir), before, 'check mode must not change the host');
  const first = await host.run(module, args);
  assert.equal(first.status, 'changed', `first run: ${JSON.stringify(first.result)}`);
  const second = await host.run(module, args);
  assert.equal(second.status, 'ok', `second run must report no change: ${JSON.stringify(second.result)}`);
  return first;
}
