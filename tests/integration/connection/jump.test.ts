/**
 * Jump hosts: targets reached through forwardOut on ONE shared connection to
 * the bastion. On loopback the target is reachable directly too, so the proof
 * is in the logs: the bastion's sshd logs the direct-tcpip requests, and has
 * one authenticated connection for all the targets.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UnreachableError } from '../../../src/errors.js';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { defaultTestUser, freePort, startLoopbackSshd, type LoopbackSshd } from '../../support/loopback-sshd.js';
import { settingsFor } from './helpers.js';

let bastion: LoopbackSshd;
let targets: LoopbackSshd;
let knownHosts: string;

before(async () => {
  bastion = await startLoopbackSshd({ user: defaultTestUser(), logLevel: 'DEBUG1' });
  targets = await startLoopbackSshd({
    user: defaultTestUser(),
    addresses: ['127.0.0.2', '127.0.0.3', '127.0.0.4'],
    clientKey: { privateKeyFile: bastion.clientKeyFile, publicKey: (await import('node:fs')).readFileSync(`${bastion.clientKeyFile}.pub`, 'utf8').trim() },
  });
  knownHosts = join(targets.dir, 'known_hosts_all');
  await writeFile(knownHosts, bastion.knownHostsLines() + targets.knownHostsLines());
});
after(async () => {
  await targets?.stop();
  await bastion?.stop();
});

const forwards = async (): Promise<number> => bastion.count(new RegExp(`server_request_direct_tcpip: .*target 127\\.0\\.0\\.[234] port ${targets.port}`));

describe('jump hosts', () => {
  it('-J: three targets through one bastion connection', async () => {
    const before = { forwards: await forwards(), bastion: await bastion.count(/Accepted publickey/), targets: await targets.count(/Accepted publickey/) };
    const pool = new ConnectionPool();
    const common = `-J ${bastion.user}@${bastion.address}:${bastion.port} -o UserKnownHostsFile=${knownHosts}`;
    const results = await Promise.all(
      targets.hosts.map((_, i) => pool.get(settingsFor(targets, { ansible_ssh_common_args: common }, {}, i)).exec('echo via-bastion')),
    );
    assert.deepEqual(results.map((r) => r.stdout), ['via-bastion\n', 'via-bastion\n', 'via-bastion\n']);
    assert.equal(pool.opened, 4, 'three targets + one bastion');
    await pool.closeAll();
    assert.equal((await forwards()) - before.forwards, 3, 'the bastion forwarded each target connection');
    assert.equal((await bastion.count(/Accepted publickey/)) - before.bastion, 1, 'one bastion connection shared');
    assert.equal((await targets.count(/Accepted publickey/)) - before.targets, 3);
  });

  it('ProxyCommand="ssh -W %h:%p -q user@bastion" is served the same way (no ssh process)', async () => {
    const before = await forwards();
    const pool = new ConnectionPool();
    const args = `-o ProxyCommand="ssh -W %h:%p -q -p ${bastion.port} ${bastion.user}@${bastion.address}" -o UserKnownHostsFile=${knownHosts}`;
    const r = await pool.get(settingsFor(targets, { ansible_ssh_common_args: args }, {}, 1)).exec('hostname >/dev/null; echo ok');
    assert.equal(r.stdout, 'ok\n');
    await pool.closeAll();
    assert.equal((await forwards()) - before, 1);
  });

  it('a target the bastion cannot reach: refused, naming the jump host', async () => {
    const port = await freePort();
    const pool = new ConnectionPool();
    const common = `-J ${bastion.user}@${bastion.address}:${bastion.port} -o UserKnownHostsFile=${knownHosts}`;
    await assert.rejects(pool.get(settingsFor(targets, { ansible_port: port, ansible_ssh_common_args: common })).exec('true'), (e: unknown) => {
      assert.ok(e instanceof UnreachableError);
      assert.equal(e.reason, 'refused');
      assert.match(e.message, /jump host 127\.0\.0\.1 could not connect to 127\.0\.0\.2:\d+/);
      return true;
    });
    await pool.closeAll();
  });

  it('an unreachable bastion fails the target with the bastion\'s reason', async () => {
    const port = await freePort();
    const pool = new ConnectionPool();
    const common = `-J ${bastion.user}@127.0.0.1:${port} -o UserKnownHostsFile=${knownHosts}`;
    await assert.rejects(pool.get(settingsFor(targets, { ansible_ssh_common_args: common })).exec('true'), (e: unknown) => {
      assert.ok(e instanceof UnreachableError);
      assert.equal(e.reason, 'refused');
      assert.match(e.message, /via jump host 127\.0\.0\.1/);
      return true;
    });
    await pool.closeAll();
  });
});
