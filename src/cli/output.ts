/** Where the CLI writes: one place, so tests can capture it and colour stays consistent. */
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
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: process.stdout.isTTY === true,
};
