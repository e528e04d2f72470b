import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pauseModule } from '../../../src/modules/pause.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
before(async () => {
  host = await moduleHost(2);
});
after(async () => host.close());

test('seconds: waits, ok, Ansible\'s fields', { timeout: 30_000 }, async () => {
  const t0 = Date.now();
  const out = await host.run(pauseModule, { seconds: 1 });
  assert.ok(Date.now() - t0 >= 1000);
  assert.equal(out.status, 'ok');
  assert.equal(out.result.changed, false);
  assert.equal(out.result.delta, 1);
  assert.match(String(out.result.stdout), /^Paused for 1(\.\d+)? seconds$/);
  assert.equal(out.result.user_input, '');
  assert.equal(out.result.echo, true);
  assert.match(String(out.result.start), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
});

test('a templated string duration is accepted, and less than 1 s waits 1 s', { timeout: 30_000 }, async () => {
  const out = await host.run(pauseModule, { seconds: '0' }, { check: true });
  assert.equal(out.status, 'ok');
  assert.equal(out.result.delta, 1);
});

test('prompt, or no duration, is a clear error', async () => {
  const prompt = await host.run(pauseModule, { prompt: 'Continue?' });
  assert.equal(prompt.status, 'failed');
  assert.match(String(prompt.result.msg), /"prompt" is not supported/);
  const none = await host.run(pauseModule, {});
  assert.equal(none.status, 'failed');
  assert.match(String(none.result.msg), /"seconds" or "minutes"/);
});

test('invalid parameters are rejected naming the parameter', async () => {
  const bad = await host.run(pauseModule, { seconds: 'soon' });
  assert.match(String(bad.result.msg), /"seconds"/);
  const both = await host.run(pauseModule, { seconds: 1, minutes: 1 });
  assert.match(String(both.result.msg), /mutually exclusive/);
  const unknown = await host.run(pauseModule, { seconds: 1, wait: 2 });
  assert.match(String(unknown.result.msg), /"wait"/);
});
