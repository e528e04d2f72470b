/**
 * The one reporter of every bench: rows of figures (one per tool and
 * scenario), the ratios between tools in each scenario (kolla-run / floor,
 * ansible / kolla-run) next to their targets, printed as a table and as JSON
 * (the last line of stdout, and bench/results/<bench>.json). Targets are
 * informative: nothing here fails on a timing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Measured } from './measure.js';
import { RESULTS_DIR } from './paths.js';

export type Tool = 'kolla-run' | 'ansible' | 'floor' | (string & {});

export interface Row {
  /** What was run, e.g. "shell true, 50 hosts" or "playbook 10 tasks, 50 hosts, cold". */
  scenario: string;
  tool: Tool;
  hosts?: number;
  wallS: number;
  cpuS?: number;
  maxRssMb?: number;
  machineCpuS?: number;
  /** CPU of the hosts' sshd servers and the commands they ran (not the tool's own). */
  serverCpuS?: number;
  /** How many runs were made; the row is the one with the median wall time. */
  runs?: number;
  exitCode?: number;
  ok: boolean;
  /**
   * The tool was stopped at wallS before it finished (a time budget): its real time is longer,
   * so a ratio over it is a lower bound ("at least").
   */
  stoppedAt?: boolean;
  note?: string;
  /** Bench-specific figures (per host-task CPU, changed counts, ...). */
  extra?: Record<string, number | string | boolean>;
}

export interface Target {
  /** 'kolla-run / floor' or 'ansible / kolla-run' (wall time). */
  ratio: RatioName;
  /** The ratio should be at most this (kolla-run / floor) ... */
  max?: number;
  /** ... or at least this (ansible / kolla-run). */
  min?: number;
  /** Only for scenarios whose name contains this ('cold', 'warm'); the first target that applies wins. */
  when?: string;
}

export type RatioName = 'kolla-run / floor' | 'ansible / kolla-run' | 'kolla-run / floor (CPU)' | 'ansible / kolla-run (CPU)';

export interface Ratio {
  scenario: string;
  name: RatioName;
  value: number;
  /** The value is a lower bound: the numerator's tool was stopped before it finished. */
  atLeast?: boolean;
  target?: string;
  met?: boolean;
}

export interface BenchReport {
  bench: string;
  quick: boolean;
  startedAt: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; memGb: number; kernel: string; node: string; ansible?: string; loadAvgStart: number; loadAvgEnd: number };
  rows: Row[];
  ratios: Ratio[];
  targets: Target[];
  notes: string[];
}

