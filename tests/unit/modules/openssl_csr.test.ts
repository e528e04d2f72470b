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

test('defaults: no extension critical, no TLS feature or key identifier, no backup, no content; the named fields registered, unset ones null', async () => {
  const path = h.path('d.csr');
  const args = {
    path, privatekey_path: h.path('k.pem'), CN: 'kolla', subject_alt_name: ['DNS:api.example.org'], key_usage: ['digitalSignature'], extended_key_usage: ['serverAuth'],
    basic_constraints: ['CA:FALSE'], name_constraints_permitted: ['DNS:.example.org'],
  };
  const r = await h.run(openSslCsrModule, args);
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.deepEqual(r.result, {
    changed: true, filename: path, privatekey: h.path('k.pem'), subject: [['CN', 'kolla']], subjectAltName: ['DNS:api.example.org'], keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'], basicConstraints: ['CA:FALSE'], ocspMustStaple: false, name_constraints_permitted: ['DNS:.example.org'], name_constraints_excluded: [],
  });
  const t = await text(path);
  assert.match(t, /Subject: CN = kolla\n/);
  assert.match(t, /Name Constraints:/);
  assert.doesNotMatch(t, /critical/);
  assert.doesNotMatch(t, /TLS Feature|Subject Key Identifier/);
  const kept = await h.run(openSslCsrModule, args);
  assert.equal(kept.status, 'ok');
  assert.equal(kept.result.csr, undefined);
  const remade = await h.run(openSslCsrModule, { ...args, CN: 'kolla2', version: 1 });
  assert.equal(remade.status, 'changed', JSON.stringify(remade.result));
  assert.equal(remade.result.backup_file, undefined);
  assert.deepEqual((await h.sh(`ls '${h.root}'`)).split('\n').filter((n) => n.startsWith('d.csr')), ['d.csr']);
  const bare = await h.run(openSslCsrModule, { path: h.path('bare.csr'), privatekey_path: h.path('k.pem'), CN: 'bare', country_name: '' });
  assert.deepEqual([bare.result.subject, bare.result.subjectAltName, bare.result.keyUsage, bare.result.extendedKeyUsage, bare.result.basicConstraints], [[['CN', 'bare']], ['DNS:bare'], null, null, null]);
  assert.deepEqual([bare.result.name_constraints_permitted, bare.result.name_constraints_excluded], [[], []]);
});

test('every _critical flag marks its extension; must-staple and the subject key identifier when asked; backup and content when asked', async () => {
  const path = h.path('crit.csr');
  const base = { path, privatekey_path: h.path('k.pem'), CN: 'kolla', ocsp_must_staple: true, name_constraints_excluded: ['DNS:.bad.org'] };
  await h.run(openSslCsrModule, base);
  assert.match(await text(path), /TLS Feature:\s*\n\s*status_request/);
  const args = {
    ...base, subject_alt_name: ['DNS:a'], key_usage: ['digitalSignature'], extended_key_usage: ['serverAuth'], basic_constraints: ['CA:FALSE'],
    subject_alt_name_critical: true, key_usage_critical: true, extended_key_usage_critical: true, basic_constraints_critical: true, ocsp_must_staple_critical: true,
    name_constraints_critical: true, create_subject_key_identifier: true, backup: true, return_content: true,
  };
  const r = await h.run(openSslCsrModule, args);
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.match(String(r.result.backup_file), /crit\.csr\.\d+\..+~$/);
  assert.match(await h.sh(`cat '${String(r.result.backup_file)}'`), /BEGIN CERTIFICATE REQUEST/);
  assert.equal(r.result.csr, await h.read('crit.csr'));
  const t = await text(path);
  for (const name of ['Subject Alternative Name', 'Key Usage', 'Extended Key Usage', 'Basic Constraints', 'TLS Feature', 'Name Constraints']) assert.match(t, new RegExp(`X509v3 ${name}: critical|${name}: critical`), name);
  assert.match(t, /Subject Key Identifier/);
  const kept = await h.run(openSslCsrModule, args);
  assert.equal(kept.status, 'ok');
  assert.equal(kept.result.csr, await h.read('crit.csr'));
  assert.equal(kept.result.backup_file, undefined);
});

test('an empty subjectAltName list falls back to the common name; no subject at all makes an empty one', async () => {
  const empty = await h.run(openSslCsrModule, { path: h.path('e.csr'), privatekey_path: h.path('k.pem'), country_name: 'DE', CN: 'node2', subject_alt_name: [] });
  assert.deepEqual(empty.result.subjectAltName, ['DNS:node2']);
  assert.match(await text(h.path('e.csr')), /DNS:node2/);
  const none = await h.run(openSslCsrModule, { path: h.path('n.csr'), privatekey_path: h.path('k.pem'), subject_alt_name: ['DNS:only'] });
  assert.equal(none.status, 'changed', JSON.stringify(none.result));
  assert.deepEqual(none.result.subject, []);
  assert.match(await text(h.path('n.csr')), /Subject: *\n/);
  assert.equal((await h.run(openSslCsrModule, { path: h.path('n.csr'), privatekey_path: h.path('k.pem'), subject_alt_name: ['DNS:only'] })).status, 'ok');
});

