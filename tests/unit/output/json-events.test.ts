/**
 * `--json` against its schema (src/output/json-events.ts): every event a
 * real run emits parses, on the controller (connection local) with serial
 * batches, loops (no_log too), an ignored failure, a diff, a handler and a
 * failing host; the fields a machine reads are right (play and batch on
 * results, item results shaped as task results plus `item`, per-host time,
 * the exit code in the recap). The same for `adhoc --json`.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { jsonEvent, JSON_EVENTS_VERSION, type JsonEvent } from '../../../src/output/json-events.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const dir = tempDirSync('kr-json-');
after(() => rmSync(dir, { recursive: true, force: true }));
const inventory = join(dir, 'inventory');
writeFileSync(inventory, '[g]\nh1 ansible_connection=local\nh2 ansible_connection=local\n');
// For ad-hoc: a host that answers and one whose port is closed (refused at once, on loopback).
const twoWays = join(dir, 'two-ways');
writeFileSync(twoWays, '[g]\nh1 ansible_connection=local\nh2 ansible_host=127.0.0.1 ansible_port=1\n');
let runs = 0;
const playbook = join(dir, 'site.yml');
writeFileSync(playbook, `
- name: Rolling
  hosts: g
  serial: 1
  gather_facts: false
  tasks:
    - name: Write a file
      copy: {content: "{{ inventory_hostname }}\\n", dest: "${dir}/out-{{ run }}-{{ inventory_hostname }}"}
      notify: Say so
    - name: Items
      debug: {msg: "{{ item }}"}
      loop: [a, b]
    - name: Hidden items
      debug: {msg: "{{ item }}"}
      loop: [s3cret-1, s3cret-2]
      no_log: true
    - name: Fails, ignored
      command: /bin/false
      ignore_errors: true
  handlers:
    - name: Say so
      debug: {msg: written}
- name: Last
  hosts: g
  gather_facts: false
  tasks:
    - name: Fail on h2
      fail: {msg: no}
      when: inventory_hostname == 'h2'
`);

function parse(lines: readonly string[]): JsonEvent[] {
  return lines.map((line, i) => {
    const parsed = jsonEvent.safeParse(JSON.parse(line));
    assert.ok(parsed.success, `line ${i + 1} does not match the schema: ${line}\n${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`);
    return parsed.data;
  });
}

const results = (events: JsonEvent[]) => events.filter((e): e is Extract<JsonEvent, { type: 'host_result' }> => e.type === 'host_result');

test('every event of a playbook run parses against the schema, with a version on each', async () => {
  const io = captureIO();
  const code = await main([playbook, '-i', inventory, '--json', '--diff', '-e', `run=${runs++}`], io);
  assert.equal(code, 2, io.stderr.join('\n'));
  const events = parse(io.stdout);
  assert.ok(events.every((e) => e.version === JSON_EVENTS_VERSION));
  const types = new Set(events.map((e) => e.type));
  for (const t of ['playbook_start', 'play_start', 'batch_start', 'task_start', 'host_start', 'host_result', 'play_end', 'recap'] as const) assert.ok(types.has(t), `a ${t} event`);
  const recap = events.at(-1);
  assert.equal(recap?.type, 'recap');
  assert.equal(recap?.type === 'recap' ? recap.exitCode : undefined, code, 'the recap carries the exit code');
  assert.ok(!io.stdout.join('\n').includes('s3cret'), 'no_log items stay hidden');
});

test('host results name their play and batch, take time, and loop items are task results plus `item`', async () => {
  const io = captureIO();
  await main([playbook, '-i', inventory, '--json', '--diff', '-e', `run=${runs++}`], io);
  const events = parse(io.stdout);
  const batches = events.filter((e) => e.type === 'batch_start');
  assert.deepEqual(batches.map((e) => e.type === 'batch_start' && [e.play, e.batch, e.batches, e.hosts]), [['Rolling', 1, 2, ['h1']], ['Rolling', 2, 2, ['h2']], ['Last', 1, 1, ['h1', 'h2']]]);
  const written = results(events).filter((e) => e.task.name === 'Write a file');
  assert.deepEqual(written.map((e) => [e.host, e.play, e.batch, e.status]), [['h1', 'Rolling', 1, 'changed'], ['h2', 'Rolling', 2, 'changed']]);
  assert.ok(written.every((e) => e.diff !== undefined && e.diff.after.startsWith(e.host)));
  assert.ok(results(events).every((e) => Number.isFinite(e.ms) && e.ms >= 0));
  const items = results(events).filter((e) => e.task.name === 'Items');
  const itemEvents = items.filter((e) => e.item !== undefined);
  const summaries = items.filter((e) => e.item === undefined);
  assert.deepEqual(itemEvents.map((e) => [e.host, e.item]), [['h1', 'a'], ['h1', 'b'], ['h2', 'a'], ['h2', 'b']]);
  assert.deepEqual(summaries.map((e) => [e.host, e.loopSummary]), [['h1', true], ['h2', true]]);
  const keys = (e: object) => Object.keys(e).filter((k) => k !== 'item').sort();
  assert.deepEqual(keys(itemEvents[0] as object), keys(summaries[0] as object), 'an item result has the keys of a task result');
  const hidden = results(events).filter((e) => e.task.name === 'Hidden items' && e.item !== undefined);
  assert.deepEqual(hidden.map((e) => [e.item, e.censored]), [[null, true], [null, true], [null, true], [null, true]]);
  const ignored = results(events).filter((e) => e.task.name === 'Fails, ignored');
  assert.deepEqual(ignored.map((e) => [e.status, e.ignored]), [['failed', true], ['failed', true]]);
  assert.ok(results(events).some((e) => e.task.handler && e.task.name === 'Say so' && e.batch === 2));
});

test('adhoc --json: the same events, one play of one task, exit code in the recap', async () => {
  const io = captureIO();
  const code = await main(['adhoc', 'g', '-i', twoWays, '-m', 'shell', '-a', 'echo hi', '--json', '--host-key-checking', 'off'], io);
  assert.equal(code, 4);
  const events = parse(io.stdout);
  assert.deepEqual(events.map((e) => e.type).filter((t) => t !== 'host_start' && t !== 'host_result'), ['play_start', 'batch_start', 'task_start', 'play_end', 'recap']);
  assert.deepEqual(results(events).map((e) => [e.host, e.status, e.play, e.batch]).sort(), [['h1', 'changed', 'Ansible Ad-Hoc', 1], ['h2', 'unreachable', 'Ansible Ad-Hoc', 1]]);
  const recap = events.at(-1);
  assert.ok(recap?.type === 'recap');
  assert.equal(recap.exitCode, 4);
  assert.deepEqual(recap.stats.h2, { ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 0, rescued: 0, ignored: 0 });
  assert.deepEqual(recap.stats.h1, { ok: 1, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });
});
