import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { connectionKey, connectionSettingsFromVars, type ConnectionOptions } from '../../../src/connection/settings.js';
import { SshConfig } from '../../../src/connection/ssh-config.js';

const base: ConnectionOptions = { sshConfig: false, env: { HOME: '/home/op' } };

describe('connectionSettingsFromVars', () => {
  it('defaults: inventory name as address, port 22, local user, default keys, strict, 10 s, 8 channels', () => {
    const s = connectionSettingsFromVars('node1', {}, base);
    assert.equal(s.host, 'node1');
    assert.equal(s.port, 22);
    assert.equal(s.user, userInfo().username);
    assert.deepEqual(s.keyFiles, ['/home/op/.ssh/id_ed25519', '/home/op/.ssh/id_ecdsa', '/home/op/.ssh/id_rsa']);
    assert.deepEqual(s.knownHostsFiles, ['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2']);
    assert.deepEqual(s.globalKnownHostsFiles, ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    assert.equal(s.hostKeyPolicy, 'strict');
    assert.equal(s.timeoutMs, 10_000);
    assert.equal(s.maxChannels, 8);
    assert.equal(s.agent, undefined);
    assert.deepEqual(s.become, { enabled: false, user: 'root' });
  });

  it("reads Ansible's variables, coercing INI strings", () => {
    const s = connectionSettingsFromVars(
      'node1',
      {
        ansible_host: '10.0.0.5',
        ansible_port: '2222',
        ansible_user: 'deploy',
        ansible_ssh_private_key_file: '~/.ssh/kolla',
        ansible_password: 'pw',
        ansible_timeout: '30',
        ansible_become: 'yes',
        ansible_become_user: 'kolla',
        ansible_become_password: 'sudo-pw',
        ansible_ssh_common_args: '-o UserKnownHostsFile=/tmp/kh -o StrictHostKeyChecking=accept-new',
      },
      { ...base, env: { HOME: '/home/op', SSH_AUTH_SOCK: '/tmp/agent.sock' } },
    );
    assert.equal(s.host, '10.0.0.5');
    assert.equal(s.port, 2222);
    assert.equal(s.user, 'deploy');
    assert.deepEqual(s.keyFiles, ['/home/op/.ssh/kolla']);
    assert.equal(s.password?.reveal(), 'pw');
    assert.equal(String(s.password), '********');
    assert.equal(s.timeoutMs, 30_000);
    assert.equal(s.agent, '/tmp/agent.sock');
    assert.deepEqual(s.knownHostsFiles, ['/tmp/kh']);
    assert.equal(s.hostKeyPolicy, 'accept-new');
    assert.equal(s.become.enabled, true);
    assert.equal(s.become.user, 'kolla');
    assert.equal(s.become.password?.reveal(), 'sudo-pw');
    assert.ok(!JSON.stringify(s).includes('sudo-pw') && !JSON.stringify(s).includes('"pw"'));
  });

  it('old names (ansible_ssh_host, ansible_ssh_port, ansible_ssh_user, ansible_ssh_pass, ansible_sudo_pass)', () => {
    const s = connectionSettingsFromVars('n', { ansible_ssh_host: 'h', ansible_ssh_port: 23, ansible_ssh_user: 'u', ansible_ssh_pass: 'p', ansible_sudo_pass: 's' }, base);
    assert.deepEqual([s.host, s.port, s.user, s.password?.reveal(), s.become.password?.reveal()], ['h', 23, 'u', 'p', 's']);
  });

  it('precedence: vars > command line > ssh args > ssh_config', () => {
    const sshConfig = SshConfig.parse('Host 10.0.0.5\n  User fromconfig\n  Port 2200\n  IdentityFile /cfg/key\n  StrictHostKeyChecking no\n', { home: '/home/op' });
    const vars = { ansible_host: '10.0.0.5', ansible_ssh_common_args: '-o User=fromargs -p 2300' };
    const a = connectionSettingsFromVars('n', vars, { ...base, sshConfig });
    assert.deepEqual([a.user, a.port, a.keyFiles, a.hostKeyPolicy], ['fromargs', 2300, ['/cfg/key'], 'off']);
    const b = connectionSettingsFromVars('n', vars, { ...base, sshConfig, user: 'fromcli', privateKeyFile: '/cli/key', hostKeyPolicy: 'strict' });
    assert.deepEqual([b.user, b.keyFiles, b.hostKeyPolicy], ['fromcli', ['/cli/key', '/cfg/key'], 'strict']);
    const c = connectionSettingsFromVars('n', { ...vars, ansible_user: 'fromvars', ansible_port: 22 }, { ...base, sshConfig, user: 'fromcli' });
    assert.deepEqual([c.user, c.port], ['fromvars', 22]);
  });

  it('ssh_config HostName and ProxyJump apply (jump host resolved through ssh_config too)', () => {
    const sshConfig = SshConfig.parse('Host web\n  HostName 10.1.0.7\n  ProxyJump ops@gw:2201\nHost gw\n  HostName 192.0.2.1\n  IdentityFile /gw/key\n', { home: '/home/op' });
    const s = connectionSettingsFromVars('web', { ansible_user: 'deploy', ansible_ssh_private_key_file: '/k' }, { ...base, sshConfig });
    assert.equal(s.host, '10.1.0.7');
    assert.ok(s.jump);
    assert.deepEqual([s.jump.host, s.jump.port, s.jump.user, s.jump.keyFiles], ['192.0.2.1', 2201, 'ops', ['/gw/key']]);
  });

  it('jump chains from -J and ProxyCommand; the bastion borrows the target key and checks', () => {
    const s = connectionSettingsFromVars(
      'n',
      { ansible_host: '10.0.0.9', ansible_ssh_private_key_file: '/k', ansible_ssh_common_args: '-J a@first,second:2200 -o UserKnownHostsFile=/kh' },
      base,
    );
    assert.equal(s.jump?.host, 'second');
    assert.equal(s.jump?.port, 2200);
    assert.deepEqual(s.jump?.keyFiles, ['/k']);
    assert.deepEqual(s.jump?.knownHostsFiles, ['/kh']);
    assert.equal(s.jump?.jump?.host, 'first');
    assert.equal(s.jump?.jump?.user, 'a');
    assert.equal(s.jump?.jump?.jump, undefined);
    const p = connectionSettingsFromVars('n', { ansible_ssh_common_args: `-o ProxyCommand="ssh -W %h:%p -q root@bastion"` }, base);
    assert.deepEqual([p.jump?.host, p.jump?.user, p.proxyCommand], ['bastion', 'root', undefined]);
    const q = connectionSettingsFromVars('n', { ansible_ssh_extra_args: `-o ProxyCommand="nc %h %p"` }, base);
    assert.deepEqual([q.jump, q.proxyCommand], [undefined, 'nc %h %p']);
  });

  it('host key checking off by var', () => {
    assert.equal(connectionSettingsFromVars('n', { ansible_host_key_checking: false }, base).hostKeyPolicy, 'off');
    assert.equal(connectionSettingsFromVars('n', { ansible_ssh_common_args: '-o StrictHostKeyChecking=yes' }, base).hostKeyPolicy, 'strict');
  });

  it('local connection', () => {
    const s = connectionSettingsFromVars('localhost', { ansible_connection: 'local', ansible_user: 'ignored' }, base);
    assert.equal(s.transport, 'local');
    assert.equal(connectionKey(s), 'local:');
  });

  it('rejects wrong types and unsupported plugins with the variable named', () => {
    assert.throws(() => connectionSettingsFromVars('n', { ansible_port: 'abc' }, base), (e: unknown) => e instanceof InputError && /ansible_port/.test(e.message));
    assert.throws(() => connectionSettingsFromVars('n', { ansible_port: 70000 }, base), /ansible_port/);
    assert.throws(() => connectionSettingsFromVars('n', { ansible_become: 'maybe' }, base), /ansible_become: expected a boolean/);
    assert.throws(() => connectionSettingsFromVars('n', { ansible_become_method: 'su' }, base), /only become method "sudo"/);
    assert.throws(() => connectionSettingsFromVars('n', { ansible_connection: 'winrm' }, base), /only connections "ssh" and "local"/);
  });

  it('connectionKey: same identity, same key; different user or jump, different key', () => {
    const k = (vars: Record<string, unknown>) => connectionKey(connectionSettingsFromVars('x', vars, base));
    assert.equal(k({ ansible_host: 'h' }), k({ ansible_host: 'h', ansible_become: true }));
    assert.notEqual(k({ ansible_host: 'h' }), k({ ansible_host: 'h', ansible_user: 'other' }));
    assert.notEqual(k({ ansible_host: 'h' }), k({ ansible_host: 'h', ansible_ssh_common_args: '-J b' }));
    assert.ok(!k({ ansible_host: 'h', ansible_password: 'secret-pw' }).includes('secret-pw'));
  });
});
