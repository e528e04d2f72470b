/**
 * become with the real sudo over ssh (runs only where /usr/bin/sudo exists:
 * CI installs Debian's sudo; the sudo command line and the password dance are
 * unit-tested with a stand-in), and the local connection through the same
 * interface as ssh.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BecomeError } from '../../../src/connection/errors.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { connectionSettingsFromVars } from '../../../src/connection/settings.js';
import { PLAIN_TEST_USER, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { settingsFor } from './helpers.js';

const haveSudo = existsSync('/usr/bin/sudo');
const isRoot = process.getuid?.() === 0;

describe('become with real sudo over ssh', { skip: !haveSudo || !isRoot ? 'needs /usr/bin/sudo and root (apt-get install sudo)' : false }, () => {
  let sshd: LoopbackSshd;
  // The fixture's authorized key is valid for any account: root (sudo needs no password for
  // root) and the plain test user (not in sudoers, no usable password).
  const asRoot = (vars: Record<string, unknown> = {}) => settingsFor(sshd, { ansible_user: 'root', ...vars });
  const asPlain = (vars: Record<string, unknown> = {}) => settingsFor(sshd, { ansible_user: PLAIN_TEST_USER, ...vars });
  before(async () => {
    sshd = await startLoopbackSshd({ user: PLAIN_TEST_USER });
  });
  after(() => sshd?.stop());

  it('root becomes another user without password (sudo -n); quoting and stdin survive', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(asRoot({ ansible_become: true, ansible_become_user: PLAIN_TEST_USER }));
    const r = await c.exec(`id -un; printf '%s' "it's"; cat`, { stdin: 'in' });
    assert.deepEqual([r.rc, r.stdout, r.stderr], [0, `${PLAIN_TEST_USER}\nit'sin`, '']);
    await pool.closeAll();
  });

  it('put through become writes a root-owned file', async () => {
    const pool = new ConnectionPool();
    const dir = await mkdtemp(join(tmpdir(), 'become-put-'));
    const c = pool.get(asPlain({ ansible_become: true }));
    // The plain user cannot sudo: the put fails as a become failure, and writes nothing.
    await assert.rejects(c.put('x', join(dir, 'f'), { mode: 0o600 }), (e: unknown) => e instanceof BecomeError && e.failure === 'password-required');
    const root = pool.get(asRoot({ ansible_become: true, ansible_become_user: 'root' }));
    await root.put('root data\n', join(dir, 'f'), { mode: 0o600, owner: 'root', group: 'root' });
    assert.equal(await readFile(join(dir, 'f'), 'utf8'), 'root data\n');
    await pool.closeAll();
  });

  it('a wrong become password: BecomeError incorrect-password, the password nowhere in the message', async () => {
    const pool = new ConnectionPool();
    const c = pool.get(asPlain({ ansible_become: true, ansible_become_password: 'not-the-password' }));
    await assert.rejects(c.exec('id -u'), (e: unknown) => {
      assert.ok(e instanceof BecomeError, String(e));
      assert.equal(e.failure, 'incorrect-password');
      assert.ok(!e.message.includes('not-the-password'));
      return true;
    });
    await pool.closeAll();
  });
});

describe('local connection', () => {
  const pool = new ConnectionPool();
  after(() => pool.closeAll());

  it('ansible_connection=local runs here with the same interface', async () => {
    const c = pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false }));
    assert.equal(c.settings.transport, 'local');
    const r = await c.exec('id -un; echo e >&2; exit 2');
    assert.deepEqual([r.rc, r.stdout, r.stderr], [2, `${userInfo().username}\n`, 'e\n']);
    const dir = await mkdtemp(join(tmpdir(), 'local-'));
    await c.put(Buffer.from([0, 1, 2, 255]), join(dir, 'bin'), { mode: 0o644 });
    assert.deepEqual([...(await c.get(join(dir, 'bin')))], [0, 1, 2, 255]);
    assert.equal(pool.opened, 0, 'no ssh connection');
  });
});
