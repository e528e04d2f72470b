/** openssl_csr on a real host: made once from the key there, kept while subject, extensions and key match, made again when they do not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSslCsrModule } from '../../../src/modules/openssl_csr.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('csr');
let keys = false;
async function ensureKeys(): Promise<void> {
  if (keys) return;
  await b.host.sh(`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out ${b.dir}/k.pem && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -aes256 -pass pass:kr-pass -out ${b.dir}/enc.pem && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out ${b.dir}/other.pem`);
  keys = true;
}
const text = (path: string) => b.host.sh(`openssl req -in ${path} -noout -text -reqopt no_sigdump,no_pubkey`);

test('a request: check mode writes nothing, then made with subject and extensions, then kept (ECDSA signatures differ each time)', async () => {
  await ensureKeys();
  const args = { path: `${b.dir}/a.csr`, privatekey_path: `${b.dir}/k.pem`, common_name: 'kolla.example.org', country_name: 'US', organizational_unit_name: 'kolla', subject_alt_name: ['DNS:kolla.example.org', 'IP:10.0.0.1'], key_usage: ['digitalSignature', 'Key Encipherment'], extended_key_usage: ['serverAuth'], basic_constraints: ['CA:FALSE'], basic_constraints_critical: true };
  const check = await b.host.run(openSslCsrModule, args, { check: true });
  assert.equal(check.status, 'changed');
  assert.equal((await b.host.sh(`test -e ${b.dir}/a.csr && echo yes || echo no`)).trim(), 'no');
  const first = await b.host.run(openSslCsrModule, args);
  assert.equal(first.status, 'changed');
  assert.deepEqual(first.result.subject, [['C', 'US'], ['OU', 'kolla'], ['CN', 'kolla.example.org']]);
  const t = await text(`${b.dir}/a.csr`);
  assert.match(t, /Subject: C = US, OU = kolla, CN = kolla\.example\.org/);
  assert.match(t, /DNS:kolla\.example\.org, IP Address:10\.0\.0\.1/);
  assert.match(t, /Digital Signature, Key Encipherment/);
  assert.match(t, /TLS Web Server Authentication/);
  assert.match(t, /Basic Constraints: critical\s+CA:FALSE/);
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/a.csr`)).trim(), '644');
  const made = await b.host.sh(`sha256sum < ${b.dir}/a.csr`);
  assert.equal((await b.host.run(openSslCsrModule, args)).status, 'ok');
  assert.equal(await b.host.sh(`sha256sum < ${b.dir}/a.csr`), made, 'left alone');
  assert.equal((await b.host.run(openSslCsrModule, { ...args, common_name: 'other' })).status, 'changed', 'a new subject');
  assert.equal((await b.host.run(openSslCsrModule, { ...args, common_name: 'other' })).status, 'ok');
  assert.equal((await b.host.run(openSslCsrModule, { ...args, common_name: 'other', privatekey_path: `${b.dir}/other.pem` })).status, 'changed', 'another key');
});

test('the common name becomes the subjectAltName unless told otherwise; an encrypted key opens with its passphrase, which never shows', async () => {
  await ensureKeys();
  const args = { path: `${b.dir}/b.csr`, privatekey_path: `${b.dir}/enc.pem`, privatekey_passphrase: 'kr-pass', CN: 'node1' };
  const r = await b.host.run(openSslCsrModule, args);
  assert.equal(r.status, 'changed');
  assert.deepEqual(r.result.subjectAltName, ['DNS:node1']);
  assert.match(await text(`${b.dir}/b.csr`), /DNS:node1/);
  assert.doesNotMatch(JSON.stringify(r), /kr-pass/);
  assert.equal((await b.host.run(openSslCsrModule, args)).status, 'ok');
  const wrong = await b.host.run(openSslCsrModule, { ...args, privatekey_passphrase: 'nope' });
  assert.equal(wrong.status, 'failed');
  assert.doesNotMatch(JSON.stringify(wrong), /nope/);
});

test('bad parameters are refused', async () => {
  await assertRejected(b.host, openSslCsrModule, { path: `${b.dir}/x.csr`, CN: 'x' }, 'privatekey_path');
  await assertRejected(b.host, openSslCsrModule, { path: `${b.dir}/x.csr`, privatekey_path: '/k', version: 3 }, 'version');
});
