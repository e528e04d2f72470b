/**
 * x509_certificate_info over the local connection, reading a certificate
 * made with this machine's openssl: community.crypto's field names and
 * values, by path and by content. The proof against ansible-playbook is
 * the differential test's x509 cases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeCertificate, x509CertificateInfoModule } from '../../../src/modules/x509_certificate_info.js';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { scriptedHost } from '../../support/scripted-host.js';
import { ansiblePython } from '../../support/ansible-python.js';

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

test("a missing file fails with the module's message, its path named as Python's repr names it and never run by a shell", async () => {
  const r = await h.run(x509CertificateInfoModule, { path: h.path('none.crt') });
  assert.deepEqual([r.status, r.result.msg], ['failed', `Error while reading certificate file from disk: [Errno 2] No such file or directory: '${h.path('none.crt')}'`]);
  const marker = h.path('ran');
  const hostile = h.path(`it's $(touch ${marker}).crt`);
  const quoted = await h.run(x509CertificateInfoModule, { path: hostile });
  assert.equal(quoted.result.msg, `Error while reading certificate file from disk: [Errno 2] No such file or directory: "${hostile}"`);
  await assert.rejects(h.read('ran'), 'the command in the path did not run');
});

test("a file the host's user cannot read: Errno 13 (told by the script's own exit code; root reads every file, so a scripted host answers)", async () => {
  const script = (rc: number) => scriptedHost().on(/\[ -r "\$c" \]/, () => ({ rc, stdout: '', stderr: '' }));
  const denied = await script(4).run(x509CertificateInfoModule, { path: '/etc/ssl/private/key.crt' });
  assert.equal(denied.result.msg, "Error while reading certificate file from disk: [Errno 13] Permission denied: '/etc/ssl/private/key.crt'");
  const missing = await script(3).run(x509CertificateInfoModule, { path: '/nowhere.crt' });
  assert.equal(missing.result.msg, "Error while reading certificate file from disk: [Errno 2] No such file or directory: '/nowhere.crt'");
  const openssl = await script(1).run(x509CertificateInfoModule, { path: '/bad.crt' });
  assert.match(String(openssl.result.msg), /^Error while decoding certificate/, 'openssl failing (exit 1) is no reading error');
});

/** What Python's cryptography (community.crypto's backend) reads in the certificate: extensions by OID and the key's numbers. */
const ORACLE = String.raw`
import sys, json, base64
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa, ec
c = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
def der(v):
    return v.value if isinstance(v, x509.UnrecognizedExtension) else v.public_bytes()
k = c.public_key().public_numbers()
key = {'modulus': str(k.n), 'exponent': k.e} if isinstance(c.public_key(), rsa.RSAPublicKey) else {'x': str(k.x), 'y': str(k.y)}
print(json.dumps({'exts': {e.oid.dotted_string: {'critical': e.critical, 'value': base64.b64encode(der(e.value)).decode()} for e in c.extensions}, 'key': key}))
`;

