/**
 * A task's action on a local host: debug's `var` and assert's `that` read
 * as expressions, the task's connection keywords, check_mode per task, and
 * a module's facts reaching the host's variables.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { HostResultEvent } from '../../../src/output/events.js';
import { runIn, scratch, type RunOutcome } from './run-helper.js';

function play(tasks: string, header = ''): string {
  return `- hosts: all\n  gather_facts: false\n${header}  tasks:\n${tasks.replace(/^(?=.)/gm, '    ')}\n`;
}

/** The results of the host's tasks (loop summaries and items left out), in order. */
function results(outcome: RunOutcome): HostResultEvent[] {
  return outcome.events.flatMap((e) => (e.type === 'host_result' && e.item === undefined && !e.loopSummary ? [e as HostResultEvent] : []));
}

/** Runs `tasks` on a local host whose colour is red; returns each task's status and result. */
async function runTasks(tasks: string, header = ''): Promise<{ outcome: RunOutcome; dir: string; shown: Array<[string, Record<string, unknown>]> }> {
  const dir = scratch({ hosts: 'h1 ansible_connection=local colour=red\n' });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'site.yml'), play(tasks, `  vars: { none_value: null, out: "${path.join(dir, 'out')}" }\n${header}`));
  const outcome = await runIn(dir);
  return { outcome, dir, shown: results(outcome).map((r) => [r.status, r.result as Record<string, unknown>]) };
}

test("debug's var: a defined value, or VARIABLE IS NOT DEFINED! for an undefined variable or attribute; other errors fail", async () => {
  const { shown } = await runTasks(`- debug: { var: colour }
- debug: { var: missing }
- debug: { var: colour.nope }
- debug: { var: none_value }
- debug: { var: "colour | from_json" }
  ignore_errors: true
`);
  assert.deepEqual(
    shown.map(([status, r]) => [status, Object.fromEntries(Object.entries(r).filter(([k]) => !['changed', 'failed', '_ansible_verbose_always', 'msg'].includes(k)))]),
    [
      ['ok', { colour: 'red' }],
      ['ok', { missing: 'VARIABLE IS NOT DEFINED!' }],
      ['ok', { 'colour.nope': 'VARIABLE IS NOT DEFINED!' }],
      ['ok', { none_value: null }],
      ['failed', {}],
    ],
  );
  assert.match(String(shown[4]?.[1].msg), /from_json/);
});

test("assert's that: each condition evaluated, one or a list", async () => {
  const { shown } = await runTasks(`- assert: { that: [colour == 'red', "1 == 1"] }
- assert: { that: "colour == 'blue'" }
  ignore_errors: true
`);
  assert.deepEqual(shown[0], ['ok', { changed: false, msg: 'All assertions passed', _ansible_verbose_always: true, failed: false }]);
  assert.deepEqual(shown[1], ['failed', { changed: false, failed: true, assertion: "colour == 'blue'", evaluated_to: false, msg: 'Assertion failed' }]);
});

test('check_mode on a task runs that task in check mode', async () => {
  const { shown, dir } = await runTasks(`- copy: { content: x, dest: "{{ out }}" }
  check_mode: true
- command: echo hi
  check_mode: yes
`);
  assert.deepEqual(
    shown.map(([status]) => status),
    ['changed', 'skipped'],
  );
  assert.equal(existsSync(path.join(dir, 'out')), false, 'check mode wrote the file');
});

test('a play-level connection keyword is used when the host sets none', async () => {
  const dir = scratch({ hosts: 'h1\n', 'site.yml': '- hosts: all\n  gather_facts: false\n  connection: local\n  tasks:\n    - command: echo hi\n' });
  const outcome = await runIn(dir);
  assert.deepEqual(
    results(outcome).map((r) => [r.status, r.result.stdout]),
    [['changed', 'hi']],
  );
});

test('an unsupported connection or a port that is no number fails the task, naming it', async () => {
  const { shown } = await runTasks(`- command: echo hi
  connection: telnet
  ignore_errors: true
- command: echo hi
  port: nope
  ignore_errors: true
- command: echo hi
  remote_user: somebody
  port: 2222
`);
  assert.deepEqual(
    shown.map(([status, r]) => [status, String(status === 'failed' ? r.msg : r.stdout).replace(/^.*?: (?=connection|port)/, '')]),
    [
      ['failed', 'connection: only "ssh" and "local" are supported, got "telnet"'],
      ['failed', 'port must be a port number, got "nope"'],
      ['changed', 'hi'],
    ],
  );
});

test("a module's facts become the host's variables", async () => {
  const { shown } = await runTasks(`- setup: { gather_subset: ["!all"] }
- debug: { msg: "{{ ansible_facts.hostname is defined }} {{ ansible_hostname is defined }}" }
`);
  assert.deepEqual(shown[1]?.[1].msg, 'True True');
});

