import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchBroken } from '../../../src/executor/failures.js';
import { HostRun } from '../../../src/executor/state.js';
import { count } from '../../../src/executor/task-runner.js';
import { runIn, scratch } from './run-helper.js';

function hosts(...states: Array<'ok' | 'failed' | 'unreachable'>): HostRun[] {
  return states.map((s, i) => {
    const h = new HostRun(`h${i}`);
    if (s === 'failed') h.failed = true;
    if (s === 'unreachable') h.unreachable = true;
    return h;
  });
}

test('a batch is broken only when every host failed or is unreachable', () => {
  assert.equal(batchBroken(hosts('failed', 'unreachable')), true);
  assert.equal(batchBroken(hosts('failed', 'ok')), false);
  assert.equal(batchBroken([]), false);
});

test('recap counting follows Ansible: ignored failures are ok (and changed when they changed), ignored unreachable is ok', () => {
  const [h] = hosts('ok') as [HostRun];
  assert.equal(h.processed, false);
  count(h, { status: 'changed', ignored: false, result: { changed: true } });
  count(h, { status: 'failed', ignored: true, result: { changed: true } });
  count(h, { status: 'failed', ignored: true, result: { changed: false } });
  count(h, { status: 'unreachable', ignored: true, result: {} });
  count(h, { status: 'skipped', ignored: false, result: {} });
  assert.equal(h.processed, true);
  assert.deepEqual(h.stats, { ok: 4, changed: 2, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 3 });
  count(h, { status: 'failed', ignored: false, result: {} });
  count(h, { status: 'unreachable', ignored: false, result: {} });
  assert.equal(h.stats.failed, 1);
  assert.equal(h.stats.unreachable, 1);
});

test('any_errors_fatal written as a template is on, with a warning; other text is on too (Ansible reads it as written), without one', async () => {
  const warningsFor = async (fatal: string) => {
    const dir = scratch({
      hosts: 'h1 ansible_connection=local\nh2 ansible_connection=local\n',
      'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - fail: { msg: down }\n      when: inventory_hostname == 'h1'\n      any_errors_fatal: ${fatal}\n    - debug: { msg: went on }\n`,
    });
    const outcome = await runIn(dir);
    return { warnings: outcome.events.flatMap((e) => (e.type === 'warning' ? [e.message.replace(/ \(.*\)$/, '')] : [])), wentOn: outcome.msgs.h2 ?? [] };
  };
  assert.deepEqual(await warningsFor('"{{ false }}"'), {
    warnings: ['any_errors_fatal: "{{ false }}" is a template: Ansible does not render it, so it is on, whatever the template gives'],
    wentOn: [],
  });
  assert.deepEqual(await warningsFor('"no"'), { warnings: [], wentOn: [] });
  assert.deepEqual(await warningsFor('false'), { warnings: [], wentOn: ['went on'] });
});
