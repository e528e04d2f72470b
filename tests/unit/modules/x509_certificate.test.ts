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
      `openssl req -new -key ${d}/srv.key -subj '/C=US/OU=kolla/CN=node1' -addext subjectAltName=DNS:node3 -addext extendedKeyUsage=serverAuth -out ${d}/srv3.csr`,
    ].join(' && '),
  );
});
after(() => h.close());

const root = () => ({ path: `${d}/ca.crt`, csr_path: `${d}/ca.csr`, privatekey_path: `${d}/ca.key`, privatekey_passphrase: 'kr-ca-pass', provider: 'selfsigned', selfsigned_not_after: '+1024d' });
const leaf = () => ({ path: `${d}/srv.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'ownca', ownca_path: `${d}/ca.crt`, ownca_privatekey_path: `${d}/ca.key`, ownca_privatekey_passphrase: 'kr-ca-pass', ownca_digest: 'sha256', ownca_not_after: '+365d' });

test("a self-signed CA: check mode writes nothing, made with the request's extensions, a key identifier and its validity (0644), then kept; the passphrase on no command line, no trust store loaded", async () => {
  const rec = recordRuns(h.ctx);
  const checked = await runModule(x509CertificateModule, root(), rec.ctx, { check: true, diff: false });
  assert.equal(checked.status, 'changed');
  assert.ok(rec.runs.every((r) => !r.text.includes('kr-ca-pass')));
  const openssl = rec.runs.filter((r) => r.text.includes('openssl '));
  assert.ok(openssl.length > 0 && openssl.every((r) => r.text.startsWith('export SSL_CERT_FILE=/dev/null SSL_CERT_DIR=/dev/null;')), 'openssl x509 spends 30 ms a call loading a trust store nothing here reads');
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
  assert.equal(daysUntil('-1d'), 1, 'openssl is given at least one day');
  const acme = await h.run(x509CertificateModule, { path: `${d}/a.crt`, csr_path: `${d}/srv.csr`, provider: 'acme' });
  assert.equal(acme.status, 'failed');
  assert.match(String(acme.result.msg), /provider acme is not supported by kolla-run/);
});

const fieldNames = (r: { result: Record<string, unknown> }) => Object.keys(r.result).sort();
const secondsFromNow = (asn1: unknown) => (Date.parse(String(asn1).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now()) / 1000;

test('selfsigned defaults: the fields community.crypto registers, no backup or content; check mode plans a 159-bit serial and the validity; backup and content when asked', async () => {
  const args = { path: `${d}/self.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'selfsigned', selfsigned_not_after: '+10d', selfsigned_version: 3 };
  const serials: bigint[] = [];
  for (let i = 0; i < 16; i++) {
    const planned = await h.run(x509CertificateModule, args, { check: true });
    assert.deepEqual(fieldNames(planned), ['changed', 'csr', 'filename', 'notAfter', 'notBefore', 'privatekey', 'serial_number']);
    assert.ok(Math.abs(secondsFromNow(planned.result.notAfter) - 10 * 86400) < 120, String(planned.result.notAfter));
    serials.push(BigInt(String(planned.result.serial_number)));
  }
  assert.ok(serials.every((n) => n > 0n && n < 2n ** 159n), 'positive, below 2^159');
  assert.ok(serials.some((n) => n >= 2n ** 150n), 'random over 159 bits');
  const made = await h.run(x509CertificateModule, args);
  assert.equal(made.status, 'changed', JSON.stringify(made.result));
  assert.deepEqual(fieldNames(made), ['changed', 'csr', 'filename', 'notAfter', 'notBefore', 'privatekey', 'serial_number']);
  assert.deepEqual([made.result.filename, made.result.csr, made.result.privatekey], [`${d}/self.crt`, `${d}/srv.csr`, `${d}/srv.key`]);
  assert.ok(Math.abs(secondsFromNow(made.result.notBefore)) < 120, String(made.result.notBefore));
  const serial = (await h.sh(`openssl x509 -in ${d}/self.crt -noout -serial`)).trim().replace('serial=', '');
  assert.equal(BigInt(String(made.result.serial_number)), BigInt(`0x${serial}`));
  const text = await h.sh(`openssl x509 -in ${d}/self.crt -noout -text`);
  assert.match(text, /Subject Key Identifier/);
  assert.doesNotMatch(text, /Authority Key Identifier/);
  const kept = await h.run(x509CertificateModule, args);
  assert.equal(kept.status, 'ok');
  assert.deepEqual([kept.result.notBefore, kept.result.serial_number], [made.result.notBefore, made.result.serial_number]);
  const forced = await h.run(x509CertificateModule, { ...args, force: true });
  assert.deepEqual([forced.status, forced.result.backup_file, forced.result.certificate], ['changed', undefined, undefined]);
  assert.deepEqual((await h.sh(`ls ${d}`)).split('\n').filter((n) => n.startsWith('self.crt')), ['self.crt']);
  const backed = await h.run(x509CertificateModule, { ...args, force: true, backup: true, return_content: true });
  assert.match(String(backed.result.backup_file), /self\.crt\.\d+\..+~$/);
  assert.equal(backed.result.certificate, await h.sh(`cat ${d}/self.crt`));
  const content = await h.run(x509CertificateModule, { ...args, return_content: true });
  assert.deepEqual([content.status, content.result.certificate], ['ok', await h.sh(`cat ${d}/self.crt`)]);
});

