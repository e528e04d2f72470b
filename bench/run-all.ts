/**
 * Runs every bench, one after the other, each in its own process:
 *   node dist/bench/run-all.js [--quick] [--no-ansible] [--only adhoc,playbook,...] [--report-only]
 * (--report-only runs nothing: it prints the tables of the reports saved in bench/results/.)
 * Prints each bench's table, writes bench/results/all.json and all.md, and
 * prints the combined JSON as the last line of stdout. Exits non-zero only
 * when a bench did not complete or printed no well-formed JSON (never on a
 * timing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIST, RESULTS_DIR } from './support/paths.js';
import { computeRatios, formatReport, type BenchReport } from './support/report.js';

export const BENCHES = ['adhoc', 'playbook', 'kolla-shape', 'scale', 'transfer', 'load', 'engine', 'kolla-deploy'] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-ansible': { type: 'boolean', default: false },
    only: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
const only = values.only ? values.only.split(',') : [...BENCHES];
const unknown = only.filter((b) => !(BENCHES as readonly string[]).includes(b));
if (unknown.length > 0) {
  process.stderr.write(`run-all: unknown bench ${unknown.join(', ')} (known: ${BENCHES.join(', ')})\n`);
  process.exit(3);
}

interface Outcome {
  bench: string;
  exitCode: number;
  wallS: number;
  report?: BenchReport;
  error?: string;
}

let current: ChildProcess | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Let the running bench stop its hosts, then stop.
    current?.kill(signal);
    process.exitCode = 130;
    if (!current) process.exit(130);
  });
}

/** A bench's last saved report (for --report-only: the table of earlier runs). */
function savedBench(name: string): Outcome {
  const file = join(RESULTS_DIR, `${name}${quick ? '.quick' : ''}.json`);
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    // Ratios as this version computes them (older reports had wall ratios only).
    report.ratios = computeRatios(report.rows, report.targets);
    return { bench: name, exitCode: 0, wallS: report.durationS, report };
  } catch (err) {
    return { bench: name, exitCode: -1, wallS: 0, error: `no saved report ${file}: ${String(err)}` };
  }
}

function runBench(name: string): Promise<Outcome> {
  const args = [join(BENCH_DIST, `${name}.js`), ...(quick ? ['--quick'] : []), ...(values['no-ansible'] ? ['--no-ansible'] : [])];
  process.stderr.write(`== ${name}: node ${args.join(' ')}\n`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    current = child;
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('close', (code) => {
      current = undefined;
      if (process.exitCode === 130) process.exit(130);
      const wallS = (performance.now() - t0) / 1000;
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      try {
        const report = JSON.parse(last) as BenchReport;
        if (report.bench !== name || !Array.isArray(report.rows)) throw new Error('not a bench report');
        resolve({ bench: name, exitCode: code ?? -1, wallS, report });
      } catch (err) {
        resolve({ bench: name, exitCode: code ?? -1, wallS, error: `no well-formed JSON on the last line (${String(err)}); output tail: ${stdout.slice(-1000)}` });
      }
    });
  });
}

const outcomes: Outcome[] = [];
for (const name of only) outcomes.push(values['report-only'] ? savedBench(name) : await runBench(name));

const md = outcomes.map((o) => (o.report ? formatReport(o.report) : `## ${o.bench}: FAILED (exit ${o.exitCode})\n\n${o.error ?? ''}\n`)).join('\n');
process.stdout.write(md);
const summary = {
  suite: 'kolla-run bench',
  quick,
  benches: outcomes.map((o) => ({ bench: o.bench, exitCode: o.exitCode, wallS: Math.round(o.wallS * 10) / 10, ok: o.exitCode === 0 && o.report !== undefined, ...(o.error ? { error: o.error } : {}) })),
  reports: outcomes.flatMap((o) => (o.report ? [o.report] : [])),
};
mkdirSync(RESULTS_DIR, { recursive: true });
const suffix = quick ? '.quick' : '';
writeFileSync(join(RESULTS_DIR, `all${suffix}.json`), `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(join(RESULTS_DIR, `all${suffix}.md`), md);
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.benches.every((b) => b.ok) ? 0 : 1;
