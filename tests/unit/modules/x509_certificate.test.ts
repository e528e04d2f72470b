/**
 * x509_certificate over the local connection, with this machine's
 * openssl, as kolla-ansible's certificates role uses it: a self-signed CA
 * from its request, then a server certificate signed by it (ownca); each
 * made once, kept while it matches, made again when its request or CA
 * changes. The proof on a real host is tests/integration/modules/x509_certificate.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { daysUntil, x509CertificateModule } from '../../../src/modules/x509_certificate.js';
import { assertChangesOnce, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

let h: LocalModuleHost;
let d = '';
const EC = 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1';
before(async () => {
  h = await localModuleHost();
  d = h.root;
  await h.sh(
    [
      `${EC} -aes256 -pass pass:kr-ca-pass -out ${d}/ca.key`,
      `openssl req -new -key ${d}/ca.key -passin pass:kr-ca-pass -subj /CN=KollaTestCA -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature,keyCertSign -out ${d}/ca.csr`,
      `${EC} -out ${d}/srv.key`,
      `openssl req -new -key ${d}/srv.key -subj '/C=US/OU=kolla/CN=node1' -addext subjectAltName=DNS:node1,IP:10.0.0.5 -addext extendedKeyUsage=serverAuth -out ${d}/srv.csr`,
      `openssl req -new -key ${d}/srv.key -subj '/C=US/OU=kolla/CN=node2' -out ${d}/srv2.csr`,
      `${EC} -out ${d}/ca2.key`,
      `openssl req -new -key ${d}/ca2.key -subj /CN=KollaTestCA -addext basicConstraints=critical,CA:TRUE -out ${d}/ca2.csr`,
    ].join(' && '),
  );
});
after(() => h.close());

const root = () => ({ path: `${d}/ca.crt`, csr_path: `${d}/ca.csr`, privatekey_path: `${d}/ca.key`, privatekey_passphrase: 'kr-ca-pass', provider: 'selfsigned', selfsigned_not_after: '+1024d' });
const leaf = () => ({ path: `${d}/srv.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'ownca', ownca_path: `${d}/ca.crt`, ownca_privatekey_path: `${d}/ca.key`, ownca_privatekey_passphrase: 'kr-ca-pass', ownca_digest: 'sha256', ownca_not_after: '+365d' });

test("a self-signed CA: check mode writes nothing, made with the request's extensions, a key identifier and its validity (0644), then kept; the passphrase on no command line", async () => {
  const rec = recordRuns(h.ctx);
  const checked = await runModule(x509CertificateModule, root(), rec.ctx, { check: true, diff: false });
  assert.equal(checked.status, 'changed');
  assert.ok(rec.runs.every((r) => !r.text.includes('kr-ca-pass')));
  await assertChangesOnce(h, x509CertificateModule, root());
  const text = await h.sh(`openssl x509 -in ${d}/ca.crt -noout -text`);
  assert.match(text, /Issuer: CN = KollaTestCA/);
  assert.match(text, /Basic Constraints: critical\s+CA:TRUE/);
  assert.match(text, /Subject Key Identifier/);
  const days = (Date.parse((await h.sh(`openssl x509 -in ${d}/ca.crt -noout -enddate`)).replace('notAfter=', '')) - Date.now()) / 86_400_000;
  assert.ok(days > 1022 && days <= 1024, `valid for ${days} days`);
  assert.equal((await h.sh(`stat -c %a ${d}/ca.crt`)).trim(), '644');
});

test('a server certificate signed by that CA: verifies, kept (in check mode too), made again for a new request or a CA with another key', async () => {
  await h.run(x509CertificateModule, root());
  const first = await h.run(x509CertificateModule, leaf());
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.equal((await h.sh(`openssl verify -CAfile ${d}/ca.crt ${d}/srv.crt`)).trim(), `${d}/srv.crt: OK`);
  const text = await h.sh(`openssl x509 -in ${d}/srv.crt -noout -text`);
  assert.match(text, /DNS:node1, IP Address:10\.0\.0\.5/);
  assert.match(text, /Authority Key Identifier/);
  assert.equal((await h.run(x509CertificateModule, leaf(), { check: true })).status, 'ok');
  assert.equal((await h.run(x509CertificateModule, leaf())).status, 'ok');
  assert.equal((await h.run(x509CertificateModule, { ...leaf(), csr_path: `${d}/srv2.csr` })).status, 'changed', 'a request with another subject');
  assert.equal((await h.run(x509CertificateModule, { ...leaf(), csr_path: `${d}/srv2.csr` })).status, 'ok');
  await h.run(x509CertificateModule, { ...root(), force: true });
  assert.equal((await h.run(x509CertificateModule, { ...leaf(), csr_path: `${d}/srv2.csr` })).status, 'ok', 'the CA issued again with the same key and name still signed it, as Ansible checks');
  const ca2 = { path: `${d}/ca2.crt`, csr_path: `${d}/ca2.csr`, privatekey_path: `${d}/ca2.key`, provider: 'selfsigned' };
  assert.equal((await h.run(x509CertificateModule, ca2)).status, 'changed');
  const byCa2 = { ...leaf(), csr_path: `${d}/srv2.csr`, ownca_path: `${d}/ca2.crt`, ownca_privatekey_path: `${d}/ca2.key`, ownca_privatekey_passphrase: undefined };
  assert.equal((await h.run(x509CertificateModule, byCa2)).status, 'changed', 'a CA of the same name with another key did not sign it');
  assert.equal((await h.run(x509CertificateModule, byCa2)).status, 'ok');
});

test('relative and absolute validity as community.crypto reads them; acme is refused at run time', async () => {
  assert.equal(daysUntil('+365d'), 365);
  assert.equal(daysUntil('+1w1d12h'), 9);
  assert.equal(daysUntil('20300101000000Z', Date.UTC(2029, 11, 31)), 1);
  const acme = await h.run(x509CertificateModule, { path: `${d}/a.crt`, csr_path: `${d}/srv.csr`, provider: 'acme' });
  assert.equal(acme.status, 'failed');
  assert.match(String(acme.result.msg), /provider acme is not supported by kolla-run/);
});
