/** Authentication and connect failures, each classified as the UnreachableError reason a user acts on. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UnreachableError } from '../../../src/errors.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { defaultTestUser, freePort, generateKey, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { settingsFor } from './helpers.js';

let sshd: LoopbackSshd;
let encrypted: LoopbackSshd;
before(async () => {
  sshd = await startLoopbackSshd({ user: defaultTestUser() });
  encrypted = await startLoopbackSshd({ user: defaultTestUser(), clientKeyPassphrase: 'open sesame' });
});
after(async () => {
  await sshd?.stop();
  await encrypted?.stop();
});

async function failure(p: Promise<unknown>): Promise<UnreachableError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UnreachableError, String(e));
    return e;
  }
  assert.fail('expected a failure');
}

function listen(onConnection: (s: import('node:net').Socket) => void): Promise<{ server: Server; port: number; connections: () => number }> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    onConnection(s);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : 0, connections: () => n });
    }),
  );
}

describe('authentication and connect failures', () => {
  it('a wrong key file: auth-failed naming the key tried', async () => {
    const wrong = await generateKey(join(sshd.dir, 'not-authorized'), 'ed25519');
    const pool = new ConnectionPool();
    const e = await failure(pool.get(settingsFor(sshd, { ansible_ssh_private_key_file: wrong.privateKeyFile })).exec('true'));
    assert.equal(e.reason, 'auth-failed');
    assert.ok(e.message.includes(`tried key ${wrong.privateKeyFile}`), e.message);
    assert.match(e.message, new RegExp(`authentication failed for ${sshd.user}@127\\.0\\.0\\.1:${sshd.port}`));
    await pool.closeAll();
  });

  it('a missing key file is named with the reason', async () => {
    const pool = new ConnectionPool();
    const e = await failure(pool.get(settingsFor(sshd, { ansible_ssh_private_key_file: '/nonexistent/id_x' })).exec('true'));
    assert.equal(e.reason, 'auth-failed');
    assert.match(e.message, /key \/nonexistent\/id_x not found/);
    await pool.closeAll();
  });

  it('an encrypted key: works with the passphrase, says so without it', async () => {
    const pool = new ConnectionPool();
    try {
      assert.equal((await pool.get(settingsFor(encrypted, {}, { passphrase: 'open sesame' })).exec('echo in')).stdout, 'in\n');
    } finally {
      await pool.closeAll();
    }
    const none = await failure(new ConnectionPool().get(settingsFor(encrypted)).exec('true'));
    assert.equal(none.reason, 'auth-failed');
    assert.match(none.message, /is encrypted and no passphrase was given/);
    const bad = await failure(new ConnectionPool().get(settingsFor(encrypted, {}, { passphrase: 'wrong' })).exec('true'));
    assert.match(bad.message, /wrong passphrase/);
  });

  it('nothing listening: refused', async () => {
    const port = await freePort();
    const pool = new ConnectionPool();
    const e = await failure(pool.get(settingsFor(sshd, { ansible_port: port })).exec('true'));
    assert.equal(e.reason, 'refused');
    assert.match(e.message, /connection refused by 127\.0\.0\.1:\d+/);
  });

  it('a server that never speaks SSH: timeout after the connect timeout', async () => {
    const silent = await listen(() => {});
    const pool = new ConnectionPool();
    const t0 = performance.now();
    const e = await failure(pool.get(settingsFor(sshd, { ansible_port: silent.port, ansible_timeout: 0.5 })).exec('true'));
    assert.equal(e.reason, 'timeout');
    assert.ok(performance.now() - t0 < 3000);
    silent.server.close();
  });

  it('a reset during the handshake: retried once, then reset', async () => {
    const rude = await listen((s) => s.destroy());
    const pool = new ConnectionPool();
    const e = await failure(pool.get(settingsFor(sshd, { ansible_port: rude.port })).exec('true'));
    assert.equal(e.reason, 'reset');
    assert.equal(rude.connections(), 2, 'one retry');
    rude.server.close();
  });

  it('a failure is not cached: the next command tries again', async () => {
    const port = await freePort();
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd, { ansible_port: port }));
    await failure(c.exec('true'));
    await failure(c.exec('true'));
    assert.equal(pool.opened, 0);
  });
});
