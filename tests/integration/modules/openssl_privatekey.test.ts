/** openssl_privatekey on a real host: generated once with mode 0600, kept while it matches, regenerated when not; passphrases never on a command line or in the result. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSslPrivateKeyModule } from '../../../src/modules/openssl_privatekey.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('privatekey');
const sum = async (path: string) => (await b.host.sh(`sha256sum ${path} | cut -d' ' -f1`)).trim();

test('an RSA key: check mode writes nothing, then generated (PKCS#1, 0600), then left alone; a new size regenerates it', async () => {
  const args = { path: `${b.dir}/a.key`, size: 2048 };
  const check = await b.host.run(openSslPrivateKeyModule, args, { check: true });
  assert.equal(check.status, 'changed');
  assert.equal((await b.host.sh(`test -e ${b.dir}/a.key && echo yes || echo no`)).trim(), 'no');
  const first = await b.host.run(openSslPrivateKeyModule, args);
  assert.equal(first.status, 'changed');
  assert.deepEqual([first.result.type, first.result.size, first.result.filename], ['RSA', 2048, `${b.dir}/a.key`]);
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/a.key`)).trim(), '600');
  assert.equal((await b.host.sh(`head -1 ${b.dir}/a.key`)).trim(), '-----BEGIN RSA PRIVATE KEY-----');
  const pub = (await b.host.sh(`openssl pkey -in ${b.dir}/a.key -pubout -outform DER | sha256sum | cut -d' ' -f1`)).trim();
  assert.equal(String((first.result.fingerprint as Record<string, string>).sha256).replaceAll(':', ''), pub, 'fingerprints are of the public key');
  const before = await sum(`${b.dir}/a.key`);
  const again = await b.host.run(openSslPrivateKeyModule, args);
  assert.equal(again.status, 'ok');
  assert.equal(await sum(`${b.dir}/a.key`), before);
  assert.equal((await b.host.run(openSslPrivateKeyModule, { ...args, mode: '0640' })).status, 'changed');
  assert.equal((await b.host.sh(`stat -c %a ${b.dir}/a.key`)).trim(), '640');
  const bigger = await b.host.run(openSslPrivateKeyModule, { ...args, size: 3072, mode: '0640' });
  assert.equal(bigger.status, 'changed');
  assert.equal(bigger.result.size, 3072);
  assert.notEqual(await sum(`${b.dir}/a.key`), before);
});

test('a passphrase: the key is encrypted with it, opened with it, and never appears in commands or results; the wrong one regenerates', async () => {
  const secret = 'kr-s3cret-phrase';
  const args = { path: `${b.dir}/e.key`, type: 'ECC', curve: 'secp256r1', passphrase: secret, cipher: 'auto' };
  const first = await b.host.run(openSslPrivateKeyModule, args);
  assert.equal(first.status, 'changed');
  assert.equal(first.result.curve, 'secp256r1');
  assert.match(await b.host.sh(`head -3 ${b.dir}/e.key`), /ENCRYPTED/);
  assert.doesNotMatch(JSON.stringify(first), new RegExp(secret));
  const again = await b.host.run(openSslPrivateKeyModule, args);
  assert.equal(again.status, 'ok');
  const other = await b.host.run(openSslPrivateKeyModule, { ...args, passphrase: 'another', cipher: 'auto' });
  assert.equal(other.status, 'changed', 'full_idempotence: a key the passphrase does not open is made again');
  const refused = await b.host.run(openSslPrivateKeyModule, { ...args, regenerate: 'fail' });
  assert.equal(refused.status, 'failed');
  assert.match(String(refused.result.msg), /^Unable to read the key/);
  const unencrypted = await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/e.key`, type: 'ECC', curve: 'secp256r1' });
  assert.equal(unencrypted.status, 'changed', 'an encrypted key asked without passphrase is made again');
});

test('Ed25519 in PKCS#8, return_content, state absent', async () => {
  const r = await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/d.key`, type: 'Ed25519', return_content: true });
  assert.equal(r.status, 'changed');
  assert.match(String(r.result.privatekey), /^-----BEGIN PRIVATE KEY-----/);
  assert.equal((await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/d.key`, type: 'Ed25519' })).status, 'ok');
  assert.equal((await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/d.key`, state: 'absent' }, { check: true })).status, 'changed');
  assert.equal((await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/d.key`, state: 'absent' })).status, 'changed');
  assert.equal((await b.host.run(openSslPrivateKeyModule, { path: `${b.dir}/d.key`, state: 'absent' })).status, 'ok');
});

test('bad parameters are refused', async () => {
  await assertRejected(b.host, openSslPrivateKeyModule, { path: `${b.dir}/x.key`, passphrase: 'x' }, 'cipher');
  await assertRejected(b.host, openSslPrivateKeyModule, { path: `${b.dir}/x.key`, type: 'rsa' }, 'type');
  await assertRejected(b.host, openSslPrivateKeyModule, { path: `${b.dir}/x.key`, type: 'ECC' }, 'curve');
});
