/**
 * Read-ahead through the whole executor, on a host reached with
 * ansible_connection=local (its commands really run): how many execs a run
 * takes, and that it reports the same as a run without read-ahead.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadPlaybooks, runPlaybooks } from '../../../src/executor/playbook-runner.js';
import { loadInventory } from '../../../src/inventory/index.js';
import type { RunEvent } from '../../../src/output/events.js';
import { scratch } from './run-helper.js';

const FILES = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Twelve file tasks under `{{ root }}`: all change on a first run, none on the next. */
const playbook = (root: string) => `
- hosts: all
  gather_facts: false
  vars:
    root: ${root}
  tasks:
    - file: { path: "{{ root }}", state: directory }
${FILES.map((f) => `    - copy: { content: "${f}\\n", dest: "{{ root }}/${f}" }`).join('\n')}
    - template: { src: t.j2, dest: "{{ root }}/t" }
    - lineinfile: { path: "{{ root }}/lines", line: more, create: true }
    - file: { path: "{{ root }}/b", mode: "0600" }
    - copy: { content: "{{ item }}\\n", dest: "{{ root }}/{{ item }}.item" }
      loop: [x, y, z]
    - lineinfile: { path: "{{ root }}/lines", line: more, create: true }
`;

interface Outcome {
  execs: number;
  /** Each task's status on the host, in order. */
  statuses: string[];
}

async function run(dir: string, options: { readAhead: boolean; check?: boolean; diff?: boolean; forks?: number }): Promise<Outcome> {
  const loaded = await loadPlaybooks([path.join(dir, 'site.yml')]);
  const inventory = await loadInventory(['hosts'], { cwd: dir, playbookDir: dir });
  const events: RunEvent[] = [];
  const result = await runPlaybooks({
    loaded,
    inventory,
    extraVars: {},
    options: { check: options.check ?? false, diff: options.diff ?? false, forks: options.forks ?? 5, verbosity: 0, tags: [], skipTags: [], forceHandlers: false, connection: {}, readAhead: options.readAhead },
    reporter: { emit: (e) => void events.push(e), close: async () => {} },
  });
  assert.equal(result.exitCode, 0);
  const statuses = events.flatMap((e) => (e.type === 'host_result' && e.item === undefined ? [`${e.task.action}:${e.status}`] : []));
  return { execs: result.roundTrips.get('localhost')?.execs ?? 0, statuses };
}

/** A fresh folder with the inventory, the template and the playbook; the play writes below `dir/out`. */
function setup(): string {
  const dir = scratch({ hosts: 'localhost ansible_connection=local\n', 't.j2': 'host {{ inventory_hostname }}\n' });
  writeFileSync(path.join(dir, 'site.yml'), playbook(path.join(dir, 'out')));
  return dir;
}

describe('read-ahead in a playbook run', () => {
  it('a rerun with nothing to change takes a few execs, not one per task, and reports the same', async () => {
    const dir = setup();
    const first = await run(dir, { readAhead: true });
    assert.ok(first.statuses.every((s) => !s.endsWith(':failed')), first.statuses.join(' '));
    const without = await run(dir, { readAhead: false });
    const withAhead = await run(dir, { readAhead: true });
    assert.ok(withAhead.statuses.every((s) => s.endsWith(':ok')), withAhead.statuses.join(' '));
    assert.deepEqual(withAhead.statuses, without.statuses);
    // One exec per module run without it (14 runs, the loop's 3 items each one).
    assert.equal(without.execs, 14);
    assert.ok(withAhead.execs <= 4, `${withAhead.execs} execs with read-ahead`);
    // Check and diff mode query too: the same answers, no more execs.
    const checked = await run(dir, { readAhead: true, check: true, diff: true });
    assert.deepEqual(checked.statuses, without.statuses);
    assert.ok(checked.execs <= 4, `${checked.execs} execs in check mode`);
  });

  it('a first run, where every task changes, costs what it costs without read-ahead', async () => {
    const dir = setup();
    const withAhead = await run(dir, { readAhead: true });
    const without = await run(setup(), { readAhead: false });
    assert.deepEqual(withAhead.statuses, without.statuses);
    assert.equal(withAhead.execs, without.execs);
  });

  it('forks 0 (a library caller\'s) still reads ahead, one host at a time', async () => {
    const dir = setup();
    await run(dir, { readAhead: true });
    const rerun = await run(dir, { readAhead: true, forks: 0 });
    assert.ok(rerun.statuses.every((s) => s.endsWith(':ok')), rerun.statuses.join(' '));
    assert.ok(rerun.execs <= 4, `${rerun.execs} execs with read-ahead`);
  });

  it('a task with until is not read ahead: each attempt reads the host again', async () => {
    // The flag appears half a second after the first task; an answer read ahead would never show it.
    const dir = scratch({ hosts: 'localhost ansible_connection=local\n' });
    const flag = path.join(dir, 'flag');
    writeFileSync(
      path.join(dir, 'site.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - shell: (sleep 0.5; touch ${flag}) > /dev/null 2>&1 &
      changed_when: false
    - stat: { path: ${dir} }
    - stat: { path: ${flag} }
      register: seen
      until: seen.stat.exists
      retries: 5
      delay: 1
`,
    );
    const outcome = await run(dir, { readAhead: true });
    assert.deepEqual(outcome.statuses, ['shell:ok', 'stat:ok', 'stat:ok']);
  });

  it('a task whose when holds is read ahead with the others; one whose when is false reads nothing', async () => {
    const dir = scratch({ hosts: 'localhost ansible_connection=local\n' });
    const stats = (when: string) => FILES.map((f) => `    - stat: { path: ${path.join(dir, f)} }\n      when: ${when}\n`).join('');
    writeFileSync(path.join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n${stats('true')}${stats('false')}`);
    const outcome = await run(dir, { readAhead: true });
    assert.deepEqual(outcome.statuses, [...FILES.map(() => 'stat:ok'), ...FILES.map(() => 'stat:skipped')]);
    // The first task alone, then the window's tasks in one exec each time it opens.
    assert.ok(outcome.execs <= 3, `${outcome.execs} execs`);
  });
});
