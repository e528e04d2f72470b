/**
 * Leases on a testbed: the guard that keeps another checkout's `up` from tearing down a testbed
 * a run still uses.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { holdLease, liveLeases, processRuns } from '../../../src/testbed/leases.js';

const leasesModule = fileURLToPath(new URL('../../../src/testbed/leases.js', import.meta.url));

test('a process holding a lease is listed; a lease of a process that has gone, or a stray file, is removed', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kr-lease-'));
  assert.deepEqual(liveLeases(stateDir), [], 'no leases folder yet');
  holdLease(stateDir);
  holdLease(stateDir);
  assert.deepEqual(readdirSync(join(stateDir, 'leases')), [String(process.pid)], 'one file, named after the pid');
  const gone = spawnSync('true').pid;
  assert.ok(gone !== undefined && !processRuns(gone));
  writeFileSync(join(stateDir, 'leases', String(gone)), 'old run\n');
  writeFileSync(join(stateDir, 'leases', 'notes'), '');
  assert.deepEqual(liveLeases(stateDir), [process.pid]);
  assert.deepEqual(readdirSync(join(stateDir, 'leases')), [String(process.pid)]);
});

test("a lease ends with its process: the file is removed at exit", () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kr-lease-'));
  mkdirSync(join(stateDir, 'leases'));
  const script = [
    "import { readdirSync } from 'node:fs';",
    `import { holdLease } from ${JSON.stringify(leasesModule)};`,
    `holdLease(${JSON.stringify(stateDir)});`,
    `console.log(process.pid, readdirSync(${JSON.stringify(join(stateDir, 'leases'))}).join(','));`,
  ].join(' ');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [pid = '', held = ''] = r.stdout.trim().split(' ');
  assert.equal(held, pid, 'held while it ran');
  assert.equal(existsSync(join(stateDir, 'leases', pid)), false, 'gone after it exited');
});

test('processRuns: this process runs; one that has exited does not', () => {
  assert.equal(processRuns(process.pid), true);
  const pid = spawnSync('true').pid;
  assert.ok(pid !== undefined);
  assert.equal(processRuns(pid), false);
});