test('ownca: the CA fields, kept without privatekey_path, made again for a request with other extensions; key identifiers left out when asked', async () => {
  await h.run(x509CertificateModule, root());
  const { privatekey_path: _unused, ...noKey } = { ...leaf(), path: `${d}/l5.crt` };
  const made = await h.run(x509CertificateModule, noKey);
  assert.equal(made.status, 'changed', JSON.stringify(made.result));
  assert.deepEqual([made.result.ca_cert, made.result.ca_privatekey, made.result.privatekey, made.result.csr], [`${d}/ca.crt`, `${d}/ca.key`, null, `${d}/srv.csr`]);
  assert.equal((await h.run(x509CertificateModule, noKey)).status, 'ok');
  assert.equal((await h.run(x509CertificateModule, { ...noKey, csr_path: `${d}/srv3.csr` })).status, 'changed', 'same key and subject, another subjectAltName');
  assert.equal((await h.run(x509CertificateModule, { ...noKey, csr_path: `${d}/srv3.csr` })).status, 'ok');
  const bare = await h.run(x509CertificateModule, { ...noKey, path: `${d}/l6.crt`, ownca_create_subject_key_identifier: 'never_create', ownca_create_authority_key_identifier: false });
  assert.equal(bare.status, 'changed', JSON.stringify(bare.result));
  assert.doesNotMatch(await h.sh(`openssl x509 -in ${d}/l6.crt -noout -text`), /Key Identifier/);
  const self = await h.run(x509CertificateModule, { path: `${d}/s6.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'selfsigned', selfsigned_create_subject_key_identifier: 'never_create' });
  assert.equal(self.status, 'changed', JSON.stringify(self.result));
  assert.doesNotMatch(await h.sh(`openssl x509 -in ${d}/s6.crt -noout -text`), /Key Identifier/);
  assert.equal(self.result.ca_cert, undefined);
});

test('state absent removes the certificate, check mode only says so; a mode is fixed on a kept certificate; a folder that is not there fails', async () => {
  const args = { path: `${d}/gone.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'selfsigned' };
  await h.run(x509CertificateModule, args);
  const fixed = await h.run(x509CertificateModule, { ...args, mode: '0600' });
  assert.equal(fixed.status, 'changed', JSON.stringify(fixed.result));
  assert.deepEqual([fixed.result.filename, typeof fixed.result.notAfter], [`${d}/gone.crt`, 'string']);
  assert.equal((await h.sh(`stat -c %a ${d}/gone.crt`)).trim(), '600');
  assert.equal((await h.run(x509CertificateModule, { ...args, mode: '0600' })).status, 'ok');
  const checked = await h.run(x509CertificateModule, { path: `${d}/gone.crt`, state: 'absent' }, { check: true });
  assert.deepEqual([checked.status, checked.result], ['changed', { changed: true, filename: `${d}/gone.crt` }]);
  assert.equal((await h.sh(`test -e ${d}/gone.crt && echo there`)).trim(), 'there');
  const removed = await h.run(x509CertificateModule, { path: `${d}/gone.crt`, state: 'absent' });
  assert.deepEqual([removed.status, removed.result], ['changed', { changed: true, filename: `${d}/gone.crt` }]);
  const again = await h.run(x509CertificateModule, { path: `${d}/gone.crt`, state: 'absent' });
  assert.deepEqual([again.status, again.result], ['ok', { changed: false, filename: `${d}/gone.crt` }]);
  const folder = await h.run(x509CertificateModule, { ...args, path: `${d}/no/such/x.crt` });
  assert.deepEqual([folder.status, folder.result.changed], ['failed', false]);
  assert.match(String(folder.result.msg), /^Error while creating the certificate: /);
});

test('refusals, with community.crypto\'s messages where it has one', async () => {
  const self = { path: `${d}/r.crt`, csr_path: `${d}/srv.csr`, privatekey_path: `${d}/srv.key`, provider: 'selfsigned' };
  const msg = async (args: Record<string, unknown>) => {
    const r = await h.run(x509CertificateModule, args);
    assert.equal(r.status, 'failed', JSON.stringify(args));
    return String(r.result.msg);
  };
  assert.equal((await h.run(x509CertificateModule, { path: '', state: 'absent' })).status, 'failed');
  assert.match(await msg({ path: `${d}/r.crt` }), /state is present but all of the following are missing: provider/);
  assert.match(await msg({ ...self, provider: 'ownca', ownca_privatekey_path: `${d}/ca.key` }), /provider is ownca but ownca_path is missing/);
  assert.equal(await msg({ ...self, selfsigned_version: 2 }), 'The cryptography backend does not support v2 certificates');
  assert.equal(await msg({ ...leaf(), ownca_version: 2 }), 'The cryptography backend does not support v2 certificates');
  assert.match(await msg({ ...self, csr_path: undefined }), /give csr_path or csr_content/);
  assert.match(await msg({ ...self, privatekey_content: 'x' }), /privatekey_content and ownca_privatekey_content are not supported/);
  assert.match(await msg({ ...leaf(), ownca_privatekey_content: 'x' }), /privatekey_content and ownca_privatekey_content are not supported/);
  assert.equal(await msg({ ...self, privatekey_path: undefined }), 'provider is selfsigned but privatekey_path is missing');
  assert.equal(await msg({ ...leaf(), ownca_privatekey_path: undefined }), 'provider is ownca but ownca_privatekey_path is missing');
  assert.match(await msg({ ...self, selfsigned_not_after: 'soon' }), /^The time spec "soon" is invalid \(not_after\)$/);
  // A digest outside community.crypto's list is refused by name, and never reaches the host's shell.
  const marker = `${d}/digest-ran`;
  assert.equal(await msg({ ...self, selfsigned_digest: `sha256 -out /dev/null; touch ${marker};` }), `The digest sha256 -out /dev/null; touch ${marker}; is not supported with the cryptography backend`);
  assert.equal(await msg({ ...leaf(), ownca_digest: 'sha3_256' }), 'The digest sha3_256 is not supported with the cryptography backend');
  assert.equal((await h.sh(`test -e ${d}/r.crt || echo none; test -e ${marker} || echo none`)).trim(), 'none\nnone');
});
