/** Interface-only modules: Ansible's argument spec enforced, and a clear failure when a run reaches one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { unsupportedModule, unsupportedModuleNames } from '../../../src/modules/unsupported.js';

test('arguments are checked against the spec: required, choices, types, aliases, unknown options', () => {
  const prune = unsupportedModule('docker_prune').schema;
  assert.equal(prune.safeParse({ images: true, images_filters: { dangling: false } }).success, true);
  assert.equal(prune.safeParse({ images: 'yes' }).success, true);
  assert.equal(prune.safeParse({ imagez: true }).success, false);
  const git = unsupportedModule('git').schema;
  assert.deepEqual(git.parse({ name: 'https://example.org/r.git', dest: '/srv/r' }), { repo: 'https://example.org/r.git', dest: '/srv/r' });
  assert.equal(git.safeParse({ repo: 'x' }).success, false, 'dest is required');
  const key = unsupportedModule('openssl_privatekey').schema;
  assert.equal(key.safeParse({ path: '/k.pem', type: 'RSA', size: '2048' }).success, true);
  assert.equal(key.safeParse({ path: '/k.pem', type: 'rsa' }).success, false, 'choices are case-sensitive');
  const csr = unsupportedModule('openssl_csr').schema;
  assert.deepEqual(csr.parse({ path: '/c.csr', CN: 'kolla', subjectAltName: 'DNS:a,DNS:b' }), { path: '/c.csr', common_name: 'kolla', subject_alt_name: ['DNS:a', 'DNS:b'] });
});

test('a run that reaches one fails on the host, naming the module, without touching it', async () => {
  const ctx = new Proxy({}, { get: () => assert.fail('the module touched the host') }) as ModuleContext;
  for (const name of unsupportedModuleNames) {
    const q = await unsupportedModule(name).query({}, ctx);
    assert.equal(q.changed, false);
    assert.equal(q.result?.failed, true);
    assert.match(String(q.result?.msg), new RegExp(`"${name}" is not supported by kolla-run yet`));
  }
});
