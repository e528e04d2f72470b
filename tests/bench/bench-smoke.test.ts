/**
 * The bench suite at its smallest (--quick: a few loopback hosts, kolla-run
 * and the floor only, ansible skipped), so that it keeps working: every bench
 * completes and prints a well-formed JSON report. No timing is asserted.
 * kolla-deploy's quick run is a real all-in-one deploy on a testbed of its
 * own (kr-bench-aio): minutes on 2 cores, hence the timeout.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const runAll = fileURLToPath(new URL('../../bench/run-all.js', import.meta.url));
const BENCHES = ['adhoc', 'playbook', 'kolla-shape', 'scale', 'transfer', 'load', 'engine', 'kolla-deploy'];
const canRun = existsSync('/usr/sbin/sshd') && (process.getuid?.() === 0 || process.env.KOLLA_RUN_BENCH_SMOKE === '1');

test('bench suite, --quick: every bench completes and prints a well-formed JSON report', { skip: canRun ? false : 'needs /usr/sbin/sshd and root (for the plain test user)', timeout: 1_800_000 }, async () => {
  const results = await mkdtemp(join(tmpdir(), 'kr-bench-smoke-'));
  try {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [runAll, '--quick'], { env: { ...process.env, KR_BENCH_RESULTS_DIR: results }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    assert.equal(run.code, 0, `run-all failed:\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-3000)}`);
    const last = run.stdout.trimEnd().split('\n').pop() ?? '';
    const summary = JSON.parse(last) as { quick: boolean; benches: Array<{ bench: string; ok: boolean }>; reports: Array<Record<string, unknown>> };
    assert.equal(summary.quick, true);
    assert.deepEqual(summary.benches.map((b) => b.bench), BENCHES);
    for (const report of summary.reports) {
      assert.equal(typeof report.bench, 'string');
      assert.equal(report.quick, true);
      assert.ok(Array.isArray(report.rows) && report.rows.length > 0, `${String(report.bench)}: no rows`);
      for (const row of report.rows as Array<Record<string, unknown>>) {
        assert.equal(typeof row.scenario, 'string');
        assert.equal(typeof row.tool, 'string');
        assert.ok(typeof row.wallS === 'number' && Number.isFinite(row.wallS), `${String(report.bench)}: wallS of ${String(row.scenario)}`);
        assert.equal(typeof row.ok, 'boolean');
      }
      assert.ok(Array.isArray(report.ratios));
      assert.ok(!JSON.stringify(report).includes('"tool":"ansible"'), 'quick mode runs no ansible');
      // Each bench also wrote its own file, the same report.
      const own = JSON.parse(await readFile(join(results, `${String(report.bench)}.quick.json`), 'utf8')) as { bench: string };
      assert.equal(own.bench, report.bench);
    }
    assert.match(run.stdout, /\| scenario +\| tool +\| wall s \|/, 'a table is printed');
  } finally {
    await rm(results, { recursive: true, force: true });
  }
});
