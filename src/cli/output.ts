/** Where the CLI writes: one place, so tests can capture it and colour stays consistent. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: process.stdout.isTTY === true,
};
