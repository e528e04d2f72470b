/**
 * Several read-only commands in one exec: each runs in its own subshell with
 * no standard input, its output and status kept apart, and the answers come
 * back framed by their lengths (binary-safe). Read-ahead of module queries
 * uses it so that one round trip answers many "what is there now?" questions.
 */
import { Command } from './command.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

/**
 * The shell script that runs `commands` one after the other, then prints
 * `KR <rc>...`, the sizes of their outputs (one `wc -c`), `KR-DATA`, and
 * the outputs themselves (one `cat`): a fixed handful of processes however
 * many commands there are, since the hosts' CPU is what a batch saves.
 */
export function batchScript(commands: readonly Command[]): Command {
  const pieces: (string | Command)[] = ['d=$(mktemp -d) || exit 1', 'r=KR'];
  const files: string[] = [];
  commands.forEach((command, i) => {
    // On lines of their own, so a trailing comment in a command cannot swallow the redirections.
    pieces.push('(', command, `) </dev/null >"$d/${i}o" 2>"$d/${i}e"; r="$r $?"`);
    files.push(`${i}o ${i}e`);
  });
  const all = files.join(' ');
  pieces.push('echo "$r"', 'cd "$d" || exit 1', `wc -c ${all}`, 'echo KR-DATA', `cat ${all}`, 'cd / && rm -rf "$d"');
  return Command.join(pieces, '\n');
}

export interface BatchAnswer {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
}

/** Splits the batch script's output into its `count` answers; throws when the output is not what the script prints. */
export function parseBatchOutput(output: Buffer, count: number): BatchAnswer[] {
  const marker = output.indexOf('\nKR-DATA\n');
  if (marker < 0) throw new Error('batched commands: no answers received');
  const [status = '', ...sizeLines] = output.subarray(0, marker).toString('latin1').split('\n');
  const rcs = status.split(' ');
  if (rcs[0] !== 'KR' || rcs.length !== count + 1) throw new Error(`batched commands: ${rcs.length - 1} of ${count} statuses received`);
  // wc prints one "SIZE FILE" line per file (and a total line when there are several).
  const sizes = sizeLines.slice(0, 2 * count).map((line) => Number(/^\s*(\d+)\s/.exec(line)?.[1] ?? NaN));
  if (sizes.length !== 2 * count || sizes.some((n) => !Number.isInteger(n))) throw new Error('batched commands: unexpected output sizes');
  const answers: BatchAnswer[] = [];
  let at = marker + '\nKR-DATA\n'.length;
  for (let i = 0; i < count; i++) {
    const out = sizes[2 * i] as number;
    const err = sizes[2 * i + 1] as number;
    if (at + out + err > output.length) throw new Error(`batched commands: answer ${i} is cut short`);
    answers.push({ rc: Number(rcs[i + 1]), stdout: output.subarray(at, at + out), stderr: output.subarray(at + out, at + out + err) });
    at += out + err;
  }
  return answers;
}

/**
 * Runs `commands` on `connection` in one exec (with the same become and
 * signal for all); each gets its own result, as if run alone. The batch
 * failing as a whole (the host unreachable, mktemp failing) rejects.
 */
export async function execBatch(
  connection: Connection,
  commands: readonly Command[],
  options: Pick<ExecOptions, 'become' | 'signal'> = {},
): Promise<ExecResult<Buffer>[]> {
  const result = await connection.exec(batchScript(commands), { ...options, encoding: 'buffer' });
  if (result.rc !== 0) throw new Error(`batched commands failed (rc ${result.rc}): ${result.stderr.toString('utf8').trim()}`);
  return parseBatchOutput(result.stdout, commands.length).map((answer, i) => ({ ...answer, command: (commands[i] as Command).toDisplay() }));
}
