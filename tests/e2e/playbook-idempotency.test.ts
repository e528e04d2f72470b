/**
 * A configuration playbook through the real CLI on testbed nodes: --check
 * changes nothing (checksums before and after) and says what would change,
 * --diff shows it, the real run changes, a second run reports changed=0,
 * and Ctrl-C stops the run with the recap and exit 99.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = `${root}bin/kolla-run`;
const playbook = `${root}tests/fixtures/e2e/idempotent/site.yml`;
const runId = `run${process.pid}`;
let state: TestbedState;

function run(extra: string[]): { code: number; out: string } {
  const r = spawnSync(launcher, [playbook, '-i', state.files.inventory, '-e', `run_id=${runId}`, ...extra], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

function recap(out: string): Map<string, Record<string, number>> {
  const rows = new Map<string, Record<string, number>>();
  for (const m of out.matchAll(/^(\S+)\s+: (ok=.*)$/gm)) {
    rows.set(m[1] ?? '', Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)=(\d+)/g)].map((x) => [x[1] ?? '', Number(x[2])])));
  }
  return rows;
}

function checksums(): string {
  const r = spawnSync(launcher, ['adhoc', 'testbed', '-i', state.files.inventory, '-m', 'shell', '-a', `find /tmp/kr-e2e-idem/${runId} -exec stat -c '%n %a' {} + 2>/dev/null | sort; find /tmp/kr-e2e-idem/${runId} -type f -exec sha256sum {} + 2>/dev/null | sort; true`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => !/^\d+ hosts:/.test(l)).sort().join('\n');
}

before(async () => {
  state = await upTestbed(TEST_NODES);
});

test('the first run changes, the second reports changed=0 on every host', () => {
  const first = run([]);
  assert.equal(first.code, 0, first.out);
  for (const [host, row] of recap(first.out)) assert.ok((row.changed ?? 0) >= 4, `${host}: ${JSON.stringify(row)}`);
  assert.match(first.out, /RUNNING HANDLER \[Reload\]/);
  const second = run([]);
  assert.equal(second.code, 0, second.out);
  const rows = recap(second.out);
  assert.equal(rows.size, TEST_NODES);
  for (const [host, row] of rows) assert.equal(row.changed, 0, `${host} changed on the second run: ${second.out}`);
  assert.doesNotMatch(second.out, /RUNNING HANDLER/);
});

test('--check --diff on drifted hosts changes nothing and shows what would change', () => {
  spawnSync(launcher, ['adhoc', 'testbed', '-i', state.files.inventory, '-m', 'shell', '-a', `sed -i 's/^host = .*/host = drifted/' /tmp/kr-e2e-idem/${runId}/conf/service.conf`], { encoding: 'utf8' });
  const before = checksums();
  const checked = run(['--check', '--diff']);
  assert.equal(checked.code, 0, checked.out);
  assert.match(checked.out, /^-host = drifted$/m);
  assert.match(checked.out, /^\+host = node1$/m);
  for (const [host, row] of recap(checked.out)) assert.equal(row.changed, 1, `${host} would change only the config: ${JSON.stringify(row)}`);
  assert.equal(checksums(), before, 'check mode left every file as it was');
});



test('Ctrl-C: no new task starts, the recap is printed, exit 99', async () => {
  const child = spawn(launcher, [`${root}tests/fixtures/e2e/interrupt.yml`, '-i', state.files.inventory], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGINT'), 4000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c ?? -1);
    });
  });
  assert.equal(code, 99, out);
  assert.match(out, /PLAY RECAP/);
  assert.doesNotMatch(out, /TASK \[never reached\]/);
});
