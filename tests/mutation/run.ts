/**
 * The project's own mutation run, for node:test (StrykerJS drives other
 * runners): `node dist/tests/mutation/run.js src/template [src/inventory ...]
 * [--tests DIR]... [--files a.ts,b.ts] [--workers N] [--max N] [--json FILE]`,
 * after `npm run build`. --files keeps only the named source files of the
 * folders (tests/mutation/options.ts).
 *
 * For each folder: its compiled files (dist/src/FOLDER), its unit tests
 * (dist/tests/unit/FOLDER and dist/tests/conformance/FOLDER, or --tests). Each test file runs once with V8
 * coverage; then each mutant (tests/mutation/mutants.ts) is written into a
 * worker's own copy of dist/ and only the test files that reached it run, the quickest first,
 * until one fails (schedule.ts).
 * Killed: a test failed or timed out. Survived: they all passed. No
 * coverage: no unit test reaches the code. Prints the score (killed of all
 * mutants) and every survivor at its TypeScript line.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pMap from 'p-map';
import { coverageDir, readCoverageFolder, type FileCoverage } from './coverage.js';
import { applyMutant, findMutants, type Mutant } from './mutants.js';
import { parseOptions, selectFiles, type Options } from './options.js';
import { quickestFirst, verdict } from './schedule.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Outcome = 'killed' | 'timeout' | 'survived' | 'no coverage';

interface MutantResult extends Mutant {
  file: string;
  outcome: Outcome;
  source: string;
}

function filesUnder(dir: string, suffix: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(filesUnder(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

/**
 * A folder's unit tests, and its differential tests against Ansible, which
 * live under tests/conformance/ (they run Ansible, so `npm run test:unit`
 * leaves them out) and kill many mutants; Ansible's answers are cached below.
 */
function defaultTestDirs(folder: string): string[] {
  const name = folder.replace(/^src\//, '');
  return [join('dist/tests/unit', name), join('dist/tests/conformance', name)].filter((dir) => existsSync(join(ROOT, dir)));
}

function runNode(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number; timedOut: boolean; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'ignore', detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
      resolve({ code: -1, timedOut: true, ms: Date.now() - started });
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, timedOut: false, ms: Date.now() - started });
    });
  });
}

/** A copy of the checkout whose dist/ a worker may change: dist copied, everything else linked. */
function workerRoot(index: number): string {
  const root = mkdtempSync(join(tmpdir(), `kr-mut-w${index}-`));
  for (const name of readdirSync(ROOT)) {
    if (name === 'dist' || name === '.git') continue;
    symlinkSync(join(ROOT, name), join(root, name));
  }
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  return root;
}

function tsLocation(jsFile: string, mutant: Mutant): string {
  try {
    const map = new SourceMap(JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    const entry = map.findEntry(mutant.line - 1, mutant.column) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : join(jsFile, '..', entry.originalSource);
      return `${relative(ROOT, source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    }
  } catch {
    // no map: the JavaScript position
  }
  return `${relative(ROOT, jsFile)}:${mutant.line}:${mutant.column + 1}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const jsFiles = selectFiles(options.folders.flatMap((f) => filesUnder(join(ROOT, 'dist', f), '.js')), options.files);
  const testFiles = (options.tests.length > 0 ? options.tests : options.folders.flatMap(defaultTestDirs)).flatMap((t) => filesUnder(join(ROOT, t), '.test.js'));
  process.stderr.write(`mutation: ${jsFiles.length} files, ${testFiles.length} test files\n`);
  // Ansible's answers to the differential tests do not change with a mutant: asked once (tests/support/oracle-cache.ts).
  const oracleCache = mkdtempSync(join(tmpdir(), 'kr-mut-oracle-'));
  process.env['KOLLA_RUN_ORACLE_CACHE'] = oracleCache;

  // Which test file reaches which code, and how long it takes.
  const reach = new Map<string, Map<string, FileCoverage>>();
  const baseline = new Map<string, number>();
  for (const test of testFiles) {
    const cov = coverageDir();
    const r = await runNode(['--test', test], { cwd: ROOT, env: { NODE_V8_COVERAGE: cov.dir }, timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`mutation: ${relative(ROOT, test)} fails before any mutant (exit ${r.code}); fix it first`);
    reach.set(test, readCoverageFolder(cov.dir, new Set(jsFiles)));
    baseline.set(test, r.ms);
    cov.dispose();
  }

  const jobs: Array<{ file: string; mutant: Mutant; tests: string[] }> = [];
  for (const file of jsFiles) {
    for (const mutant of findMutants(readFileSync(file, 'utf8'))) {
      const tests = testFiles.filter((t) => reach.get(t)?.get(file)?.ran(mutant.anchor) === true);
      jobs.push({ file, mutant, tests });
    }
  }
  const chosen = jobs.slice(0, options.max);
  process.stderr.write(`mutation: ${chosen.length} mutants, ${chosen.filter((j) => j.tests.length > 0).length} reached by a test\n`);

  const roots = Array.from({ length: options.workers }, (_, i) => workerRoot(i));
  const free = [...roots];
  const results: MutantResult[] = [];
  let done = 0;
  try {
    await pMap(
      chosen,
      async ({ file, mutant, tests }) => {
        const source = tsLocation(file, mutant);
        let outcome: Outcome = 'no coverage';
        if (tests.length > 0) {
          const root = free.pop() as string;
          const target = join(root, relative(ROOT, file));
          const original = readFileSync(target, 'utf8');
          try {
            writeFileSync(target, applyMutant(original, mutant));
            outcome = await verdict(quickestFirst(tests, baseline), (t) =>
              runNode(['--test', join(root, relative(ROOT, t))], { cwd: root, timeoutMs: Math.max(10_000, 3 * (baseline.get(t) ?? 1000)) }),
            );
          } finally {
            writeFileSync(target, original);
            free.push(root);
          }
        }
        results.push({ ...mutant, file: relative(ROOT, file), outcome, source });
        done += 1;
        if (done % 50 === 0) process.stderr.write(`mutation: ${done}/${chosen.length}\n`);
      },
      { concurrency: options.workers },
    );
  } finally {
    for (const root of [...roots, oracleCache]) rmSync(root, { recursive: true, force: true });
  }
  report(results, options);
}

function report(results: MutantResult[], options: Options): void {
  results.sort((a, b) => a.source.localeCompare(b.source, undefined, { numeric: true }));
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  const killed = count('killed') + count('timeout');
  const covered = results.length - count('no coverage');
  const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
  const lines = [
    `# mutation: ${options.folders.join(' ')}${options.files.length > 0 ? ` --files ${options.files.join(',')}` : ''}`,
    `mutants ${results.length}: killed ${count('killed')}, timed out ${count('timeout')}, survived ${count('survived')}, no coverage ${count('no coverage')}`,
    `score ${pct(killed, results.length)} (killed of all); of those a unit test reaches: ${pct(killed, covered)}`,
    '',
    ...results.filter((r) => r.outcome === 'survived' || r.outcome === 'no coverage').map((r) => `${r.outcome === 'survived' ? 'survived' : 'no cover'} ${r.source}  ${JSON.stringify(r.original)} -> ${JSON.stringify(r.replacement)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) {
    mkdirSync(join(options.json, '..'), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ folders: options.folders, results }, null, 1)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
