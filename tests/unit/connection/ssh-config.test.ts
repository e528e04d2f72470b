import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostMatchesPatterns, SshConfig } from '../../../src/connection/ssh-config.js';
import { tempDir } from '../../support/temp-dir.js';

const home = '/home/op';

describe('ssh_config', () => {
  const config = SshConfig.parse(
    [
      '# global first-wins test',
      'Host bastion',
      '  HostName 192.0.2.10',
      '  User jump',
      '  Port 2222',
      '  IdentityFile ~/.ssh/bastion_key',
      '',
      'Host node? !node9 db-*',
      '  User deploy',
      '  ProxyJump bastion',
      '  IdentityFile ~/.ssh/%r_%h',
      '  UserKnownHostsFile ~/.ssh/kolla_known_hosts /dev/null',
      '  StrictHostKeyChecking accept-new',
      '',
      'Host alias',
      '  HostName %h.example.com',
      '  ProxyCommand ssh -W %h:%p gw',
      '',
      'Match exec "true"',
      '  User never',
      '',
      'Host *',
      '  User fallback',
      '  Port 22',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  ConnectTimeout 7',
      '  IdentitiesOnly yes',
      'Match all',
      '  StrictHostKeyChecking no',
    ].join('\n'),
    { home },
  );

  it('first obtained value wins; IdentityFile accumulates; ~ and tokens expand', () => {
    const b = config.resolve('bastion');
    assert.equal(b.hostName, '192.0.2.10');
    assert.equal(b.user, 'jump');
    assert.equal(b.port, 2222);
    assert.deepEqual(b.identityFiles, [`${home}/.ssh/bastion_key`, `${home}/.ssh/id_ed25519`]);
    assert.equal(b.connectTimeout, 7);
    assert.equal(b.identitiesOnly, true);
    assert.equal(b.strictHostKeyChecking, 'no');
  });

  it('patterns with ? and * and negation', () => {
    const n = config.resolve('node1');
    assert.equal(n.user, 'deploy');
    assert.equal(n.proxyJump, 'bastion');
    assert.deepEqual(n.identityFiles, [`${home}/.ssh/deploy_node1`, `${home}/.ssh/id_ed25519`]);
    assert.deepEqual(n.userKnownHostsFiles, [`${home}/.ssh/kolla_known_hosts`, '/dev/null']);
    assert.equal(n.strictHostKeyChecking, 'accept-new');
    assert.equal(config.resolve('db-main').user, 'deploy');
    assert.equal(config.resolve('node9').user, 'fallback');
    assert.equal(config.resolve('node10').user, 'fallback');
  });

  it('HostName %h, ProxyCommand kept verbatim, Match with unknown criteria skipped', () => {
    const a = config.resolve('alias');
    assert.equal(a.hostName, 'alias.example.com');
    assert.equal(a.proxyCommand, 'ssh -W %h:%p gw');
    assert.equal(a.user, 'fallback');
  });

  it('hostMatchesPatterns', () => {
    assert.ok(hostMatchesPatterns('a.b', ['*.b']));
    assert.ok(!hostMatchesPatterns('a.b', ['*', '!a.*']));
    assert.ok(!hostMatchesPatterns('x', []));
  });

  it('Include files relative to ~/.ssh, with a glob; the including block condition comes back after', async () => {
    const h = await tempDir('sshcfg-');
    await mkdir(join(h, '.ssh', 'config.d'), { recursive: true });
    await writeFile(join(h, '.ssh', 'config.d', '10-lab'), 'Host lab*\n  User labuser\n');
    await writeFile(join(h, '.ssh', 'config.d', '20-top'), 'Port 2200\n');
    await writeFile(join(h, '.ssh', 'config'), 'Include config.d/*\nHost *\n  User everyone\n');
    const c = SshConfig.load(join(h, '.ssh', 'config'), h);
    assert.equal(c.resolve('lab1').user, 'labuser');
    assert.equal(c.resolve('other').user, 'everyone');
    // As in OpenSSH, each included file starts in the including block's condition (here: all hosts).
    assert.equal(c.resolve('other').port, 2200);
    assert.equal(c.resolve('lab1').port, 2200);
    assert.equal(c.resolve('x').identityFiles.length, 0);
  });

  it('a missing file is an empty config', () => {
    assert.deepEqual(SshConfig.load('/nonexistent/config').resolve('x'), { identityFiles: [] });
    assert.ok(userInfo().username.length > 0);
  });
});
