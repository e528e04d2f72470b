/**
 * Ad-hoc runs on local hosts: every host's result in inventory order,
 * command-like modules marked, an unreachable host reported without
 * stopping the others, and a pool the caller gave left open.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ConnectionPool } from '../../../src/connection/index.js';
import { runAdhoc, type AdhocHost } from '../../../src/executor/adhoc.js';
import { commandModule } from '../../../src/modules/command.js';
import { pingModule } from '../../../src/modules/ping.js';
import { mergeConfigsModule } from '../../../src/modules/merge_configs.js';
import { tempDirSync } from '../../support/temp-dir.js';

const local: AdhocHost = { name: 'h1', vars: { ansible_connection: 'local' } };
const unreachable: AdhocHost = { name: 'h2', vars: { ansible_connection: 'ssh', ansible_host: '127.0.0.1', ansible_port: 1 } };
const flags = { check: false, diff: false };

test('each host reports its own result, in inventory order, an unreachable one as unreachable', async () => {
  const seen: string[] = [];
  const results = await runAdhoc({ hosts: [unreachable, local], module: commandModule, argsFor: () => ({ _raw_params: 'echo hi' }), forks: 0, flags, connection: {}, onResult: (r) => seen.push(r.host) });
  assert.deepEqual(
    results.map((r) => [r.host, r.status, r.commandLike ?? false]),
    [
      ['h2', 'unreachable', false],
      ['h1', 'changed', true],
    ],
  );
  assert.deepEqual(results[0]?.result && { changed: results[0].result.changed, unreachable: results[0].result.unreachable }, { changed: false, unreachable: true });
  assert.deepEqual(seen.sort(), ['h1', 'h2']);
});

test('a module that is not command-like is not marked so', async () => {
  const [result] = await runAdhoc({ hosts: [local], module: pingModule, argsFor: () => ({}), forks: 1, flags, connection: {} });
  assert.deepEqual([result?.status, result?.commandLike], ['ok', false]);
});

test("an error that is not the host's unreachability ends the run", async () => {
  const argsFor = () => {
    throw new Error('bug');
  };
  await assert.rejects(runAdhoc({ hosts: [local], module: pingModule, argsFor, forks: 1, flags, connection: {} }), /bug/);
});

test("the caller's pool is left open; a pool of the run's own is closed", async () => {
  const closed: string[] = [];
  class WatchedPool extends ConnectionPool {
    override async closeAll(options?: { wait?: boolean }): Promise<void> {
      closed.push('closed');
      await super.closeAll(options);
    }
  }
  const pool = new WatchedPool();
  await runAdhoc({ hosts: [local], module: pingModule, argsFor: () => ({}), forks: 1, flags, connection: {}, pool });
  assert.deepEqual(closed, []);
  await pool.closeAll();
});

test('merge_configs run ad hoc does not skip a source that is there: it fails, as templates need a playbook run', async () => {
  const dir = tempDirSync('kr-adhoc-');
  writeFileSync(path.join(dir, 'a.conf'), '[DEFAULT]\ndebug = true\n');
  const args = { sources: [path.join(dir, 'a.conf'), path.join(dir, 'missing.conf')], dest: path.join(dir, 'out.conf') };
  const [result] = await runAdhoc({ hosts: [local], module: mergeConfigsModule, argsFor: () => args, forks: 1, flags, connection: {} });
  assert.equal(result?.status, 'failed');
  assert.match(String(result?.result.msg), /templates need a playbook run/);
  assert.equal(existsSync(path.join(dir, 'out.conf')), false);
});
