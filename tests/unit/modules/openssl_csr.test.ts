/**
 * openssl_csr over the local connection, with this machine's openssl, in
 * a temp folder: made once from the key, kept while subject, extensions
 * and key match, made again when they do not; the key's passphrase only on
 * stdin. The proof against ansible-playbook is the differential test's
 * openssl-csr case.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { openSslCsrModule } from '../../../src/modules/openssl_csr.js';
import { assertChangesOnce, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

let h: LocalModuleHost;
const EC = 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1';
before(async () => {
  h = await localModuleHost();
  await h.sh(`${EC} -out ${h.path('k.pem')} && ${EC} -aes256 -pass pass:kr-pass -out ${h.path('enc.pem')} && ${EC} -out ${h.path('other.pem')}`);
});
after(() => h.close());
const text = (path: string) => h.sh(`openssl req -in '${path}' -noout -text -reqopt no_sigdump,no_pubkey`);

test('a request: check mode writes nothing, made with subject and extensions (mode 0644), kept, made again for a new subject or key', async () => {
  const path = h.path('a b.csr');
  const args = {
    path, privatekey_path: h.path('k.pem'), common_name: 'kolla.example.org', country_name: 'US', organizational_unit_name: 'kolla $ops',
    subject_alt_name: ['DNS:kolla.example.org', 'IP:10.0.0.1'], key_usage: ['digitalSignature', 'Key Encipherment'], extended_key_usage: ['serverAuth'],
    basic_constraints: ['CA:FALSE'], basic_constraints_critical: true,
  };
  const first = await assertChangesOnce(h, openSslCsrModule, args);
  assert.deepEqual(first.result.subject, [['C', 'US'], ['OU', 'kolla $ops'], ['CN', 'kolla.example.org']]);
  assert.deepEqual(first.result.subjectAltName, ['DNS:kolla.example.org', 'IP:10.0.0.1']);
  const t = await text(path);
  assert.match(t, /Subject: C = US, OU = kolla \$ops, CN = kolla\.example\.org/);
  assert.match(t, /DNS:kolla\.example\.org, IP Address:10\.0\.0\.1/);
  assert.match(t, /Digital Signature, Key Encipherment/);
  assert.match(t, /TLS Web Server Authentication/);
  assert.match(t, /Basic Constraints: critical\s+CA:FALSE/);
  assert.equal((await h.sh(`stat -c %a '${path}'`)).trim(), '644');
  assert.equal((await h.run(openSslCsrModule, { ...args, common_name: 'other' })).status, 'changed', 'a new subject');
  assert.equal((await h.run(openSslCsrModule, { ...args, common_name: 'other' })).status, 'ok');
  assert.equal((await h.run(openSslCsrModule, { ...args, common_name: 'other', extended_key_usage: ['clientAuth'] })).status, 'changed', 'another extension');
  assert.equal((await h.run(openSslCsrModule, { ...args, common_name: 'other', extended_key_usage: ['clientAuth'], privatekey_path: h.path('other.pem') })).status, 'changed', 'another key');
});

test('the common name becomes the subjectAltName unless told otherwise; an encrypted key opens with its passphrase, given on stdin only', async () => {
  const args = { path: h.path('b.csr'), privatekey_path: h.path('enc.pem'), privatekey_passphrase: 'kr-pass', CN: 'node1' };
  const rec = recordRuns(h.ctx);
  const r = await runModule(openSslCsrModule, args, rec.ctx, { check: false, diff: false });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.deepEqual(r.result.subjectAltName, ['DNS:node1']);
  assert.match(await text(h.path('b.csr')), /DNS:node1/);
  assert.ok(rec.runs.every((run) => !run.text.includes('kr-pass')));
  assert.doesNotMatch(JSON.stringify(r), /kr-pass/);
  assert.equal((await h.run(openSslCsrModule, args)).status, 'ok');
  const noSan = await h.run(openSslCsrModule, { ...args, path: h.path('c.csr'), use_common_name_for_san: false });
  assert.equal(noSan.result.subjectAltName, null);
  const wrong = await h.run(openSslCsrModule, { ...args, privatekey_passphrase: 'nope' });
  assert.equal(wrong.status, 'failed');
  assert.doesNotMatch(JSON.stringify(wrong), /nope/);
});
