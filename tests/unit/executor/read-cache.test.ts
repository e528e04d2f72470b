import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Command, ConnectionPool, connectionSettingsFromVars } from '../../../src/connection/index.js';
import { moduleContext, NotAPlainRead } from '../../../src/executor/module-context.js';
import { ReadCache } from '../../../src/executor/read-cache.js';
import { tempDirSync } from '../../support/temp-dir.js';

// A real local shell: each read really runs, and the pool counts the execs it took.
const pool = new ConnectionPool();
const settings = connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false, globalKnownHostsFiles: [] });
const connection = pool.get(settings);
after(() => pool.closeAll());
const execs = () => pool.roundTrips().get('localhost')?.execs ?? 0;

describe('read cache and read-ahead contexts', () => {
  it('reads asked together ahead of time cost one exec, and the read-only query is then answered without one', async () => {
    const cache = new ReadCache();
    const ahead = moduleContext('localhost', connection, {}, { cache, mode: 'read-ahead' });
    const start = execs();
    const [a, b, c] = await Promise.all([ahead.run('echo a'), ahead.run('echo b'), ahead.get('/etc/hostname')]);
    assert.equal(execs() - start, 1);
    assert.deepEqual([a.stdout, b.stdout, c?.length !== undefined], ['a\n', 'b\n', true]);
    const read = moduleContext('localhost', connection, {}, { cache, mode: 'read' });
    assert.equal((await read.run('echo b')).stdout, 'b\n');
    assert.equal(execs() - start, 1);
    // Not read ahead: asked of the host, and not kept.
    assert.equal((await read.run('echo d')).stdout, 'd\n');
    assert.equal(execs() - start, 2);
  });

  it('anything that may change a host empties the cache, for every host', async () => {
    const cache = new ReadCache();
    const ahead = moduleContext('localhost', connection, {}, { cache, mode: 'read-ahead' });
    await ahead.run('echo a');
    cache.cover('localhost', [settings], cache.epoch);
    const live = moduleContext('localhost', connection, {}, { cache, mode: 'live' });
    await live.run('true');
    assert.equal(cache.answer(connection, undefined, Command.raw('echo a')), undefined);
    assert.equal(cache.covers('localhost', settings), false);
  });

  it('the same command as another user, or with input or its own environment, is not the same read', async () => {
    const cache = new ReadCache();
    const ahead = moduleContext('localhost', connection, {}, { cache, mode: 'read-ahead' });
    await ahead.run('id -un');
    assert.equal(cache.answer(connection, { user: 'nobody' }, Command.raw('id -un')), undefined);
    await assert.rejects(ahead.run('cat', { stdin: 'x' }), NotAPlainRead);
    await assert.rejects(ahead.run('echo $X', { env: { X: '1' } }), NotAPlainRead);
    await assert.rejects(ahead.put('x', '/tmp/never-written'), NotAPlainRead);
  });

  it('reads taken before a change do not cover the tasks after it', () => {
    const cache = new ReadCache();
    const task = {};
    const epoch = cache.epoch;
    cache.invalidate();
    cache.cover('h', [task], epoch);
    assert.equal(cache.covers('h', task), false);
    cache.cover('h', [task], cache.epoch);
    assert.equal(cache.covers('h', task), true);
  });

  it('the window doubles per task that changed nothing (up to 64) and closes after a change', () => {
    const cache = new ReadCache();
    assert.equal(cache.window('h'), 1);
    for (let i = 0; i < 10; i++) cache.settle('h', false);
    assert.equal(cache.window('h'), 64);
    cache.settle('h', true);
    assert.equal(cache.window('h'), 1);
    cache.settle('h', false);
    assert.equal(cache.window('h'), 2);
    assert.equal(cache.window('other'), 1);
  });

  it("a query may open the engine's socket and keeps the cache; a live action's socket empties it; read-ahead refuses one", async () => {
    const socket = path.join(tempDirSync('kr-socket-'), 'engine.sock');
    const open = new Set<import('node:net').Socket>();
    const server = createServer((s) => {
      open.add(s);
      s.end('pong');
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const cache = new ReadCache();
      const ahead = moduleContext('localhost', connection, {}, { cache, mode: 'read-ahead' });
      await ahead.run('echo kept');
      await assert.rejects(ahead.openUnixSocket(socket), NotAPlainRead);
      const answered = () => cache.answer(connection, undefined, Command.raw('echo kept')) !== undefined;
      const pong = async (mode: 'read' | 'live') => {
        const stream = await moduleContext('localhost', connection, {}, { cache, mode }).openUnixSocket(socket);
        let text = '';
        for await (const chunk of stream) text += String(chunk);
        return text;
      };
      assert.deepEqual([await pong('read'), answered()], ['pong', true]);
      assert.deepEqual([await pong('live'), answered()], ['pong', false]);
    } finally {
      // A stream left open must not keep the test file running.
      for (const s of open) s.destroy();
      server.close();
    }
  });

  it('get: a file that is not there is none; one that cannot be read is an error', async () => {
    const live = moduleContext('localhost', connection, {}, { cache: new ReadCache(), mode: 'live' });
    const dir = tempDirSync('kr-get-');
    assert.equal(await live.get(path.join(dir, 'absent')), undefined);
    await assert.rejects(live.get(dir), /cannot read .*Is a directory/);
  });

  it('a read that failed is not kept: the query asks the host again', async () => {
    const cache = new ReadCache();
    const ctrlC = new AbortController();
    ctrlC.abort();
    await assert.rejects(cache.readAhead(connection, undefined, Command.raw('echo once'), ctrlC.signal));
    assert.equal(cache.answer(connection, undefined, Command.raw('echo once')), undefined);
  });

  it('reads ahead run as the become user asked for, and an answer is kept per become program and flags', async () => {
    // Stand-ins for sudo that run the command with the user asked for in BECAME.
    const dir = tempDirSync('kr-become-');
    const sudo = (name: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, '#!/bin/sh\nwhile [ "$1" != "-u" ]; do shift; done\nBECAME="$2"; export BECAME; shift 2\nexec "$@"\n');
      chmodSync(file, 0o755);
      return file;
    };
    const [one, two] = [sudo('one'), sudo('two')];
    const cache = new ReadCache();
    const become = { user: 'bob', exe: one, flags: '-H -S -n' };
    const ahead = moduleContext('localhost', connection, { become }, { cache, mode: 'read-ahead' });
    assert.equal((await ahead.run('echo "${BECAME:-nobody}"')).stdout, 'bob\n');
    const command = Command.raw('echo "${BECAME:-nobody}"');
    assert.notEqual(cache.answer(connection, become, command), undefined);
    assert.equal(cache.answer(connection, { ...become, exe: two }, command), undefined);
    assert.equal(cache.answer(connection, { ...become, flags: '-E' }, command), undefined);
  });
});
