/** exec, pooling, channel limits, file transfer against a real OpenSSH server on loopback. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { defaultTestUser, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { RemoteCommandError } from '../../../src/connection/errors.js';
import { secret, shellQuote } from '../../../src/connection/command.js';
import { settingsFor } from './helpers.js';

let sshd: LoopbackSshd;
let home: string;

before(async () => {
  sshd = await startLoopbackSshd({ user: defaultTestUser() });
  const pool = new ConnectionPool();
  home = (await pool.get(settingsFor(sshd)).exec('mktemp -d')).stdout.trim();
  await pool.closeAll();
});
after(() => sshd?.stop());

const accepted = () => sshd.count(/Accepted publickey/);

describe('ssh exec', () => {
  it('returns rc, stdout and stderr; feeds stdin; exports env; binary-safe', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    const r = await c.exec('echo out; echo err >&2; exit 3');
    assert.deepEqual([r.rc, r.stdout, r.stderr], [3, 'out\n', 'err\n']);
    const s = await c.exec('tr a-z A-Z; echo "$GREETING"', { stdin: 'abc\n', env: { GREETING: "it's here" } });
    assert.equal(s.stdout, "ABC\nit's here\n");
    const bin = randomBytes(70_000);
    const b = await c.exec('cat', { stdin: bin, encoding: 'buffer' });
    assert.ok(b.stdout.equals(bin));
    const q = await c.exec(shellQuote(['printf', '%s|', "a b", "c'd", '$x', secret('s3')]));
    assert.equal(q.stdout, "a b|c'd|$x|s3|");
    assert.ok(!q.command.includes('s3'));
    await pool.closeAll();
  });

  it('200 commands in a row use one TCP connection', async () => {
    const before = await accepted();
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      const r = await c.exec(`echo ${i}`);
      assert.equal(r.stdout, `${i}\n`);
    }
    const ms = performance.now() - t0;
    assert.equal(pool.opened, 1);
    await pool.closeAll();
    assert.equal((await accepted()) - before, 1, 'one authenticated connection in the sshd log');
    console.log(`# 200 sequential exec over one connection: ${ms.toFixed(0)} ms (${(ms / 200).toFixed(2)} ms each, connect included)`);
  });

  it('50 concurrent commands on one host: no channel-open failure, at most 8 channels at once', async () => {
    const before = await accepted();
    const pool = new ConnectionPool();
    const settings = settingsFor(sshd);
    const c = pool.get(settings);
    let maxActive = 0;
    const watch = setInterval(() => (maxActive = Math.max(maxActive, pool.channels(settings)?.active ?? 0)), 5);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.exec(`sleep 0.05; echo ${i}`)));
    clearInterval(watch);
    results.forEach((r, i) => assert.deepEqual([r.rc, r.stdout], [0, `${i}\n`]));
    assert.ok(maxActive <= 8 && maxActive >= 2, `max channels seen ${maxActive}`);
    // A loaded sshd may free closed sessions late and refuse a channel: that is retried, never surfaced.
    console.log(`# 50 concurrent: max ${maxActive} channels open, ${pool.channels(settings)?.openRetries} refused-and-retried`);
    await pool.closeAll();
    assert.equal((await accepted()) - before, 1);
  });

  it('concurrent first commands share one connect', async () => {
    const before = await accepted();
    const pool = new ConnectionPool();
    const settings = settingsFor(sshd);
    await Promise.all([pool.get(settings).exec('true'), pool.get(settings).exec('true'), pool.connect(settings)]);
    await pool.closeAll();
    assert.equal((await accepted()) - before, 1);
  });

  it('handshakes in progress are capped; the others wait for a slot, then all connect', async () => {
    const many = await startLoopbackSshd({ user: defaultTestUser(), hostCount: 6 });
    try {
      const pool = new ConnectionPool({ maxHandshakes: 2 });
      const all = many.hosts.map((_, i) => pool.connect(settingsFor(many, {}, {}, i)));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(pool.handshakes, { limit: 2, active: 2, queued: 4 });
      await Promise.all(all);
      assert.equal(pool.opened, 6);
      assert.deepEqual(pool.handshakes, { limit: 2, active: 0, queued: 0 });
      await pool.closeAll();
    } finally {
      await many.stop();
    }
  });

  it('the channel limit is configurable', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd, {}, { maxChannels: 2 }));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => c.exec('sleep 0.2')));
    assert.ok(performance.now() - t0 >= 590, 'three waves of two');
    await pool.closeAll();
  });

  it('timeout and abort end the remote command', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    await assert.rejects(c.exec('sleep 10', { timeoutMs: 300 }), (e: unknown) => e instanceof RemoteCommandError && e.failure === 'timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop now')), 200);
    await assert.rejects(c.exec('sleep 10', { signal: ac.signal }), /stop now/);
    assert.equal((await c.exec('echo still-usable')).stdout, 'still-usable\n');
    await pool.closeAll();
  });

  it('a lost connection fails the running command as reset, and the next command reconnects', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    await c.exec('true');
    // Kill this connection's sshd process (the session's parent) from inside.
    await assert.rejects(c.exec('kill -9 $PPID; sleep 5'), (e: unknown) => (e as { reason?: string }).reason === 'reset');
    assert.equal((await c.exec('echo back')).stdout, 'back\n');
    assert.equal(pool.opened, 2);
    await pool.closeAll();
  });
});

describe('ssh file transfer', () => {
  it('put is atomic, sets the mode, and get returns the same 5 MB (binary-safe)', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    const data = randomBytes(5 * 1024 * 1024);
    const path = `${home}/blob.bin`;
    let t0 = performance.now();
    await c.put(data, path, { mode: 0o640 });
    const putMs = performance.now() - t0;
    t0 = performance.now();
    const back = await c.get(path);
    const getMs = performance.now() - t0;
    assert.ok(back.equals(data));
    assert.equal((await c.exec(`stat -c %a ${path}`)).stdout, '640\n');
    assert.equal((await c.exec(`ls -A ${home}`)).stdout, 'blob.bin\n', 'no temp file left');
    console.log(`# put 5 MB: ${putMs.toFixed(0)} ms, get 5 MB: ${getMs.toFixed(0)} ms`);
    await pool.closeAll();
  });

  it('replacing a file: readers see old or new content, never a partial file; streams work', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    const path = `${home}/config.json`;
    await c.put('{"v":1}', path);
    const inode = (await c.exec(`stat -c %i ${path}`)).stdout;
    await c.put(Readable.from(['{"v":', '2}']), path);
    assert.equal((await c.get(path)).toString(), '{"v":2}');
    assert.notEqual((await c.exec(`stat -c %i ${path}`)).stdout, inode, 'renamed over, not rewritten in place');
    await assert.rejects(c.put('x', `${home}/no/such/dir/f`), (e: unknown) => e instanceof RemoteCommandError && e.failure === 'transfer');
    await assert.rejects(c.get(`${home}/missing`), /cannot read/);
    await pool.closeAll();
  });

  it('put with owner/group (chown to the login user itself)', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(settingsFor(sshd));
    const group = (await c.exec('id -gn')).stdout.trim();
    await c.put('x', `${home}/owned`, { owner: sshd.user, group, mode: '0600' });
    assert.equal((await c.exec(`stat -c '%U:%G %a' ${home}/owned`)).stdout, `${sshd.user}:${group} 600\n`);
    await pool.closeAll();
  });
});
