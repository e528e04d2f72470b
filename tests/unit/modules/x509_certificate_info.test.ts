/**
 * x509_certificate_info over the local connection, reading a certificate
 * made with this machine's openssl: community.crypto's field names and
 * values, by path and by content. The proof against ansible-playbook is
 * the differential test's x509 cases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { x509CertificateInfoModule } from '../../../src/modules/x509_certificate_info.js';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
let pem = '';
before(async () => {
  h = await localModuleHost();
  await h.sh(
    `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ${h.path('c.key')} -subj '/C=US/O=Kolla/CN=ci.example' -addext subjectAltName=DNS:a,IP:10.0.0.1 -addext keyUsage=critical,digitalSignature,keyCertSign -addext extendedKeyUsage=serverAuth,clientAuth -days 10 -out '${h.path('c d.crt')}' 2>/dev/null`,
  );
  pem = await h.read('c d.crt');
});
after(() => h.close());

test('subject, issuer, validity, valid_at, extensions and fingerprints, by path (read only) and by content', async () => {
  const serial = BigInt(`0x${(await h.sh(`openssl x509 -in '${h.path('c d.crt')}' -noout -serial`)).trim().replace('serial=', '')}`).toString();
  const sha256 = (await h.sh(`openssl x509 -in '${h.path('c d.crt')}' -noout -fingerprint -sha256`)).trim().replace(/^.*=/, '').toLowerCase();
  for (const args of [{ path: h.path('c d.crt') }, { content: pem }]) {
    const r = await assertReadOnly(h, x509CertificateInfoModule, { ...args, valid_at: { soon: '+1d', later: '+30d' } });
    const i = r.result;
    assert.deepEqual(i.subject, { countryName: 'US', organizationName: 'Kolla', commonName: 'ci.example' });
    assert.deepEqual(i.issuer_ordered, [['countryName', 'US'], ['organizationName', 'Kolla'], ['commonName', 'ci.example']]);
    assert.deepEqual(i.subject_alt_name, ['DNS:a', 'IP:10.0.0.1']);
    assert.deepEqual([i.key_usage, i.key_usage_critical], [['Certificate Sign', 'Digital Signature'], true]);
    assert.deepEqual(i.extended_key_usage, ['TLS Web Client Authentication', 'TLS Web Server Authentication']);
    assert.deepEqual([i.basic_constraints, i.basic_constraints_critical], [['CA:TRUE'], true]);
    assert.deepEqual(i.valid_at, { soon: true, later: false });
    assert.deepEqual([i.expired, i.version, i.public_key_type, i.signature_algorithm], [false, 3, 'ECC', 'ecdsa-with-SHA256']);
    assert.equal(String(i.serial_number), serial);
    assert.equal((i.fingerprints as Record<string, string>).sha256, sha256);
    assert.match(String(i.not_after), /^\d{14}Z$/);
    assert.equal(i.subject_key_identifier, i.authority_key_identifier);
    assert.equal((i.extensions_by_oid as Record<string, { critical: boolean }>)['2.5.29.15']?.critical, true);
  }
});

test("a missing file fails with the module's message", async () => {
  const r = await h.run(x509CertificateInfoModule, { path: h.path('none.crt') });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^Error while reading certificate file from disk/);
});
