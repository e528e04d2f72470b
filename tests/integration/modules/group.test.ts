import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { groupCommand, groupModule, groupParams } from '../../../src/modules/group.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
const name = `krg${process.pid.toString(36)}`;
before(async () => {
  host = await moduleHost(2);
});
after(async () => {
  await host.sh(`groupdel ${name} 2>/dev/null; true`);
  await host.close();
});
const getent = () => host.sh(`getent group ${name} || true`);

test('create with a gid: check mode changes nothing, then changed, then ok; registered fields', { timeout: 60_000 }, async () => {
  const checked = await host.run(groupModule, { name, gid: 24567, system: true }, { check: true });
  assert.equal(checked.status, 'changed');
  assert.equal(await getent(), '');
  const first = await host.run(groupModule, { name, gid: 24567, system: true });
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.deepEqual(first.result, { changed: true, name, state: 'present', system: true, gid: 24567 });
  assert.match(await getent(), new RegExp(`^${name}:x:24567:`));
  const second = await host.run(groupModule, { name, gid: 24567, system: true });
  assert.equal(second.status, 'ok');
  assert.equal(second.result.gid, 24567);
});

test('a new gid changes the group', { timeout: 60_000 }, async () => {
  const out = await host.run(groupModule, { name, gid: 24568 });
  assert.equal(out.status, 'changed');
  assert.equal(out.result.gid, 24568);
  assert.equal((await host.run(groupModule, { name })).status, 'ok');
});

test('remove: changed, then ok', { timeout: 60_000 }, async () => {
  const out = await host.run(groupModule, { name, state: 'absent' });
  assert.equal(out.status, 'changed');
  assert.deepEqual(out.result, { changed: true, name, state: 'absent' });
  assert.equal(await getent(), '');
  assert.equal((await host.run(groupModule, { name, state: 'absent' })).status, 'ok');
});

test('command construction', () => {
  assert.equal(groupCommand(groupParams.parse({ name: 'a b', gid: '10', system: 'yes' }), undefined)?.toDisplay(), "groupadd -g 10 -r 'a b'");
  assert.equal(groupCommand(groupParams.parse({ name: 'x', gid: 11 }), { name: 'x', gid: 10, members: [] })?.toDisplay(), 'groupmod -g 11 x');
  assert.equal(groupCommand(groupParams.parse({ name: 'x' }), { name: 'x', gid: 10, members: [] }), undefined);
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await host.run(groupModule, { name, gid: 'many' })).result.msg), /"gid"/);
  assert.match(String((await host.run(groupModule, { name, members: ['x'] })).result.msg), /"members"/);
  assert.match(String((await host.run(groupModule, { name, non_unique: true })).result.msg), /gid/);
});
