/**
 * How a mutant's tests run: one file at a time, the quickest first, until one fails. Most mutants
 * die in the first file that reaches them, so a killed mutant costs about its quickest test file
 * instead of all of them; a surviving one runs them all, as before.
 */

export type Verdict = 'killed' | 'timeout' | 'survived';

export interface FileRun {
  code: number;
  timedOut: boolean;
}

/** The test files in the order they run: by their time in the coverage run, unknown ones last, then by name. */
export function quickestFirst(tests: readonly string[], baselineMs: ReadonlyMap<string, number>): string[] {
  const time = (t: string) => baselineMs.get(t) ?? Infinity;
  return [...tests].sort((a, b) => time(a) - time(b) || a.localeCompare(b));
}

/** Runs the files in order and stops at the first that fails or times out. */
export async function verdict(tests: readonly string[], run: (test: string) => Promise<FileRun>): Promise<Verdict> {
  for (const test of tests) {
    const r = await run(test);
    if (r.timedOut) return 'timeout';
    if (r.code !== 0) return 'killed';
  }
  return 'survived';
}