test("a task's connection keyword is not mixed up with another task's on the same host", async () => {
  // The first task runs locally; the second must try SSH (nothing listens on port 1), not reuse the first's settings.
  const dir = scratch({
    hosts: 'h1 ansible_host=127.0.0.1 ansible_port=1\n',
    'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - command: echo local
      connection: local
    - command: echo ssh
      connection: ssh
      ignore_unreachable: true
`,
  });
  const outcome = await runIn(dir);
  assert.deepEqual(
    results(outcome).map((r) => r.status),
    ['changed', 'unreachable'],
  );
});

test('become and become_user on a task decide whom its command runs as, unless the host sets ansible_become or ansible_become_user', async () => {
  // A stand-in for sudo (become_exe) that runs the command with the user it was asked for in BECAME.
  // Expectations read from ansible-playbook 2.14 (pipelining on): its task executor takes the variables over the keywords.
  const dir = scratch({
    'fake-sudo': '#!/bin/sh\nwhile [ "$1" != "-u" ]; do shift; done\nBECAME="$2"; export BECAME; shift 2\nexec "$@"\n',
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - shell: echo "\${BECAME:-nobody}"
    - shell: echo "\${BECAME:-nobody}"
      become: true
      # Ansible does not become the user it already is: root here, unless the test runs as another.
      when: inventory_hostname != 'plain'
    - shell: echo "\${BECAME:-nobody}"
      become_user: bob
    - shell: echo "\${BECAME:-nobody}"
      become: false
    - shell: echo "\${BECAME:-nobody}"
      become: true
      become_user: bob
`,
  });
  const { chmodSync, writeFileSync } = await import('node:fs');
  chmodSync(path.join(dir, 'fake-sudo'), 0o755);
  const exe = `ansible_connection=local ansible_become_exe=${path.join(dir, 'fake-sudo')}`;
  writeFileSync(path.join(dir, 'hosts'), `asks ${exe} ansible_become_user=dave\nbecomes ${exe} ansible_become=true ansible_become_user=carol\nplain ${exe}\n`);
  const outcome = await runIn(dir);
  const ranAs = (host: string) => results(outcome).flatMap((r) => (r.host === host ? [r.status === 'skipped' ? 'skipped' : r.result.stdout ?? r.result.msg] : []));
  assert.deepEqual(ranAs('asks'), ['nobody', 'dave', 'nobody', 'nobody', 'dave']);
  assert.deepEqual(ranAs('becomes'), ['carol', 'carol', 'carol', 'carol', 'carol']);
  assert.deepEqual(ranAs('plain'), ['nobody', 'skipped', 'nobody', 'nobody', 'bob']);
});

test("a task's port keyword is the one its connection tries", async () => {
  // Nothing listens on ports 1 and 2 of this machine: the refusal names the port each task tried.
  const dir = scratch({
    hosts: 'h1 ansible_host=127.0.0.1\n',
    'site.yml': `- hosts: h1
  gather_facts: false
  connection: ssh
  tasks:
    - command: echo one
      port: 1
      ignore_unreachable: true
    - command: echo two
      port: 2
      ignore_unreachable: true
`,
  });
  const outcome = await runIn(dir);
  assert.deepEqual(
    results(outcome).map((r) => [r.status, /127\.0\.0\.1:\d+/.exec(String(r.result.msg))?.[0]]),
    [
      ['unreachable', '127.0.0.1:1'],
      ['unreachable', '127.0.0.1:2'],
    ],
  );
});

test('diff on a task shows that task\'s changes whatever --diff says, and --diff shows every task\'s', async () => {
  const tasks = `- copy: { content: a, dest: "{{ out }}" }
  diff: true
- copy: { content: b, dest: "{{ out }}" }
- copy: { content: c, dest: "{{ out }}" }
  diff: false
`;
  const shownDiffs = async (diff: boolean) => {
    const dir = scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': play(tasks, `  vars: { out: "${'{{ playbook_dir }}'}/out" }\n`) });
    return results(await runIn(dir, 'site.yml', 'hosts', { diff })).map((r) => r.diff !== undefined);
  };
  assert.deepEqual(await shownDiffs(false), [true, false, false]);
  assert.deepEqual(await shownDiffs(true), [true, true, false]);
});

test('a file the controller cannot find fails the task, saying which', async () => {
  // A templated name: the load-time check leaves it to the run.
  const { shown, dir } = await runTasks(`- copy: { src: "{{ 'nowhere' }}.txt", dest: "{{ out }}" }
  ignore_errors: true
`);
  // The first place looked in is the one named: files/ beside the playbook, for a task outside a role.
  assert.deepEqual(
    shown.map(([status, r]) => [status, /could not find or read \w+ "[^"]+" \(looked for [^)]+\)/.exec(String(r.msg))?.[0]]),
    [['failed', `could not find or read file "nowhere.txt" (looked for ${path.join(dir, 'files', 'nowhere.txt')})`]],
  );
});
