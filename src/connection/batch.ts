/**
 * Several read-only commands in one exec: each runs in its own subshell with
 * no standard input, its output and status kept apart, and the answers come
 * back framed by their lengths (binary-safe). Read-ahead of module queries
 * uses it so that one round trip answers many "what is there now?" questions.
 */
import { Command } from './command.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';

/** One framed answer: `KR <index> <rc> <stdout bytes> <stderr bytes>\n`, then the bytes. */
const HEADER = /^KR (\d+) (\d+) (\d+) (\d+)$/;

/** The shell script that runs `commands` one after the other and prints their framed answers. */
export function batchScript(commands: readonly Command[]): Command {
  const pieces: (string | Command)[] = ['d=$(mktemp -d) || exit 1'];
  commands.forEach((command, i) => {
    // On lines of their own, so a trailing comment in a command cannot swallow the redirections.
    pieces.push('(', command, `) </dev/null >"$d/${i}o" 2>"$d/${i}e"; echo $? >"$d/${i}r"`);
  });
  pieces.push(
    `i=0; while [ "$i" -lt ${commands.length} ]; do`,
    '  printf \'KR %s %s %s %s\\n\' "$i" "$(cat "$d/${i}r")" "$(wc -c <"$d/${i}o" | tr -d \' \')" "$(wc -c <"$d/${i}e" | tr -d \' \')"',
    '  cat "$d/${i}o" "$d/${i}e"; i=$((i + 1))',
    'done',
    'rm -rf "$d"',
  );
  return Command.join(pieces, '\n');
}

export interface BatchAnswer {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
}

/** Splits the batch script's output into its `count` answers; throws when the output is not what the script prints. */
export function parseBatchOutput(output: Buffer, count: number): BatchAnswer[] {
  const answers: BatchAnswer[] = [];
  let at = 0;
  while (answers.length < count) {
    const eol = output.indexOf(0x0a, at);
    if (eol < 0) throw new Error(`batched commands: ${answers.length} of ${count} answers received`);
    const match = HEADER.exec(output.subarray(at, eol).toString('latin1'));
    if (!match || Number(match[1]) !== answers.length) throw new Error(`batched commands: unexpected output at answer ${answers.length}`);
    const out = Number(match[3]);
    const err = Number(match[4]);
    const start = eol + 1;
    if (start + out + err > output.length) throw new Error(`batched commands: answer ${answers.length} is cut short`);
    answers.push({ rc: Number(match[2]), stdout: output.subarray(start, start + out), stderr: output.subarray(start + out, start + out + err) });
    at = start + out + err;
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
