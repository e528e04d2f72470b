/**
 * One case, one engine: empty the output folders, run, read the recap and
 * the files left behind. compareObservations says how two runs differ.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseSpec } from './cases.js';
import { runEngine, type Engine, type EngineRun } from './engines.js';
import { outDir, type HostFiles } from './host-files.js';
import { exitDiffs, keyedDiffs, lineDiffs } from '../../support/run-compare.js';
import { parseRecap, type RecapCounts } from './recap.js';

export interface Observation {
  engine: Engine;
  exit: number;
  recap: Record<string, RecapCounts>;
  files: Record<string, string>;
  /** The task banners and retry lines in order (retries sorted: hosts finish in any order), when the case compares them. */
  banners?: string[];
  run: EngineRun;
}

/** TASK [...] and RUNNING HANDLER [...] banners in order, then the FAILED - RETRYING lines sorted. */
export function bannerLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  const banners = lines.flatMap((l) => /^((?:TASK|RUNNING HANDLER) \[.*\]) \**$/.exec(l)?.[1] ?? []);
  const retries = lines.filter((l) => l.startsWith('FAILED - RETRYING: ')).sort();
  return [...banners, ...retries];
}

export async function observe(engine: Engine, spec: CaseSpec, inventoryText: string, files: HostFiles): Promise<Observation> {
  const cwd = await mkdtemp(join(tmpdir(), `kr-conf-${engine}-`));
  try {
    const inventory = join(cwd, 'hosts');
    await writeFile(inventory, inventoryText);
    await files.reset(spec.name, spec.local);
    const args = ['-e', `out=${outDir(spec.name)}`, ...spec.args, ...(engine === 'ansible' ? spec.ansibleArgs : spec.kollaArgs)];
    const run = await runEngine(engine, spec.playbook, inventory, args, cwd);
    const collected = await files.collect(spec.name, spec.local);
    return { engine, exit: run.code, recap: parseRecap(run.stdout), files: collected, ...(spec.banners ? { banners: bannerLines(run.stdout) } : {}), run };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** The differences, one line each (empty: the engines agree). */
export function compareObservations(want: Observation, got: Observation): string[] {
  return [
    ...exitDiffs(want.exit, got.exit),
    ...keyedDiffs('recap', want.recap, got.recap),
    ...keyedDiffs('file', want.files, got.files),
    ...(want.banners || got.banners ? lineDiffs('output line', want.banners ?? [], got.banners ?? []) : []),
  ];
}
