/**
 * openssl_privatekey over the local connection, with this machine's
 * openssl, in a temp folder: the module's decisions (keep, regenerate,
 * format, passphrase) on real keys, check mode changing nothing, the
 * passphrase never on a command line. The proof against ansible-playbook
 * is the differential test's openssl-privatekey cases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { openSslPrivateKeyModule } from '../../../src/modules/openssl_privatekey.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const mode = async (path: string) => (await h.sh(`stat -c %a '${path}'`)).trim();
const sum = (path: string) => h.sh(`sha256sum < '${path}'`);

test('an RSA key in a folder with a space: check mode writes nothing, made once as PKCS#1 with mode 0600, kept; a new mode or size acts', async () => {
  const path = h.path('my keys', 'a.key');
  await h.sh(`mkdir -p '${h.path('my keys')}'`);
  const args = { path, size: 1024 };
  const first = await assertChangesOnce(h, openSslPrivateKeyModule, args);
  assert.deepEqual([first.result.type, first.result.size, first.result.filename, first.result.changed], ['RSA', 1024, path, true]);
  assert.equal(await mode(path), '600');
  assert.equal((await h.sh(`head -1 '${path}'`)).trim(), '-----BEGIN RSA PRIVATE KEY-----');
  const pub = (await h.sh(`openssl pkey -in '${path}' -pubout -outform DER | sha256sum | cut -d' ' -f1`)).trim();
  assert.equal(String((first.result.fingerprint as Record<string, string>).sha256).replaceAll(':', ''), pub, 'fingerprints are of the public key');
  const before = await sum(path);
  assert.equal((await h.run(openSslPrivateKeyModule, { ...args, mode: '0640' })).status, 'changed');
  assert.deepEqual([await mode(path), await sum(path)], ['640', before], 'a new mode keeps the key');
  const bigger = await h.run(openSslPrivateKeyModule, { ...args, size: 2048, mode: '0640' });
  assert.deepEqual([bigger.status, bigger.result.size], ['changed', 2048]);
  assert.notEqual(await sum(path), before);
});

test('a passphrase: reaches openssl on stdin only, never in a command or the result; the wrong one regenerates, or fails with regenerate=fail', async () => {
  const secret = 'kr-s3cret phrase';
  const path = h.path('e.key');
  const args = { path, type: 'ECC', curve: 'secp256r1', passphrase: secret, cipher: 'auto' };
  const rec = recordRuns(h.ctx);
  const first = await runModule(openSslPrivateKeyModule, args, rec.ctx, { check: false, diff: false });
  assert.deepEqual([first.status, first.result.curve], ['changed', 'secp256r1']);
  assert.ok(rec.runs.every((r) => !r.text.includes(secret)), 'no command line holds the passphrase');
  assert.ok(rec.runs.some((r) => r.stdin?.includes(secret)), 'it goes on stdin');
  assert.doesNotMatch(JSON.stringify(first), /s3cret/);
  assert.match(await h.sh(`head -3 '${path}'`), /ENCRYPTED/);
  assert.equal((await h.run(openSslPrivateKeyModule, args)).status, 'ok');
  const snapshot = await localSnapshot(h.root);
  const refused = await h.run(openSslPrivateKeyModule, { ...args, passphrase: 'another', regenerate: 'fail' });
  assert.equal(refused.status, 'failed');
  assert.match(String(refused.result.msg), /^Unable to read the key/);
  assert.equal(await localSnapshot(h.root), snapshot);
  assert.equal((await h.run(openSslPrivateKeyModule, { ...args, passphrase: 'another' })).status, 'changed', 'full_idempotence: a key the passphrase does not open is made again');
  assert.equal((await h.run(openSslPrivateKeyModule, { path, type: 'ECC', curve: 'secp256r1' })).status, 'changed', 'an encrypted key asked without passphrase is made again');
  assert.equal((await h.run(openSslPrivateKeyModule, { path, type: 'ECC', curve: 'secp384r1' })).status, 'changed', 'another curve');
});

test('Ed25519 as PKCS#8 with return_content; format pkcs8 asked of an RSA PKCS#1 key regenerates it; absent removes, then ok', async () => {
  const path = h.path('d.key');
  const r = await h.run(openSslPrivateKeyModule, { path, type: 'Ed25519', return_content: true });
  assert.equal(r.status, 'changed');
  assert.match(String(r.result.privatekey), /^-----BEGIN PRIVATE KEY-----/);
  assert.equal((await h.run(openSslPrivateKeyModule, { path, type: 'Ed25519' })).status, 'ok');
  const rsa = h.path('f.key');
  await h.run(openSslPrivateKeyModule, { path: rsa, size: 1024 });
  assert.equal((await h.run(openSslPrivateKeyModule, { path: rsa, size: 1024, format: 'pkcs8' })).status, 'changed');
  assert.equal((await h.sh(`head -1 '${rsa}'`)).trim(), '-----BEGIN PRIVATE KEY-----');
  assert.equal((await h.run(openSslPrivateKeyModule, { path: rsa, size: 1024, format: 'pkcs8' })).status, 'ok');
  assert.equal((await h.run(openSslPrivateKeyModule, { path, state: 'absent' }, { check: true })).status, 'changed');
  assert.equal((await h.sh(`test -e '${path}' && echo yes || echo no`)).trim(), 'yes');
  assert.equal((await h.run(openSslPrivateKeyModule, { path, state: 'absent' })).status, 'changed');
  assert.equal((await h.run(openSslPrivateKeyModule, { path, state: 'absent' })).status, 'ok');
});

test('no backup or content unless asked; force makes the key again; refusals: an empty path, size 0, a folder that is not there', async () => {
  const path = h.path('plain.pem');
  const args = { path, type: 'ECC', curve: 'secp256r1' };
  const made = await h.run(openSslPrivateKeyModule, args);
  assert.equal(made.status, 'changed', JSON.stringify(made.result));
  assert.deepEqual([made.result.backup_file, made.result.privatekey], [undefined, undefined]);
  const before = await sum(path);
  const forced = await h.run(openSslPrivateKeyModule, { ...args, force: true });
  assert.deepEqual([forced.status, forced.result.backup_file], ['changed', undefined]);
  assert.notEqual(await sum(path), before);
  assert.deepEqual((await h.sh(`ls '${h.root}'`)).split('\n').filter((n) => n.startsWith('plain.pem')), ['plain.pem']);
  assert.equal((await h.run(openSslPrivateKeyModule, { path: '', state: 'absent' })).status, 'failed');
  const zero = await h.run(openSslPrivateKeyModule, { path: h.path('zero.pem'), size: 0 });
  assert.equal(zero.status, 'failed');
  assert.match(String(zero.result.msg), /size/);
  const folder = await h.run(openSslPrivateKeyModule, { path: h.path('no', 'such', 'k.pem'), type: 'ECC', curve: 'secp256r1' });
  assert.deepEqual([folder.status, folder.result.changed], ['failed', false]);
  assert.match(String(folder.result.msg), /^Error while generating private key: /);
});

test('size defaults to 4096 bits, as community.crypto: check mode on a missing key registers it', async () => {
  // ansible localhost -C -m community.crypto.openssl_privatekey -a path=NEW: changed, size 4096, type RSA.
  const path = h.path('default-size.key');
  const r = await h.run(openSslPrivateKeyModule, { path }, { check: true });
  assert.deepEqual([r.status, r.result.size, r.result.type], ['changed', 4096, 'RSA']);
});
