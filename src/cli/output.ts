/**
 * Where the CLI writes: one place, so tests can capture it, colour stays
 * consistent, and every line passes the secrets mask (src/vars/secrets.ts).
 */
import { maskSecrets } from '../vars/secrets.js';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

// A reader that stops early (`kolla-run ... | head`) closes the pipe: the
// rest of the output has nowhere to go, which is not an error of the run.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${maskSecrets(line)}\n`),
  err: (line) => process.stderr.write(`${maskSecrets(line)}\n`),
  isTTY: process.stdout.isTTY === true,
};

/**
 * Resolves once everything written to `stream` has left the process. Node
 * queues what a pipe or socket cannot take yet (a slow reader: `| tee`, a CI
 * log collector) and process.exit() drops that queue.
 */
export function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) {
      resolve();
      return;
    }
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    // A reader that went away (EPIPE) closes the stream: nothing left to wait for.
    stream.on('drain', done).on('close', done).on('error', done);
  });
}
