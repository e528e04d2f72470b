/**
 * Commands in the connection's open shell (src/connection/shell-session.ts)
 * against a real OpenSSH server: the same results as over an exec channel
 * each, one exec channel for all of them, and the exec channels still used
 * where the session cannot serve (a stream for input, a busy session).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { RemoteCommandError } from '../../../src/connection/errors.js';
import { MAX_INLINE_INPUT } from '../../../src/connection/shell-session.js';
import { PLAIN_TEST_USER, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { settingsFor } from './helpers.js';

let sshd: LoopbackSshd;
before(async () => {
  sshd = await startLoopbackSshd({ user: PLAIN_TEST_USER, logLevel: 'VERBOSE' });
});
after(() => sshd?.stop());

/** Exec channels the server started so far (sshd logs each at VERBOSE). */
const execs = () => sshd.count(/Starting session: command/);

async function withConnection<T>(body: (c: ReturnType<ConnectionPool['get']>) => Promise<T>): Promise<T> {
  const pool = new ConnectionPool();
  try {
    return await body(pool.get(settingsFor(sshd, { ansible_user: PLAIN_TEST_USER })));
  } finally {
    await pool.closeAll();
  }
}

describe('shell session', () => {
  it('30 commands with output, errors, exit codes and input cost one exec channel', async () => {
    const before = await execs();
    await withConnection(async (c) => {
      for (let i = 0; i < 10; i++) {
        const r = await c.exec(`printf 'out %s' ${i}; echo err >&2; exit ${i}`);
        assert.deepEqual([r.rc, r.stdout, r.stderr], [i, `out ${i}`, 'err\n']);
        const s = await c.exec('tr a-z A-Z', { stdin: `line ${i}\n` });
        assert.equal(s.stdout, `LINE ${i}\n`);
        const e = await c.exec('echo "$GREETING"', { env: { GREETING: `it's ${i}` } });
        assert.equal(e.stdout, `it's ${i}\n`);
      }
    });
    assert.equal((await execs()) - before, 1);
  });

  it('binary input and output, a megabyte of output, and a look-alike end marker come through unchanged', async () => {
    await withConnection(async (c) => {
      const bin = randomBytes(MAX_INLINE_INPUT);
      const b = await c.exec('cat', { stdin: bin, encoding: 'buffer' });
      assert.ok(b.stdout.equals(bin));
      const big = await c.exec('head -c 1048576 /dev/zero | tr "\\0" x');
      assert.equal(big.stdout, 'x'.repeat(1 << 20));
      const fake = await c.exec(`echo 'KOLLA_RUN_END_000000000000000000000000:0'; echo after`);
      assert.equal(fake.stdout, 'KOLLA_RUN_END_000000000000000000000000:0\nafter\n');
      const eof = await c.exec('cat; echo done');
      assert.equal(eof.stdout, 'done\n', 'a command given no input reads end of file, not the session script');
    });
  });

  it("a command's cd, variables and syntax error do not reach the next command", async () => {
    await withConnection(async (c) => {
      const home = (await c.exec('pwd')).stdout;
      await c.exec('cd /; X=1; export Y=2; umask 077');
      const bad = await c.exec('if then');
      assert.equal(bad.rc, 2);
      const r = await c.exec('pwd; echo "${X-unset} ${Y-unset}"; umask');
      assert.equal(r.stdout, `${home}unset unset\n0022\n`);
    });
  });

  it('input beyond the inline limit, a stream for input, and commands at once use exec channels, with the same results', async () => {
    const before = await execs();
    await withConnection(async (c) => {
      const large = randomBytes(MAX_INLINE_INPUT + 1);
      assert.ok((await c.exec('cat', { stdin: large, encoding: 'buffer' })).stdout.equals(large));
      assert.equal((await c.exec('cat', { stdin: Readable.from(['a', 'b']) })).stdout, 'ab');
      const many = await Promise.all(Array.from({ length: 6 }, (_, i) => c.exec(`sleep 0.2; echo ${i}`)));
      assert.deepEqual(
        many.map((r) => r.stdout),
        ['0\n', '1\n', '2\n', '3\n', '4\n', '5\n'],
      );
    });
    // The session (once), the two inputs, and the five commands the busy session could not take.
    assert.equal((await execs()) - before, 8);
  });

  it('commands started together while the shell is idle: one takes it, the others take exec channels, none fails', async () => {
    await withConnection(async (c) => {
      assert.equal((await c.exec('echo open')).stdout, 'open\n');
      const many = await Promise.all(Array.from({ length: 6 }, (_, i) => c.exec(`echo ${i}`)));
      assert.deepEqual(
        many.map((r) => [r.rc, r.stdout]),
        Array.from({ length: 6 }, (_, i) => [0, `${i}\n`]),
      );
    });
  });

  it('a timeout ends the command and its processes; the next command runs in a new session', async () => {
    await withConnection(async (c) => {
      const tag = `sleep 3${randomBytes(2).readUInt16BE() % 1000}`;
      await assert.rejects(c.exec(`${tag} & wait`, { timeoutMs: 500 }), (e: unknown) => e instanceof RemoteCommandError && e.failure === 'timeout');
      // The kill may finish after the caller is let go (3 s at most, as over an exec channel): wait for it.
      const left = await c.exec(`for i in $(seq 50); do pgrep -fx '${tag}' >/dev/null || { echo none; exit 0; }; sleep 0.1; done; echo left`);
      assert.equal(left.stdout, 'none\n');
      assert.equal((await c.exec('echo next')).stdout, 'next\n');
    });
  });
});
