/**
 * Modules tested on a real host: a ModuleContext on a testbed node (over
 * the pooled ssh2 connection). The checks every module must pass live in
 * module-checks.ts (re-exported here), shared with the local host.
 */
import assert from 'node:assert/strict';
import { ConnectionPool, type Connection } from '../../src/connection/index.js';
import { moduleContext, type TaskConnectionOptions } from '../../src/executor/module-context.js';
import { runModule } from '../../src/executor/module-runner.js';
import type { ModuleContext } from '../../src/modules/contract.js';
import type { ModuleRunner } from './module-checks.js';
import { nodeSettings, TEST_NODES, upTestbed } from './testbed.js';

export { assertIdempotent, snapshot } from './module-checks.js';

export interface ModuleHost extends ModuleRunner {
  ctx: ModuleContext;
  connection: Connection;
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
