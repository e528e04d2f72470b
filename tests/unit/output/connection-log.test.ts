/** -vvv names each connection (host, address, port, user, keys, bastion), -vvvv adds its time; a password is never shown. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionSettingsFromVars } from '../../../src/connection/index.js';
import { connectionLine } from '../../../src/output/connection-log.js';

const settings = connectionSettingsFromVars('web1', {
  ansible_host: '10.0.0.5',
  ansible_port: 2222,
  ansible_user: 'deploy',
  ansible_ssh_private_key_file: '/keys/id_web',
  ansible_password: 'Sup3rSecretPw',
  ansible_ssh_common_args: '-J jump@bastion:22',
}, { sshConfig: false, env: {} });

test('-vvv: who connects where, how, through what; nothing below -vvv', () => {
  assert.equal(connectionLine({ phase: 'start', settings }, 2), undefined);
  assert.equal(
    connectionLine({ phase: 'start', settings }, 3),
    '<web1> ESTABLISH SSH CONNECTION FOR USER: deploy to 10.0.0.5 port 2222, via jump@bastion:22; keys /keys/id_web, a password; host key checking strict, timeout 10 s',
  );
  assert.equal(connectionLine({ phase: 'open', settings, ms: 42 }, 3), undefined, 'timings are -vvvv');
});

test('-vvvv: the time to open, or to fail', () => {
  assert.equal(connectionLine({ phase: 'open', settings, ms: 42 }, 4), '<web1> SSH CONNECTION OPEN in 42 ms (TCP, handshake, host key, authentication)');
  assert.equal(connectionLine({ phase: 'failed', settings, ms: 7, error: new Error('connection refused') }, 4), '<web1> SSH CONNECTION FAILED after 7 ms: connection refused');
  for (const phase of ['start', 'open', 'failed'] as const) {
    assert.ok(!(connectionLine({ phase, settings, ms: 1, error: new Error('x') }, 5) ?? '').includes('Sup3rSecretPw'));
  }
});
