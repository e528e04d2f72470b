/** runScript: a command up to 64 KiB goes as the exec's command line, a longer one through `sh -s`; firstError. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from '../../../../src/connection/index.js';
import type { ModuleContext, RunResult } from '../../../../src/modules/contract.js';
import { firstError, runScript } from '../../../../src/modules/support/run-script.js';

/** A context that only records what it was asked to run. */
function recorder(): { ctx: ModuleContext; runs: Array<{ command: string; stdin: string | undefined }> } {
  const runs: Array<{ command: string; stdin: string | undefined }> = [];
  const run = async (command: Command | string, options: { stdin?: string } = {}): Promise<RunResult> => {
    runs.push({ command: typeof command === 'string' ? command : command.toShell(), stdin: options.stdin });
    return { rc: 0, stdout: '', stderr: '' } as RunResult;
  };
  return { ctx: { run } as unknown as ModuleContext, runs };
}

test('runScript: 65535 characters go as the command line, 65536 through sh -s on stdin', async () => {
  const { ctx, runs } = recorder();
  const short = 'x'.repeat(64 * 1024 - 1);
  const long = 'y'.repeat(64 * 1024);
  await runScript(ctx, Command.raw(short));
  await runScript(ctx, Command.raw(long));
  assert.deepEqual(runs, [
    { command: short, stdin: undefined },
    { command: 'sh -s', stdin: `${long}\n` },
  ]);
});

test('firstError: the first non-blank stderr line, trimmed; the fallback when there is none', () => {
  assert.equal(firstError('\n   \n  chown: invalid user: x \nmore\n', 'fallback'), 'chown: invalid user: x');
  assert.equal(firstError(' \n', 'fallback'), 'fallback');
});