test('--diff says whether a request was there and the subjectAltName it gets', async () => {
  const args = { path: h.path('diff.csr'), privatekey_path: h.path('k.pem'), CN: 'one' };
  const made = await h.run(openSslCsrModule, args, { diff: true });
  assert.match(JSON.stringify(made.diff), /"csr: absent|absent/);
  assert.match(JSON.stringify(made.diff), /DNS:one/);
  const again = await h.run(openSslCsrModule, { ...args, CN: 'two' }, { diff: true });
  assert.match(JSON.stringify(again.diff), /present/);
  assert.doesNotMatch(JSON.stringify(again.diff), /absent/);
});

test('state absent removes the request (no key needed), check mode only says so; a mode is fixed on a kept request', async () => {
  const path = h.path('gone.csr');
  await h.run(openSslCsrModule, { path, privatekey_path: h.path('k.pem'), CN: 'gone' });
  const fixed = await h.run(openSslCsrModule, { path, privatekey_path: h.path('k.pem'), CN: 'gone', mode: '0600' });
  assert.equal(fixed.status, 'changed', JSON.stringify(fixed.result));
  assert.equal(fixed.result.filename, path);
  assert.equal((await h.sh(`stat -c %a '${path}'`)).trim(), '600');
  assert.equal((await h.run(openSslCsrModule, { path, privatekey_path: h.path('k.pem'), CN: 'gone', mode: '0600' })).status, 'ok');
  const checked = await h.run(openSslCsrModule, { path, state: 'absent' }, { check: true });
  assert.deepEqual([checked.status, checked.result], ['changed', { changed: true, filename: path }]);
  assert.equal((await h.sh(`test -e '${path}' && echo there`)).trim(), 'there');
  const removed = await h.run(openSslCsrModule, { path, state: 'absent' });
  assert.deepEqual([removed.status, removed.result], ['changed', { changed: true, filename: path }]);
  assert.equal((await h.sh(`test -e '${path}' || echo gone`)).trim(), 'gone');
  const again = await h.run(openSslCsrModule, { path, state: 'absent' });
  assert.deepEqual([again.status, again.result], ['ok', { changed: false, filename: path }]);
});

test('refusals: no key, an empty path, an unknown key usage, a folder that is not there, a bad key', async () => {
  const noKey = await h.run(openSslCsrModule, { path: h.path('x.csr'), CN: 'x' });
  assert.equal(noKey.status, 'failed');
  assert.match(String(noKey.result.msg), /missing: privatekey_path, privatekey_content/);
  assert.equal((await h.run(openSslCsrModule, { path: '', state: 'absent' })).status, 'failed');
  const usage = await h.run(openSslCsrModule, { path: h.path('x.csr'), privatekey_path: h.path('k.pem'), key_usage: ['bogus'] });
  assert.deepEqual([usage.status, usage.result.changed, usage.result.msg], ['failed', false, 'Unknown keyUsage "bogus"']);
  const folder = await h.run(openSslCsrModule, { path: h.path('no', 'such', 'x.csr'), privatekey_path: h.path('k.pem'), CN: 'x' });
  assert.deepEqual([folder.status, folder.result.changed], ['failed', false]);
  assert.match(String(folder.result.msg), /^Error while generating the request: /);
  const badKey = await h.run(openSslCsrModule, { path: await h.write('old.csr', 'not a request'), privatekey_path: h.path('no-key.pem'), CN: 'x' });
  assert.deepEqual([badKey.status, badKey.result.changed], ['failed', false]);
  assert.match(String(badKey.result.msg), /^(?!Error while generating).*(error|unable|Could not)/i);
});

test('a digest outside community.crypto\'s list fails with its message, and never reaches the host\'s shell', async () => {
  const marker = h.path('digest-ran');
  for (const digest of ['sha3_256', `sha256 -out /dev/null; touch ${marker};`]) {
    const r = await h.run('openssl_csr', { path: h.path('sig.csr'), privatekey_path: h.path('k.pem'), common_name: 'x', digest });
    assert.deepEqual([r.status, r.result.msg], ['failed', `Unsupported digest "${digest}"`]);
  }
  await assert.rejects(h.read('digest-ran'));
  await assert.rejects(h.read('sig.csr'));
  assert.equal((await h.run('openssl_csr', { path: h.path('sig.csr'), privatekey_path: h.path('k.pem'), common_name: 'x', digest: 'sha384' })).status, 'changed');
});
