/** Host key checking against a real sshd: unknown, accept-new, changed, hashed entries, algorithm choice. */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UnreachableError } from '../../../src/errors.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { defaultTestUser, generateKey, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { settingsFor } from './helpers.js';

let sshd: LoopbackSshd;
before(async () => {
  sshd = await startLoopbackSshd({ user: defaultTestUser(), extraHostKeyTypes: ['rsa'] });
});
after(() => sshd?.stop());

function khArgs(file: string, policy?: string): Record<string, unknown> {
  return { ansible_ssh_common_args: `-o UserKnownHostsFile=${file}${policy ? ` -o StrictHostKeyChecking=${policy}` : ''}` };
}

async function reason(p: Promise<unknown>): Promise<UnreachableError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UnreachableError, String(e));
    return e;
  }
  assert.fail('expected the connection to fail');
}

describe('host keys', () => {
  it('unknown key: the host fails with host-key-unknown and says how to accept it', async () => {
    const file = join(sshd.dir, 'kh-empty');
    const pool = new ConnectionPool();
    const e = await reason(pool.get(settingsFor(sshd, khArgs(file))).exec('true'));
    assert.equal(e.reason, 'host-key-unknown');
    assert.match(e.message, /not known \(ssh-ed25519 key SHA256:/);
    assert.match(e.message, /accept-new/);
    assert.match(e.message, new RegExp(`ssh-keyscan -p ${sshd.port} -t ssh-ed25519 127\\.0\\.0\\.1 >> ${file}`));
    await pool.closeAll();
  });

  it('accept-new records the key in the first known_hosts file; the next strict connect passes', async () => {
    const file = join(sshd.dir, 'kh-accept');
    const pool = new ConnectionPool();
    assert.equal((await pool.get(settingsFor(sshd, khArgs(`${file} /dev/null`, 'accept-new'))).exec('echo ok')).stdout, 'ok\n');
    await pool.closeAll();
    assert.equal(await readFile(file, 'utf8'), `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const strict = new ConnectionPool();
    assert.equal((await strict.get(settingsFor(sshd, khArgs(file, 'yes'))).exec('echo ok')).stdout, 'ok\n');
    await strict.closeAll();
  });

  it('a changed key is refused loudly, even with accept-new, and known_hosts is left alone', async () => {
    const other = await generateKey(join(sshd.dir, 'impostor'), 'ed25519');
    const file = join(sshd.dir, 'kh-changed');
    const content = `[127.0.0.1]:${sshd.port} ${other.publicKey}\n`;
    await writeFile(file, content);
    for (const policy of ['yes', 'accept-new']) {
      const pool = new ConnectionPool();
      const e = await reason(pool.get(settingsFor(sshd, khArgs(file, policy))).exec('true'));
      assert.equal(e.reason, 'host-key-changed', policy);
      assert.match(e.message, /CHANGED/);
      assert.match(e.message, /never accepted automatically/);
      await pool.closeAll();
    }
    assert.equal(await readFile(file, 'utf8'), content);
  });

  it('policy off connects without any known_hosts entry and records nothing', async () => {
    const file = join(sshd.dir, 'kh-off');
    const pool = new ConnectionPool();
    assert.equal((await pool.get(settingsFor(sshd, { ...khArgs(file), ansible_host_key_checking: false })).exec('echo ok')).stdout, 'ok\n');
    await pool.closeAll();
    await assert.rejects(readFile(file));
  });

  it('hashed known_hosts entries are matched', async () => {
    const salt = randomBytes(20);
    const name = `[127.0.0.1]:${sshd.port}`;
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
    const file = join(sshd.dir, 'kh-hashed');
    await writeFile(file, `${hashed} ${sshd.hostPublicKey}\n`);
    const pool = new ConnectionPool();
    assert.equal((await pool.get(settingsFor(sshd, khArgs(file, 'yes'))).exec('echo ok')).stdout, 'ok\n');
    await pool.closeAll();
  });

  it('negotiates the key type known_hosts holds (rsa only recorded; the server also offers ed25519)', async () => {
    const rsa = sshd.hostPublicKeys.rsa;
    assert.ok(rsa);
    const file = join(sshd.dir, 'kh-rsa');
    await writeFile(file, `[127.0.0.1]:${sshd.port} ${rsa}\n`);
    const pool = new ConnectionPool();
    assert.equal((await pool.get(settingsFor(sshd, khArgs(file, 'yes'))).exec('echo ok')).stdout, 'ok\n');
    await pool.closeAll();
  });
});
