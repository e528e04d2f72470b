import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UnreachableError } from '../../../src/errors.js';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { waitForConnectionModule } from '../../../src/modules/wait_for_connection.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
before(async () => {
  host = await moduleHost(2);
});
after(async () => host.close());

/** The node's context, but unreachable for the first `failures` commands. */
function flaky(failures: number): { ctx: ModuleContext; tries: () => number } {
  let n = 0;
  const ctx: ModuleContext = {
    ...host.ctx,
    run: async (command, options) => {
      n++;
      if (n <= failures) throw new UnreachableError(host.ctx.host, 'refused', 'connect ECONNREFUSED');
      return host.ctx.run(command, options);
    },
  };
  return { ctx, tries: () => n };
}

test('a reachable host: ok at once, elapsed 0', async () => {
  const out = await host.run(waitForConnectionModule, {});
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.equal(out.result.changed, false);
  assert.equal(out.result.elapsed, 0);
});

test('retries while the host is unreachable, then succeeds', { timeout: 30_000 }, async () => {
  const { ctx, tries } = flaky(2);
  const out = await runModule(waitForConnectionModule, { sleep: 1, timeout: 20 }, ctx, { check: false, diff: false });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.equal(tries(), 3);
  assert.ok(Number(out.result.elapsed) >= 2);
});

test('gives up after timeout with a message', { timeout: 30_000 }, async () => {
  const { ctx } = flaky(1000);
  const out = await runModule(waitForConnectionModule, { sleep: 1, timeout: 2 }, ctx, { check: false, diff: false });
  assert.equal(out.status, 'failed');
  assert.match(String(out.result.msg), /^timed out waiting for ping module test: connect ECONNREFUSED/);
});

test('invalid parameters are rejected naming the parameter', async () => {
  const bad = await host.run(waitForConnectionModule, { timeout: 'long' });
  assert.match(String(bad.result.msg), /"timeout"/);
  const unknown = await host.run(waitForConnectionModule, { host: 'x' });
  assert.match(String(unknown.result.msg), /"host"/);
});
