/**
 * What the community.crypto modules share (src/modules/support/openssl.ts):
 * community.crypto's time specs, fingerprints (Python's hashlib is the
 * oracle), key kinds, the extension list read from openssl's text, the
 * parts of one openssl print, the write script's mode and owner, failures as results, openssl's message.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { backupField, exactInteger, extensionsOf, fingerprints, fixAttributes, keyKind, opensslError, printedParts, removeFile, timeAt, writeScript } from '../../../../src/modules/support/openssl.js';
import { localModuleHost, type LocalModuleHost } from '../../../support/local-module-host.js';
import { ansiblePython } from '../../../support/ansible-python.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

test('time specs: relative with every unit and sign, ASN.1 absolute, now or empty; anything else refused', () => {
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  assert.equal(timeAt('+1w', now).getTime(), now + 604_800_000);
  assert.equal(timeAt('+1d2h3m4s', now).getTime(), now + (86_400 + 7_200 + 180 + 4) * 1000);
  assert.equal(timeAt('+5s', now).getTime(), now + 5000);
  assert.equal(timeAt('-1h', now).getTime(), now - 3_600_000);
  assert.equal(timeAt('20300615102030Z', now).toISOString(), '2030-06-15T10:20:30.000Z');
  assert.equal(timeAt('now', now).getTime(), now);
  assert.equal(timeAt('', now).getTime(), now);
  assert.throws(() => timeAt('soon', now), /The time spec "soon" is invalid/);
});

test("fingerprints as community.crypto's get_fingerprint_of_bytes computes them (shake digests 32 bytes)", () => {
  const bytes = Buffer.from('kolla-run fingerprint');
  const python = execFileSync(ansiblePython(), ['-c', "import hashlib,sys,json; b=sys.argv[1].encode(); print(json.dumps({a: (lambda h: h.hexdigest(32) if a.startswith('shake') else h.hexdigest())(getattr(hashlib, a)(b)) for a in ['md5', 'sha256', 'shake_128', 'shake_256', 'blake2b', 'sha3_512']}))", bytes.toString()]).toString();
  const want = JSON.parse(python) as Record<string, string>;
  const got = fingerprints(bytes);
  for (const [name, hex] of Object.entries(want)) assert.equal(got[name], hex.match(/../g)?.join(':'), name);
});

test('key kinds: a DSA key has its size', () => {
  const { publicKey } = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
  assert.deepEqual(keyKind(publicKey.export({ format: 'der', type: 'spki' })), { type: 'DSA', size: 1024 });
});

test("extensions from openssl's text: from the heading on, multi-line values kept, a line back at the heading's indent ends them", () => {
  const text = ['    X509v3 extensions:', '        X509v3 Subject Alternative Name: ', '            DNS:a,', '            DNS:b', '        X509v3 Basic Constraints: critical', '            CA:TRUE', '    Signature Algorithm: x', '        ignored'].join('\n');
  assert.deepEqual([...extensionsOf(text)], [
    ['X509v3 Subject Alternative Name:', 'DNS:a,\nDNS:b\n'],
    ['X509v3 Basic Constraints: critical', 'CA:TRUE\n'],
  ]);
  assert.deepEqual([...extensionsOf('no extensions here')], []);
});

test('one openssl print of -subject, -issuer, -pubkey and -text, told apart: each part as that option alone prints it (with the same -nameopt)', () => {
  const dir = h.path('printed');
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: h.root, encoding: 'utf8', env: { ...process.env, SSL_CERT_FILE: '/dev/null' } });
  execFileSync('mkdir', ['-p', dir]);
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`, '-subj', '/O=Kolla, Inc./CN=a b', '-addext', 'subjectAltName=DNS:a', '-days', '2');
  openssl('req', '-new', '-key', `${dir}/k.pem`, '-subj', '/CN=req', '-addext', 'keyUsage=critical,digitalSignature', '-out', `${dir}/r.csr`);
  for (const [kind, file, fields] of [['x509', 'c.pem', ['subject', 'issuer']], ['req', 'r.csr', ['subject']]] as const) {
    const alone = (option: string, ...more: string[]) => openssl(kind, '-in', `${dir}/${file}`, '-noout', option, ...more);
    // -nameopt shapes the names in -text too: the checks compare texts printed alike
    const want: Record<string, string> = { pub: alone('-pubkey'), text: alone('-text', '-nameopt', 'RFC2253') };
    for (const field of fields) want[field] = alone(`-${field}`, '-nameopt', 'RFC2253');
    const options = [...fields.map((f) => `-${f}`), '-nameopt', 'RFC2253', '-pubkey', '-text'];
    assert.deepEqual(Object.fromEntries(printedParts(alone(options[0] ?? '', ...options.slice(1)))), want, kind);
    // in another order too: versions of OpenSSL print them in their own order
    assert.deepEqual(Object.fromEntries(printedParts(alone('-text', '-pubkey', ...fields.map((f) => `-${f}`), '-nameopt', 'RFC2253'))), want, `${kind}, text first`);
  }
  assert.deepEqual(printedParts(''), new Map(), 'an unread file prints no part');
});

test('the write script gives the mode asked (octal text or number) and the owner and group asked, chown only then', () => {
  const lines = (attrs: Parameters<typeof writeScript>[2]) => writeScript('/x/f', 'true', attrs, false).split('\n');
  assert.ok(lines({ mode: 0o600 }).includes(`chmod 600 "$t" || exit 1`), lines({ mode: 0o600 }).join('\n'));
  assert.ok(lines({ mode: '0640' }).includes(`chmod 0640 "$t" || exit 1`));
  assert.ok(lines({}).includes(`chmod 600 "$t" || exit 1`), 'the umask 077 mode');
  assert.ok(!lines({}).some((l) => l.startsWith('chown')));
  assert.ok(lines({ owner: 'kolla' }).includes(`chown kolla "$t" || exit 1`), lines({ owner: 'kolla' }).join('\n'));
  assert.ok(lines({ group: 'kolla' }).includes(`chown :kolla "$t" || exit 1`));
  assert.ok(lines({ owner: 'a', group: 'b' }).includes(`chown a:b "$t" || exit 1`));
  assert.deepEqual(backupField('x\nB /etc/f.1.2~\n'), { backup_file: '/etc/f.1.2~' });
});

test("failures as results: a removal or an attribute fix that fails; openssl's telling line, else its first, else its exit", async () => {
  const dir = h.path('a-dir');
  await h.sh(`mkdir -p '${dir}'`);
  const removed = await removeFile(h.ctx, dir);
  assert.deepEqual([removed.failed, removed.changed], [true, false]);
  assert.match(String(removed.msg), /Is a directory/);
  assert.deepEqual(await fixAttributes(h.ctx, 'echo nope >&2; false'), { failed: true, changed: false, msg: 'nope' });
  assert.equal(await fixAttributes(h.ctx, 'true'), undefined);
  assert.equal(opensslError({ rc: 1, stdout: '', stderr: 'reading\n\nunable to load key\n', command: '' }), 'unable to load key');
  assert.equal(opensslError({ rc: 1, stdout: 'second', stderr: 'first\n', command: '' }), 'first');
  assert.equal(opensslError({ rc: 3, stdout: '', stderr: '', command: '' }), 'openssl exited 3');
});

test('integers: exact ones as numbers up to 2^53-1, larger ones as text', () => {
  assert.equal(exactInteger(BigInt(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  assert.equal(exactInteger(BigInt(Number.MAX_SAFE_INTEGER) + 1n), '9007199254740992');
});
