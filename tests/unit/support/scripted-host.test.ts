/** The scripted host itself: an unscripted command fails the test, answers come from the latest rule, runs and writes are recorded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, secret } from '../../../src/connection/index.js';
import { scriptedHost, UnscriptedCommand } from '../../support/scripted-host.js';

test('a command the table does not answer throws, naming it, and fails run() though the runner catches it', async () => {
  const h = scriptedHost().on('getent group kolla', { stdout: 'kolla:x:42420:\n' });
  await assert.rejects(h.ctx.run('getent group other'), (err: unknown) => err instanceof UnscriptedCommand && err.message.includes('getent group other'));
  // group's query asks `getent group x`, which is not scripted: the runner would make it a failed task, run() fails the test.
  await assert.rejects(h.run('group', { name: 'x' }), (err: unknown) => err instanceof assert.AssertionError && /group ran a command the test did not script:\ngetent group x/.test(err.message));
});

test('the latest matching rule answers; argv commands are matched by their quoted text; writes are recorded', async () => {
  let gid = 10;
  const h = scriptedHost()
    .on(/^getent group /, { rc: 2 })
    .on("getent group 'a b'", () => ({ stdout: `a b:x:${gid}:\n` }))
    .onWrite(/^groupmod /);
  assert.equal((await h.ctx.run(Command.argv(['getent', 'group', 'a b']))).stdout, 'a b:x:10:\n');
  gid = 11;
  assert.equal((await h.ctx.run(Command.argv(['getent', 'group', 'a b']))).stdout, 'a b:x:11:\n');
  assert.equal((await h.ctx.run('getent group c')).rc, 2);
  assert.deepEqual(h.writes(), []);
  await h.ctx.run(Command.argv(['groupmod', '-g', '12', 'a b']), { cwd: '/tmp', stdin: 'x' });
  await h.ctx.put('text', '/etc/f', { mode: 0o600 });
  assert.deepEqual(h.writes(), ["groupmod -g 12 'a b'", 'put /etc/f']);
  assert.deepEqual([h.runs.at(-1)?.cwd, h.runs.at(-1)?.stdin], ['/tmp', 'x']);
  assert.equal((await h.ctx.get('/etc/f'))?.toString(), 'text');
  assert.equal(await h.ctx.get('/etc/none'), undefined);
  h.clear();
  assert.deepEqual([h.commands(), h.writes()], [[], []]);
});

test('secrets are sent as text but recorded masked for display', async () => {
  const h = scriptedHost().onWrite(/^chpasswd/);
  await h.ctx.run(Command.join([Command.raw('chpasswd'), Command.argv([secret('pw')])]));
  assert.deepEqual([h.runs[0]?.text, h.runs[0]?.display], ['chpasswd pw', 'chpasswd ********']);
});
