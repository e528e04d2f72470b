/**
 * The round-trip counter bench/ prints beside its times: every command a
 * host is asked for (exec, put, get) is counted once, under that host's
 * inventory name, and KOLLA_RUN_ROUND_TRIPS=FILE makes a playbook run write
 * the counts without changing what it prints.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { connectionSettingsFromVars } from '../../../src/connection/settings.js';
import { runCli } from '../../support/cli.js';

const local = (name: string) => connectionSettingsFromVars(name, { ansible_connection: 'local' }, { sshConfig: false, globalKnownHostsFiles: [] });

describe('round trips per host', () => {
  it('counts each exec, put and get once, per inventory name (two names on one transport stay apart)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kr-round-trips-'));
    const pool = new ConnectionPool();
    try {
      const a = pool.get(local('a'));
      await a.exec('true');
      await a.exec('echo hi', { stdin: 'x' });
      await a.put('data\n', join(dir, 'f'));
      assert.equal((await a.get(join(dir, 'f'))).toString(), 'data\n');
      await pool.get(local('b')).exec('true');
      assert.deepEqual(Object.fromEntries(pool.roundTrips()), { a: { execs: 4, sockets: 0 }, b: { execs: 1, sockets: 0 } });
    } finally {
      await pool.closeAll();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('KOLLA_RUN_ROUND_TRIPS=FILE: a playbook run writes each host\'s count there; the output does not change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kr-round-trips-'));
    try {
      await writeFile(join(dir, 'hosts'), 'h1 ansible_connection=local\nh2 ansible_connection=local\n');
      await writeFile(
        join(dir, 'site.yml'),
        ['- hosts: all', '  gather_facts: false', '  tasks:', '    - command: "true"', '    - command: "true"', '    - debug:', '        msg: no round trip', '    - command: "true"', ''].join('\n'),
      );
      const args = [join(dir, 'site.yml'), '-i', join(dir, 'hosts')];
      const counts = join(dir, 'counts.json');
      const plain = await runCli(args, { env: { ...process.env, KOLLA_RUN_ROUND_TRIPS: '' } });
      const counted = await runCli(args, { env: { ...process.env, KOLLA_RUN_ROUND_TRIPS: counts } });
      assert.equal(counted.code, 0, counted.stderr);
      assert.deepEqual(JSON.parse(await readFile(counts, 'utf8')), { hosts: { h1: { execs: 3, sockets: 0 }, h2: { execs: 3, sockets: 0 } } });
      // Hosts finish in either order, and the run time varies: the same lines, else.
      const lines = (text: string) => text.split('\n').filter((l) => !l.startsWith('Run time:')).sort();
      assert.deepEqual(lines(counted.stdout), lines(plain.stdout));
      assert.deepEqual(lines(counted.stderr), lines(plain.stderr));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