test('a big RSA certificate: every extension by OID and the key numbers as cryptography reads them, must-staple, OCSP and CA issuer URIs, valid_at at its very bounds', async () => {
  const path = h.path('big.crt');
  const names = Array.from({ length: 40 }, (_, i) => `DNS:host-${i}.kolla.example.org`).join(',');
  await h.sh(
    `openssl req -x509 -newkey rsa:2048 -nodes -keyout ${h.path('big.key')} -subj /CN=big -days 5 -addext subjectAltName=${names} -addext tlsfeature=status_request ` +
      `-addext 'authorityInfoAccess=OCSP;URI:http://ocsp.example/,caIssuers;URI:http://ca.example/ca.crt' -addext 1.2.3.4000=ASN1:UTF8String:hello -addext 1.0.1=ASN1:UTF8String:zero -out ${path} 2>/dev/null`,
  );
  const oracle = JSON.parse(await h.sh(`${ansiblePython()} -c '${ORACLE.replace(/'/g, `'\\''`)}' ${path}`)) as { exts: Record<string, unknown>; key: Record<string, unknown> };
  const r = await assertReadOnly(h, x509CertificateInfoModule, { path });
  const i = r.result;
  assert.deepEqual(i.extensions_by_oid, oracle.exts);
  assert.equal((i.extensions_by_oid as Record<string, { critical: boolean }>)['2.5.29.17']?.critical, false);
  assert.deepEqual(i.public_key_data, { size: 2048, modulus: oracle.key.modulus, exponent: oracle.key.exponent });
  assert.deepEqual([i.ocsp_must_staple, i.ocsp_must_staple_critical, i.ocsp_uri, i.issuer_uri], [true, false, 'http://ocsp.example/', 'http://ca.example/ca.crt']);
  assert.equal((i.subject_alt_name as string[]).length, 40);
  const ski = (await h.sh(`openssl x509 -in ${path} -noout -ext subjectKeyIdentifier`)).split('\n')[1]?.trim().toLowerCase();
  assert.equal(i.subject_key_identifier, ski);
  const bounds = await h.run(x509CertificateInfoModule, { path, valid_at: { start: String(i.not_before), end: String(i.not_after) } });
  assert.deepEqual(bounds.result.valid_at, { start: true, end: true });
  const ecOracle = JSON.parse(await h.sh(`${ansiblePython()} -c '${ORACLE.replace(/'/g, `'\\''`)}' '${h.path('c d.crt')}'`)) as { key: Record<string, unknown> };
  const ecInfo = await h.run(x509CertificateInfoModule, { content: pem });
  assert.deepEqual(ecInfo.result.public_key_data, { curve: 'secp256r1', ...ecOracle.key });
  assert.deepEqual([ecInfo.result.ocsp_must_staple, ecInfo.result.ocsp_must_staple_critical, ecInfo.result.ocsp_uri, ecInfo.result.issuer_uri], [null, false, null, null]);
});

test('a version 1 certificate: no extensions, nulls; expired only once past not_after', async () => {
  const path = h.path('v1.crt');
  await h.sh(`openssl req -new -key ${h.path('c.key')} -subj /CN=v1 -out ${h.path('v1.csr')} && openssl x509 -req -in ${h.path('v1.csr')} -key ${h.path('c.key')} -days 2 -out ${path} 2>/dev/null`);
  const i = (await assertReadOnly(h, x509CertificateInfoModule, { path })).result;
  assert.deepEqual([i.version, i.extensions_by_oid, i.subject_alt_name, i.key_usage, i.basic_constraints], [1, {}, null, null, null]);
  assert.deepEqual([i.subject_key_identifier, i.authority_key_identifier, i.subject_alt_name_critical, i.key_usage_critical], [null, null, false, false]);
  const der = (await h.sh(`openssl x509 -in ${path} -outform DER | base64 -w0`)).trim();
  const text = await h.sh(`openssl x509 -in ${path} -noout -text`);
  const notAfter = Date.parse(String((await h.sh(`openssl x509 -in ${path} -noout -enddate`)).replace('notAfter=', '')));
  const s = new Map([['der', der], ['text', text]]);
  assert.equal(describeCertificate(s, undefined, notAfter).expired, false);
  assert.equal(describeCertificate(s, undefined, notAfter + 1000).expired, true);
});

test("content that is no certificate fails with openssl's first line; a bad valid_at spec fails", async () => {
  const bad = await h.run(x509CertificateInfoModule, { content: 'not a certificate' });
  assert.deepEqual([bad.status, bad.result.changed], ['failed', false]);
  assert.match(String(bad.result.msg), /^Error while decoding certificate: \S/);
  assert.doesNotMatch(String(bad.result.msg), /\n/);
  assert.match(String(bad.result.msg), /^Error while decoding certificate: Could not read certificate from \S+$/, "openssl's first line");
  const spec = await h.run(x509CertificateInfoModule, { content: pem, valid_at: { x: 'bogus' } });
  assert.deepEqual([spec.status, spec.result.changed, spec.result.msg], ['failed', false, 'The time spec "bogus" is invalid']);
});
