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
