/**
 * Which test file runs which code: V8's block coverage of one run of each
 * test file (NODE_V8_COVERAGE), kept per JavaScript file as the byte ranges
 * that ran. A mutant is then tried only against the test files whose run
 * reached its offset, and a mutant no test reaches is reported as such
 * without running anything.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const rangeSchema = z.object({ startOffset: z.number(), endOffset: z.number(), count: z.number() });
const coverageFileSchema = z.object({
  result: z.array(z.object({ url: z.string(), functions: z.array(z.object({ ranges: z.array(rangeSchema) })) })),
});
type Range = z.infer<typeof rangeSchema>;

/** For one JavaScript file: whether the byte at an offset ran. */
export class FileCoverage {
  /** One list of ranges per process that loaded the file. */
  constructor(private readonly runs: readonly (readonly Range[])[]) {}

  /** In any process: V8 nests ranges, and the innermost one holding the offset decides (a block that never ran inside a function that did). */
  ran(offset: number): boolean {
    return this.runs.some((ranges) => {
      let best: Range | undefined;
      for (const r of ranges) {
        if (offset < r.startOffset || offset >= r.endOffset) continue;
        if (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset) best = r;
      }
      return best !== undefined && best.count > 0;
    });
  }
}

/** Reads a NODE_V8_COVERAGE folder: file path -> its coverage, for the files `wanted` holds. */
export function readCoverageFolder(dir: string, wanted: ReadonlySet<string>): Map<string, FileCoverage> {
  const byFile = new Map<string, Range[][]>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const parsed = coverageFileSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) continue;
    for (const script of parsed.data.result) {
      if (!script.url.startsWith('file://')) continue;
      const path = fileURLToPath(script.url);
      if (!wanted.has(path)) continue;
      byFile.set(path, [...(byFile.get(path) ?? []), script.functions.flatMap((f) => f.ranges)]);
    }
  }
  return new Map([...byFile].map(([path, runs]) => [path, new FileCoverage(runs)]));
}

export function coverageDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kr-mut-cov-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