let ansibleVersionCache: string | undefined | null = null;
export function ansibleVersion(): string | undefined {
  if (ansibleVersionCache === null) {
    try {
      const out = execFileSync('ansible', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      ansibleVersionCache = /core ([\d.]+)/.exec(out)?.[1] ?? out.split('\n')[0];
    } catch {
      ansibleVersionCache = undefined;
    }
  }
  return ansibleVersionCache;
}

export function rowFrom(scenario: string, tool: Tool, m: Measured & { runs?: number; serverCpuS?: number }, more: Partial<Row> = {}): Row {
  return {
    ...(m.runs !== undefined ? { runs: m.runs } : {}),
    ...(m.serverCpuS !== undefined ? { serverCpuS: round(m.serverCpuS) } : {}),
    scenario,
    tool,
    wallS: round(m.wallS),
    cpuS: round(m.cpuS),
    maxRssMb: round(m.maxRssMb, 1),
    machineCpuS: round(m.machineCpuS),
    exitCode: m.exitCode,
    ok: m.exitCode === 0,
    ...more,
  };
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Per scenario: kolla-run / floor and ansible / kolla-run, of the wall times (checked against the
 * targets) and of the CPU times (less sensitive to other work on the machine; no target).
 */
export function computeRatios(rows: readonly Row[], targets: readonly Target[]): Ratio[] {
  const out: Ratio[] = [];
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    const pick = (tool: Tool): Row | undefined => rows.find((r) => r.scenario === scenario && r.tool === tool && (r.ok || r.stoppedAt === true));
    const kr = pick('kolla-run');
    const floor = pick('floor');
    const ansible = pick('ansible');
    const push = (name: RatioName, value: number, atLeast = false): void => {
      const target = targets.find((t) => t.ratio === name && (t.when === undefined || scenario.includes(t.when)));
      const ratio: Ratio = { scenario, name, value: round(value, 2), ...(atLeast ? { atLeast } : {}) };
      if (target?.max !== undefined) {
        ratio.target = `<= ${target.max}`;
        // An "at least" value proves nothing against a maximum.
        ratio.met = !atLeast && value <= target.max;
      } else if (target?.min !== undefined) {
        ratio.target = `>= ${target.min}`;
        ratio.met = value >= target.min;
      }
      out.push(ratio);
    };
    // Only ansible is ever stopped on a budget; a stopped kolla-run or floor gives no ratio.
    const done = (r: Row | undefined): r is Row => r !== undefined && r.ok;
    if (done(kr) && done(floor) && floor.wallS > 0) push('kolla-run / floor', kr.wallS / floor.wallS);
    if (done(kr) && done(floor) && floor.cpuS && kr.cpuS !== undefined) push('kolla-run / floor (CPU)', kr.cpuS / floor.cpuS);
    const stopped = ansible?.stoppedAt === true;
    if (done(kr) && ansible && kr.wallS > 0) push('ansible / kolla-run', ansible.wallS / kr.wallS, stopped);
    if (done(kr) && ansible && kr.cpuS && ansible.cpuS !== undefined) push('ansible / kolla-run (CPU)', ansible.cpuS / kr.cpuS, stopped);
  }
  return out;
}

export class Report {
  readonly #bench: string;
  readonly #quick: boolean;
  readonly #started = new Date();
  readonly #t0 = performance.now();
  readonly #load0 = loadavg()[0] ?? 0;
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  readonly #targets: Target[];

  constructor(bench: string, options: { quick: boolean; targets?: Target[] }) {
    this.#bench = bench;
    this.#quick = options.quick;
    this.#targets = options.targets ?? [];
  }

  add(row: Row): Row {
    this.rows.push(row);
    const fig = `${row.wallS.toFixed(2)} s${row.cpuS !== undefined ? `, cpu ${row.cpuS.toFixed(2)} s` : ''}${row.maxRssMb !== undefined ? `, rss ${row.maxRssMb.toFixed(0)} MB` : ''}`;
    process.stderr.write(`  [${this.#bench}] ${row.scenario} — ${row.tool}: ${fig}${row.ok ? '' : row.stoppedAt ? ' (stopped: its time budget ran out)' : ` FAILED (exit ${row.exitCode ?? '?'})`}${row.note ? ` (${row.note})` : ''}\n`);
    return row;
  }

  note(text: string): void {
    this.notes.push(text);
    process.stderr.write(`  [${this.#bench}] note: ${text}\n`);
  }

  ratios(): Ratio[] {
    return computeRatios(this.rows, this.#targets);
  }

  build(): BenchReport {
    const cpu = cpus();
    const ansible = ansibleVersion();
    return {
      bench: this.#bench,
      quick: this.#quick,
      startedAt: this.#started.toISOString(),
      durationS: round((performance.now() - this.#t0) / 1000, 1),
      machine: {
        cpus: cpu.length,
        cpuModel: cpu[0]?.model ?? 'unknown',
        memGb: round(totalmem() / 2 ** 30, 1),
        kernel: release(),
        node: process.version,
        ...(ansible ? { ansible } : {}),
        loadAvgStart: round(this.#load0, 2),
        loadAvgEnd: round(loadavg()[0] ?? 0, 2),
      },
      rows: this.rows,
      ratios: this.ratios(),
      targets: this.#targets,
      notes: this.notes,
    };
  }

  /** Prints the table, writes bench/results/<bench>.json, and prints the JSON as the last line of stdout. */
  finish(): BenchReport {
    const report = this.build();
    process.stdout.write(formatReport(report));
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${report.bench}${report.quick ? '.quick' : ''}.json`), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report;
  }
}

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [fmt(header), sep, ...rows.map(fmt)].join('\n');
}

const num = (n: number | undefined, digits = 2): string => (n === undefined ? '' : n.toFixed(digits));

/** A Markdown table of the rows, then one of the ratios. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(
    `## ${report.bench}${report.quick ? ' (quick)' : ''}: ${report.startedAt}, ${m.cpus} CPUs, node ${m.node}${m.ansible ? `, ansible-core ${m.ansible}` : ''}, load average ${m.loadAvgStart} -> ${m.loadAvgEnd}`,
  );
  lines.push('');
  lines.push(
    table(
      ['scenario', 'tool', 'wall s', 'CPU s', 'peak RSS MB', 'sshd CPU s', 'ok', 'note'],
      report.rows.map((r) => [
        r.scenario,
        r.tool,
        num(r.wallS),
        num(r.cpuS),
        num(r.maxRssMb, 0),
        num(r.serverCpuS),
        r.ok ? 'yes' : r.stoppedAt ? 'stopped' : `NO (exit ${r.exitCode ?? '?'})`,
        [r.note, ...Object.entries(r.extra ?? {}).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(4) : String(v)}`)].filter(Boolean).join('; '),
      ]),
      [false, false, true, true, true, true, false, false],
    ),
  );
  if (report.ratios.length > 0) {
    lines.push('');
    lines.push(
      table(
        ['scenario', 'ratio', 'value', 'target', 'met'],
        report.ratios.map((r) => [r.scenario, r.name, `${r.atLeast ? '>= ' : ''}${r.value.toFixed(2)}x`, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'no']),
        [false, false, true, false, false],
      ),
    );
  }
  for (const n of report.notes) lines.push(`- ${n}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}
