/**
 * Runs a command that may be long (a recursive chmod of many paths): a
 * short one goes as the exec's command line; a long one is fed to `sh -s`
 * on stdin, because a single argument (`sh -c TEXT`) is limited to 128 KiB
 * on Linux. Either way it is one round trip.
 */
import { Command } from '../../connection/index.js';
import type { ModuleContext, RunResult } from '../contract.js';

const LIMIT = 64 * 1024;

export async function runScript(ctx: ModuleContext, command: Command): Promise<RunResult> {
  const text = command.toShell();
  if (text.length < LIMIT) return ctx.run(command);
  return ctx.run(Command.raw('sh -s'), { stdin: `${text}\n` });
}

/** The first line of stderr, as a failure message (`chown: invalid user: ...`). */
export function firstError(stderr: string, fallback: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line ?? fallback;
}
