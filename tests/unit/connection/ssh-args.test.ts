import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJumpSpec, parseSshArgs, proxyCommandAsJump, splitArgs } from '../../../src/connection/ssh-args.js';

describe('splitArgs', () => {
  it('splits like a POSIX shell', () => {
    assert.deepEqual(splitArgs(`-o ProxyCommand="ssh -W %h:%p -q root@bastion" -o 'A=b c' x\\ y`), [
      '-o',
      'ProxyCommand=ssh -W %h:%p -q root@bastion',
      '-o',
      'A=b c',
      'x y',
    ]);
    assert.deepEqual(splitArgs('  '), []);
    assert.deepEqual(splitArgs(`""`), ['']);
    assert.throws(() => splitArgs(`-o "open`), /unbalanced/);
  });
});

describe('parseJumpSpec', () => {
  it('reads [user@]host[:port] chains', () => {
    assert.deepEqual(parseJumpSpec('a'), [{ host: 'a' }]);
    assert.deepEqual(parseJumpSpec('u@a:2222,b'), [{ host: 'a', user: 'u', port: 2222 }, { host: 'b' }]);
    assert.deepEqual(parseJumpSpec('ssh://u@[::1]:22'), [{ host: '::1', user: 'u', port: 22 }]);
    assert.deepEqual(parseJumpSpec('none'), []);
  });
});

describe('proxyCommandAsJump', () => {
  it('turns ssh -W %h:%p into a hop, with the bastion options', () => {
    assert.deepEqual(proxyCommandAsJump('ssh -W %h:%p -q user@bastion'), { host: 'bastion', user: 'user' });
    const hop = proxyCommandAsJump('/usr/bin/ssh -o StrictHostKeyChecking=no -i /k/id -p 2200 -W %h:%p bastion');
    assert.equal(hop?.host, 'bastion');
    assert.equal(hop?.port, 2200);
    assert.deepEqual(hop?.options?.identityFiles, ['/k/id']);
    assert.equal(hop?.options?.strictHostKeyChecking, 'no');
  });

  it('leaves other commands alone', () => {
    assert.equal(proxyCommandAsJump('nc -X 5 -x proxy:1080 %h %p'), undefined);
    assert.equal(proxyCommandAsJump('ssh bastion nc %h %p'), undefined);
    assert.equal(proxyCommandAsJump('ssh -W other:22 bastion'), undefined);
    assert.equal(proxyCommandAsJump('ssh -D 1080 -W %h:%p bastion'), undefined);
  });
});

describe('parseSshArgs', () => {
  it('reads the options of the testbed inventory', () => {
    const a = parseSshArgs('-o UserKnownHostsFile=/tmp/kh -o StrictHostKeyChecking=accept-new -o ControlMaster=auto');
    assert.deepEqual(a.userKnownHostsFiles, ['/tmp/kh']);
    assert.equal(a.strictHostKeyChecking, 'accept-new');
    assert.deepEqual(a.ignored, ['-o ControlMaster=auto']);
  });

  it('reads -J, -o ProxyJump, -o ProxyCommand, first value winning', () => {
    assert.deepEqual(parseSshArgs('-J jump@b1:2200').jump, [{ host: 'b1', user: 'jump', port: 2200 }]);
    assert.deepEqual(parseSshArgs('-o ProxyJump=b1', '-J b2').jump, [{ host: 'b1' }]);
    assert.deepEqual(parseSshArgs(`-o ProxyCommand="ssh -W %h:%p -q root@bastion"`).jump, [{ host: 'bastion', user: 'root' }]);
    const other = parseSshArgs(`-o 'ProxyCommand=nc -x p:1080 %h %p'`);
    assert.equal(other.jump, undefined);
    assert.equal(other.proxyCommand, 'nc -x p:1080 %h %p');
  });

  it('reads -i, -p, -l, -F, -oKey=value, and -o "Key value"', () => {
    const a = parseSshArgs('-i /k1 -i/k2 -p 2222 -l admin -F /cfg -oUser=ignored -o "ConnectTimeout 5" -C -q');
    assert.deepEqual(a.identityFiles, ['/k1', '/k2']);
    assert.equal(a.port, 2222);
    assert.equal(a.user, 'admin');
    assert.equal(a.configFile, '/cfg');
    assert.equal(a.connectTimeout, 5);
    assert.deepEqual(a.ignored, ['-C', '-q']);
  });

  it('rejects an option without its value', () => {
    assert.throws(() => parseSshArgs('-o'), /needs a value/);
  });
});
