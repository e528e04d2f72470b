/**
 * x509_certificate on a real host, as kolla-ansible's certificates role
 * uses it: a self-signed CA from its request, then a server certificate
 * from another request signed by that CA (ownca); each made once, kept
 * while it matches, made again when its request or CA changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysUntil, x509CertificateModule } from '../../../src/modules/x509_certificate.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('x509');
let made = false;
/** Keys and requests made with openssl directly: the CA's (CA:TRUE, keyCertSign) and a server's (SAN, serverAuth). */
async function requests(): Promise<void> {
  if (made) return;
  const d = b.dir;
  await b.host.sh(
    [
      `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${d}/ca.key -aes256 -pass pass:kr-ca-pass`,
      `openssl req -new -key ${d}/ca.key -passin pass:kr-ca-pass -subj /CN=KollaTestCA -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature,keyCertSign -out ${d}/ca.csr`,
      `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${d}/srv.key`,
      `openssl req -new -key ${d}/srv.key -subj '/C=US/OU=kolla/CN=node1' -addext subjectAltName=DNS:node1,IP:10.0.0.5 -addext extendedKeyUsage=serverAuth -out ${d}/srv.csr`,
      `openssl req -new -key ${d}/srv.key -subj '/C=US/OU=kolla/CN=node2' -out ${d}/srv2.csr`,
      `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${d}/ca2.key`,
      `openssl req -new -key ${d}/ca2.key -subj /CN=KollaTestCA -addext basicConstraints=critical,CA:TRUE -out ${d}/ca2.csr`,
    ].join(' && '),
  );
  made = true;
}

const root = () => ({ path: `${b.dir}/ca.crt`, csr_path: `${b.dir}/ca.csr`, privatekey_path: `${b.dir}/ca.key`, privatekey_passphrase: 'kr-ca-pass', provider: 'selfsigned', selfsigned_not_after: '+1024d' });
const leaf = () => ({ path: `${b.dir}/srv.crt`, csr_path: `${b.dir}/srv.csr`, privatekey_path: `${b.dir}/srv.key`, provider: 'ownca', ownca_path: `${b.dir}/ca.crt`, ownca_privatekey_path: `${b.dir}/ca.key`, ownca_privatekey_passphrase: 'kr-ca-pass', ownca_digest: 'sha256', ownca_not_after: '+365d' });
const sum = (path: string) => b.host.sh(`sha256sum < ${path}`);

test('a self-signed CA: check mode writes nothing, then made with the request\'s extensions and a key identifier, then kept', async () => {
  await requests();
  const check = await b.host.run(x509CertificateModule, root(), { check: true });
  assert.equal(check.status, 'changed');
  assert.equal((await b.host.sh(`test -e ${b.dir}/ca.crt && echo yes || echo no`)).trim(), 'no');
  const first = await b.host.run(x509CertificateModule, root());
  assert.equal(first.status, 'changed');
  assert.doesNotMatch(JSON.stringify(first), /kr-ca-pass/);
  const text = await b.host.sh(`openssl x509 -in ${b.dir}/ca.crt -noout -text`);
  assert.match(text, /Issuer: CN = KollaTestCA/);
  assert.match(text, /Basic Constraints: critical\s+CA:TRUE/);
  assert.match(text, /Subject Key Identifier/);
  assert.match(text, /Version: 3/);
  const days = (Date.parse((await b.host.sh(`openssl x509 -in ${b.dir}/ca.crt -noout -enddate`)).replace('notAfter=', '')) - Date.now()) / 86_400_000;
  assert.ok(days > 1022 && days <= 1024, `valid for ${days} days`);
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/ca.crt`)).trim(), '644');
  const before = await sum(`${b.dir}/ca.crt`);
  assert.equal((await b.host.run(x509CertificateModule, root())).status, 'ok');
  assert.equal(await sum(`${b.dir}/ca.crt`), before);
});

test('a server certificate signed by that CA: verifies, kept, made again for a new request or a new CA', async () => {
  await requests();
  await b.host.run(x509CertificateModule, root());
  const first = await b.host.run(x509CertificateModule, leaf());
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.equal((await b.host.sh(`openssl verify -CAfile ${b.dir}/ca.crt ${b.dir}/srv.crt`)).trim(), `${b.dir}/srv.crt: OK`);
  const text = await b.host.sh(`openssl x509 -in ${b.dir}/srv.crt -noout -text`);
  assert.match(text, /DNS:node1, IP Address:10\.0\.0\.5/);
  assert.match(text, /Authority Key Identifier/);
  assert.equal((await b.host.run(x509CertificateModule, leaf(), { check: true })).status, 'ok');
  assert.equal((await b.host.run(x509CertificateModule, leaf())).status, 'ok');
  assert.equal((await b.host.run(x509CertificateModule, { ...leaf(), csr_path: `${b.dir}/srv2.csr` })).status, 'changed', 'a request with another subject');
  assert.equal((await b.host.run(x509CertificateModule, { ...leaf(), csr_path: `${b.dir}/srv2.csr` })).status, 'ok');
  await b.host.run(x509CertificateModule, { ...root(), force: true });
  assert.equal((await b.host.run(x509CertificateModule, { ...leaf(), csr_path: `${b.dir}/srv2.csr` })).status, 'ok', 'the CA issued again with the same key and name still signed it, as Ansible checks');
  const ca2 = { path: `${b.dir}/ca2.crt`, csr_path: `${b.dir}/ca2.csr`, privatekey_path: `${b.dir}/ca2.key`, provider: 'selfsigned' };
  assert.equal((await b.host.run(x509CertificateModule, ca2)).status, 'changed');
  const byCa2 = { ...leaf(), csr_path: `${b.dir}/srv2.csr`, ownca_path: `${b.dir}/ca2.crt`, ownca_privatekey_path: `${b.dir}/ca2.key`, ownca_privatekey_passphrase: undefined };
  assert.equal((await b.host.run(x509CertificateModule, byCa2)).status, 'changed', 'a CA of the same name with another key did not sign it');
  assert.equal((await b.host.run(x509CertificateModule, byCa2)).status, 'ok');
});

test('relative and absolute validity; acme refused at run time; bad parameters refused', async () => {
  assert.equal(daysUntil('+365d'), 365);
  assert.equal(daysUntil('+1w1d12h'), 9);
  assert.equal(daysUntil('20300101000000Z', Date.UTC(2029, 11, 31)), 1);
  const acme = await b.host.run(x509CertificateModule, { path: `${b.dir}/a.crt`, csr_path: `${b.dir}/srv.csr`, provider: 'acme' });
  assert.equal(acme.status, 'failed');
  assert.match(String(acme.result.msg), /provider acme is not supported by kolla-run/);
  await assertRejected(b.host, x509CertificateModule, { path: `${b.dir}/a.crt`, provider: 'bogus' }, 'provider');
  await assertRejected(b.host, x509CertificateModule, { path: `${b.dir}/a.crt`, provider: 'ownca', csr_path: '/x' }, 'ownca_path');
});
