/** x509_certificate_info on a real host: a certificate made there with openssl, read by path and by content, under community.crypto's names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { x509CertificateInfoModule } from '../../../src/modules/x509_certificate_info.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('x509info');

test('subject, issuer, validity, valid_at, extensions and fingerprints, by path and by content, in check mode too', async () => {
  await b.host.sh(
    `openssl req -x509 -newkey rsa:2048 -nodes -keyout ${b.dir}/c.key -subj '/C=US/O=Kolla/CN=ci.example' -addext subjectAltName=DNS:a,IP:10.0.0.1 -addext keyUsage=critical,digitalSignature,keyCertSign -addext extendedKeyUsage=serverAuth,clientAuth -days 10 -out ${b.dir}/c.crt 2>/dev/null`,
  );
  const pem = await b.host.sh(`cat ${b.dir}/c.crt`);
  const serial = BigInt(`0x${(await b.host.sh(`openssl x509 -in ${b.dir}/c.crt -noout -serial`)).trim().replace('serial=', '')}`).toString();
  const sha256 = (await b.host.sh(`openssl x509 -in ${b.dir}/c.crt -noout -fingerprint -sha256`)).trim().replace(/^.*=/, '').toLowerCase();
  for (const [args, check] of [[{ path: `${b.dir}/c.crt` }, false], [{ content: pem }, true]] as const) {
    const r = await b.host.run(x509CertificateInfoModule, { ...args, valid_at: { soon: '+1d', later: '+30d' } }, { check });
    assert.equal(r.status, 'ok');
    const i = r.result;
    assert.deepEqual(i.subject, { countryName: 'US', organizationName: 'Kolla', commonName: 'ci.example' });
    assert.deepEqual(i.issuer_ordered, [['countryName', 'US'], ['organizationName', 'Kolla'], ['commonName', 'ci.example']]);
    assert.deepEqual(i.subject_alt_name, ['DNS:a', 'IP:10.0.0.1']);
    assert.deepEqual([i.key_usage, i.key_usage_critical], [['Certificate Sign', 'Digital Signature'], true]);
    assert.deepEqual(i.extended_key_usage, ['TLS Web Client Authentication', 'TLS Web Server Authentication']);
    assert.deepEqual([i.basic_constraints, i.basic_constraints_critical], [['CA:TRUE'], true]);
    assert.deepEqual(i.valid_at, { soon: true, later: false });
    assert.equal(i.expired, false);
    assert.equal(i.version, 3);
    assert.equal(i.public_key_type, 'RSA');
    assert.equal(i.signature_algorithm, 'sha256WithRSAEncryption');
    assert.equal(String(i.serial_number), serial);
    assert.equal((i.fingerprints as Record<string, string>).sha256, sha256);
    assert.match(String(i.not_after), /^\d{14}Z$/);
    assert.equal(i.subject_key_identifier, i.authority_key_identifier);
    assert.equal((i.extensions_by_oid as Record<string, { critical: boolean }>)['2.5.29.15']?.critical, true);
  }
});

test('a missing file fails with the module\'s message; neither or both of path and content are refused', async () => {
  const r = await b.host.run(x509CertificateInfoModule, { path: `${b.dir}/none.crt` });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^Error while reading certificate file from disk/);
  await assertRejected(b.host, x509CertificateInfoModule, {}, 'path');
});
