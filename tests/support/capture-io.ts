import type { CliIO } from '../../src/cli/output.js';

/** A CliIO that keeps what the CLI printed, for assertions. */
export function captureIO(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    isTTY: false,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
  };
}
