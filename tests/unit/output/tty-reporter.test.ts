/**
 * The live view through a real pseudo-terminal (util-linux `script`): tasks
 * collapse to one line with their counts, a failure is expanded under its
 * task by its message, debug output shows, and the recap follows. Without a TTY the same run prints Ansible's
 * stable line format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { terminalColumns } from '../../../src/output/tty-reporter.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const playbook = `${root}tests/fixtures/output/local.yml`;
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '');

test('on a terminal: listr2 view with collapsed tasks, failures expanded, then the recap', () => {
  const command = `stty cols 120 rows 40; ${root}bin/kolla-run ${playbook} -i ${root}tests/fixtures/output/inventory`;
  const result = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', cwd: root });
  const screen = stripAnsi(result.stdout).split(/\r?\n|\r/);
  assert.equal(result.status, 2, result.stdout);
  assert.ok(screen.some((l) => /^✔ TASK \[Say hello\] ok=1 \(\d+\.\d s\)$/.test(l.trim())), screen.join('\n'));
  assert.ok(screen.some((l) => /^✔ TASK \[Break\] failed=1 /.test(l.trim())), 'an ignored failure does not mark the task failed');
  assert.ok(screen.some((l) => /^✖ TASK \[Fail for real\] failed=1/.test(l.trim())), screen.join('\n'));
  assert.ok(screen.some((l) => l.trim() === 'FAILED [localhost]: broken on purpose'), 'the failure by its message, not the whole result');
  assert.ok(screen.some((l) => l.trim().endsWith('[localhost] hello')), 'debug output is shown');
  assert.ok(screen.some((l) => l.trim().endsWith('FAILED [localhost] (ignored): non-zero return code (rc=1)')), 'an ignored failure is shown as such');
  assert.ok(screen.some((l) => /^localhost\s+: ok=2\s+changed=1\s+unreachable=0\s+failed=1\s+skipped=0\s+rescued=0\s+ignored=1/.test(l)));
});

test('a terminal of size 0 (script without one of its own): wrapped at COLUMNS, else 80, never a character a line', () => {
  const command = `stty cols 0 rows 0; ${root}bin/kolla-run ${playbook} -i ${root}tests/fixtures/output/inventory`;
  for (const [columns, width] of [['100', 100], [undefined, 80]] as const) {
    const env = { ...process.env, COLUMNS: columns };
    if (columns === undefined) delete env.COLUMNS;
    const result = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', cwd: root, env });
    const screen = stripAnsi(result.stdout).split(/\r?\n|\r/);
    assert.equal(result.status, 2, result.stdout);
    assert.ok(screen.some((l) => /^✖ TASK \[Fail for real\] failed=1/.test(l.trim())), screen.join('\n'));
    assert.ok(screen.some((l) => l.trim() === 'FAILED [localhost]: broken on purpose'), screen.join('\n'));
    // The recap is Ansible's fixed-width text; the live view above it is what listr2 wrapped.
    const live = screen.slice(0, screen.findIndex((l) => l.startsWith('PLAY RECAP')));
    assert.ok(live.every((l) => l.length <= width), `${columns ?? 'no COLUMNS'}: a line wider than ${width}:\n${screen.join('\n')}`);
  }
});

test('terminalColumns: the size the terminal reports, else COLUMNS, else 80', () => {
  assert.equal(terminalColumns(132, { COLUMNS: '100' }), 132);
  assert.equal(terminalColumns(0, { COLUMNS: '100' }), 100);
  assert.equal(terminalColumns(undefined, {}), 80);
  assert.equal(terminalColumns(0, { COLUMNS: 'wide' }), 80);
  assert.equal(terminalColumns(0, { COLUMNS: '0' }), 80);
});

test('without a terminal: the stable line format', () => {
  const result = spawnSync(`${root}bin/kolla-run`, [playbook, '-i', `${root}tests/fixtures/output/inventory`], { encoding: 'utf8', cwd: root });
  assert.equal(result.status, 2);
  const head = result.stdout.split('\n').slice(0, 19).join('\n');
  assert.equal(
    head,
    [
      '',
      'PLAY [Local play] **************************************************************',
      '',
      'TASK [Say hello] ***************************************************************',
      'ok: [localhost] => {',
      '    "msg": "hello"',
      '}',
      '',
      'TASK [Break] *******************************************************************',
      /fatal: \[localhost\]: FAILED! => .*/.exec(result.stdout)?.[0] ?? 'missing fatal line',
      '...ignoring',
      '',
      'TASK [Fail for real] ***********************************************************',
      'fatal: [localhost]: FAILED! => {"changed": false, "msg": "broken on purpose"}',
      '',
      'PLAY RECAP *********************************************************************',
      'localhost                  : ok=2    changed=1    unreachable=0    failed=1    skipped=0    rescued=0    ignored=1   ',
      '',
      /^Run time: \d+\.\d\d s$/m.exec(result.stdout)?.[0] ?? 'missing run time',
    ].join('\n'),
  );
  // The slowest tasks only for who asks for more (-v).
  assert.doesNotMatch(result.stdout, /Slowest tasks/);
  const verbose = spawnSync(`${root}bin/kolla-run`, [playbook, '-i', `${root}tests/fixtures/output/inventory`, '-v'], { encoding: 'utf8', cwd: root });
  assert.match(verbose.stdout, /^Slowest tasks:\n +\d+\.\d\d s {2}\S/m);
  assert.match(result.stdout, /fatal: \[localhost\]: FAILED! => \{"changed": true, "cmd": \["\/bin\/false"\], "delta": "[^"]+", "end": "[^"]+", "msg": "non-zero return code", "rc": 1, /);
});
