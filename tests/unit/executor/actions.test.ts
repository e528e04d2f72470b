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
