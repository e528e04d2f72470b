import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { ChannelLimiter } from '../../../src/connection/limiter.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { connectionSettingsFromVars } from '../../../src/connection/settings.js';
import { normalizeMode, putCommand } from '../../../src/connection/transfer.js';
import { RemoteCommandError } from '../../../src/connection/errors.js';
import { tempDir } from '../../support/temp-dir.js';

describe('putCommand', () => {
  it('one snippet: temp file in the same folder, chown, then chmod (chown clears setgid), mv -f, cleanup on failure', () => {
    const c = putCommand('/etc/kolla/my file.conf', { mode: 0o750, owner: 'kolla', group: 'kolla' }, 'abc');
    assert.equal(
      c.toShell(),
      `t='/etc/kolla/.my file.conf.krabc'; umask 077 && cat > "$t" && chown kolla:kolla "$t" && chmod 0750 "$t" && mv -f "$t" '/etc/kolla/my file.conf' || { rc=$?; rm -f "$t"; exit $rc; }`,
    );
  });

  it('a mode without execute or special bits is made by the umask alone (no chmod)', () => {
    assert.ok(putCommand('/etc/x', { mode: 0o640 }, 'abc').toShell().startsWith(`t=/etc/.x.krabc; umask 0137 && cat > "$t" && {`));
    assert.ok(putCommand('/etc/x', { mode: '0600' }, 'abc').toShell().includes('umask 0177 && cat > "$t" && {'));
    for (const mode of [0o644 | 0o1000, 0o700, 0o4644, 'u=rw']) assert.match(putCommand('/etc/x', { mode }, 'abc').toShell(), /umask 077 && cat > "\$t" && .*chmod /, String(mode));
  });

  it('a replaced file keeps its owner and group when a mode is given, and its group when only the owner is', () => {
    const keep = '{ [ ! -e /etc/x ] || chown --reference=/etc/x "$t" 2>/dev/null || true; }';
    assert.equal(putCommand('/etc/x', { mode: 0o600 }, 'abc').toShell(), `t=/etc/.x.krabc; umask 0177 && cat > "$t" && ${keep} && mv -f "$t" /etc/x || { rc=$?; rm -f "$t"; exit $rc; }`);
    assert.ok(putCommand('/etc/x', { owner: 'daemon' }, 'abc').toShell().includes(`${keep} && chown daemon "$t" && { [ ! -e /etc/x ] || chmod --reference=/etc/x "$t" 2>/dev/null || true; } && mv`));
  });

  it('rejects relative paths, folders and odd names', () => {
    assert.throws(() => putCommand('etc/x'), /absolute/);
    assert.throws(() => putCommand('/etc/'), /folder/);
    assert.throws(() => putCommand('/etc/x', { owner: 'a;b' }), /invalid user/);
  });

  it('modes', () => {
    assert.equal(normalizeMode(0o644), '0644');
    assert.equal(normalizeMode('644'), '0644');
    assert.equal(normalizeMode('0755'), '0755');
    assert.equal(normalizeMode('u=rw,go=r'), 'u=rw,go=r');
    assert.throws(() => normalizeMode('0999'), /invalid file mode/);
    assert.throws(() => normalizeMode(-1), /invalid file mode/);
  });
});

describe('ChannelLimiter', () => {
  it('queues beyond the limit in order, can shrink, and honours abort while queued', async () => {
    const l = new ChannelLimiter(2);
    const r1 = await l.acquire();
    const r2 = await l.acquire();
    const order: number[] = [];
    const p3 = l.acquire().then((r) => (order.push(3), r));
    const ac = new AbortController();
    const p4 = l.acquire(ac.signal);
    const p5 = l.acquire().then((r) => (order.push(5), r));
    assert.equal(l.queued, 3);
    ac.abort(new Error('stop'));
    await assert.rejects(p4, /stop/);
    l.shrinkTo(1);
    r1();
    r1(); // releasing twice is harmless
    assert.equal(l.active, 1, 'still at the new limit of 1');
    r2();
    const r3 = await p3;
    r3();
    (await p5)();
    assert.deepEqual(order, [3, 5]);
    assert.equal(l.active, 0);
  });

  it('a temporary shrink goes back to the configured limit', async () => {
    const l = new ChannelLimiter(4);
    l.shrinkTo(1, 20);
    assert.equal(l.limit, 1);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(l.limit, 4);
  });
});

describe('local connection', () => {
  const pool = new ConnectionPool();
  const local = pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false }));
  after(() => pool.closeAll());

  it('exec: rc, stdout, stderr, stdin, env, buffers', async () => {
    const r = await local.exec('read x; echo "got $x $FOO"; echo e >&2; exit 4', { stdin: 'in\n', env: { FOO: 'b a r' } });
    assert.deepEqual([r.rc, r.stdout, r.stderr], [4, 'got in b a r\n', 'e\n']);
    const b = await local.exec('printf "\\000\\377"', { encoding: 'buffer' });
    assert.deepEqual([...b.stdout], [0, 255]);
  });

  it('timeout kills the command group; abort rejects with the reason', async () => {
    const t0 = Date.now();
    await assert.rejects(local.exec('sleep 5; echo never', { timeoutMs: 200 }), (e: unknown) => e instanceof RemoteCommandError && e.failure === 'timeout');
    assert.ok(Date.now() - t0 < 3000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user stop')), 100);
    await assert.rejects(local.exec('sleep 5', { signal: ac.signal }), /user stop/);
  });

  it('put is atomic (temp file, then mv), keeps the mode of a replaced file, get reads it back', async () => {
    const dir = await tempDir('put-');
    const file = join(dir, 'f.bin');
    const data = randomBytes(300_000);
    for (const mode of [0o644, 0o2750, 0o755, 0o000, 0o600]) {
      await local.put(data, file, { mode });
      assert.equal((await stat(file)).mode & 0o7777, mode, mode.toString(8));
    }
    assert.ok((await readFile(file)).equals(data));
    await writeFile(file, 'old');
    const { chmod } = await import('node:fs/promises');
    await chmod(file, 0o604);
    await local.put(Readable.from([Buffer.from('new '), Buffer.from('content')]), file);
    assert.equal(await readFile(file, 'utf8'), 'new content');
    assert.equal((await stat(file)).mode & 0o777, 0o604, 'mode of the replaced file kept');
    assert.deepEqual(await readdir(dir), ['f.bin'], 'no temp file left');
    assert.ok((await local.get(file)).equals(Buffer.from('new content')));
    await assert.rejects(local.put('x', join(dir, 'missing-dir', 'f')), (e: unknown) => e instanceof RemoteCommandError && e.failure === 'transfer');
    await assert.rejects(local.get(join(dir, 'nope')), /cannot read .*nope/);
    assert.deepEqual(await readdir(dir), ['f.bin']);
  });
});
