/**
 * Modules tested on a real host: a ModuleContext on a testbed node (over
 * the pooled ssh2 connection), and the checks every module must pass:
 * first run changes, second run does not, check mode changes nothing.
 */
import assert from 'node:assert/strict';
import { ConnectionPool, type Connection } from '../../src/connection/index.js';
import { moduleContext, type TaskConnectionOptions } from '../../src/executor/module-context.js';
import { runModule, type TaskOutcome } from '../../src/executor/module-runner.js';
import type { AnyTaskModule, ModuleContext } from '../../src/modules/contract.js';
import { nodeSettings, TEST_NODES, upTestbed } from './testbed.js';

export interface ModuleHost {
  ctx: ModuleContext;
  connection: Connection;
  /** Runs a shell command on the host and returns stdout (fails the test on rc != 0). */
  sh(command: string): Promise<string>;
  run(module: AnyTaskModule, args: Record<string, unknown>, flags?: { check?: boolean; diff?: boolean }): Promise<TaskOutcome>;
  close(): Promise<void>;
}

/** `vars` are connection variables over the testbed's (ansible_user, ansible_become...). */
export async function moduleHost(nodeIndex = 0, options: TaskConnectionOptions = {}, vars: Record<string, unknown> = {}): Promise<ModuleHost> {
  const state = await upTestbed(TEST_NODES);
  const pool = new ConnectionPool();
  const connection = pool.get(nodeSettings(state, nodeIndex, vars));
  const ctx = moduleContext(state.nodes[nodeIndex]?.hostname ?? 'node', connection, options);
  return {
    ctx,
    connection,
    async sh(command) {
      const r = await connection.exec(command);
      assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
      return r.stdout;
    },
    run: (module, args, flags = {}) => runModule(module, args, ctx, { check: flags.check ?? false, diff: flags.diff ?? false }),
    close: () => pool.closeAll(),
  };
}

/** sha256 and mode/owner of every file under `dir`, to show a check-mode run changed nothing. */
export async function snapshot(host: ModuleHost, dir: string): Promise<string> {
  return host.sh(`find ${dir} -exec stat -c '%n %a %U:%G %s' {} + 2>/dev/null | sort; find ${dir} -type f -exec sha256sum {} + 2>/dev/null | sort; true`);
}

/**
 * The contract every module keeps: a check run reports the change and leaves
 * the host as it was; the real run changes; a second run reports no change.
 */
export async function assertIdempotent(host: ModuleHost, module: AnyTaskModule, args: Record<string, unknown>, watchDir: string): Promise<TaskOutcome> {
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
