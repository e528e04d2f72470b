/**
 * A ProxyCommand that is not `ssh -W` runs in the controller's shell with %h, %r and %n put in as
 * they are (OpenSSH's way): host and user names with shell characters are refused first, with
 * OpenSSH's messages ("hostname contains invalid characters"), as ssh refuses them.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KeyStore } from '../../../src/connection/auth.js';
import { connectSsh } from '../../../src/connection/connect.js';
import { KnownHostsStore } from '../../../src/connection/known-hosts.js';
import { connectionSettingsFromVars } from '../../../src/connection/settings.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kr-proxy-'));
});
after(() => rm(root, { recursive: true, force: true }));

const deps = { knownHosts: new KnownHostsStore(), keys: new KeyStore(), bastion: () => Promise.reject(new Error('no bastion')) };

/** Connects to `vars`' host through a ProxyCommand that writes what it was given into `out` (then the handshake fails). */
function connect(vars: Record<string, unknown>, out: string): Promise<unknown> {
  const settings = connectionSettingsFromVars('node', { ansible_ssh_extra_args: `-o ProxyCommand="echo %h %r %p > ${out}"`, ansible_host_key_checking: false, ansible_timeout: 2, ...vars }, { sshConfig: false, env: { HOME: root } });
  return connectSsh(settings, deps);
}

test('ProxyCommand: a host or user name with shell characters is refused as ssh refuses it, never run by the controller\'s shell', async () => {
  const ran = join(root, 'ran');
  await assert.rejects(connect({ ansible_host: `a$(touch ${ran})b` }, join(root, 'out1')), /hostname contains invalid characters/);
  await assert.rejects(connect({ ansible_host: '10.0.0.1', ansible_user: `u$(touch ${ran})` }, join(root, 'out2')), /remote username contains invalid characters/);
  await assert.rejects(connect({ ansible_host: '-oProxyCommand=x' }, join(root, 'out3')), /hostname contains invalid characters/);
  assert.equal(existsSync(ran), false, 'a $(...) in the host or user ran');
  // What ssh accepts is put in as it is.
  const out = join(root, 'out4');
  await assert.rejects(connect({ ansible_host: 'node-1.example', ansible_user: 'ops.user', ansible_port: 2222 }, out));
  assert.equal(await readFile(out, 'utf8'), 'node-1.example ops.user 2222\n');
});
