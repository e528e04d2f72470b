import assert from 'node:assert/strict';
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decryptEnvelope, encryptText, isVaultText, parseEnvelope, VaultFormatError, type Envelope } from '../../../src/vault/envelope.js';
import { VaultError, VaultKeyring } from '../../../src/vault/keyring.js';
import { parseYaml, unsafeText } from '../../../src/yaml/load.js';
import { setVaultKeyring } from '../../../src/vault/keyring.js';
import { runSecrets } from '../../../src/vars/secrets.js';

const pw = Buffer.from('correct horse');

test('encrypt then decrypt gives the text back; 1.1 for the default id, 1.2 naming another', () => {
  for (const text of ['', 'a', 'x'.repeat(16), 'multi\nline\n', 'é ünïcode']) {
    const sealed = encryptText(text, pw);
    assert.ok(sealed.startsWith('$ANSIBLE_VAULT;1.1;AES256\n'));
    assert.ok(sealed.split('\n').slice(1, -1).every((l) => l.length <= 80));
    assert.equal(decryptEnvelope(parseEnvelope(sealed), pw)?.toString('utf8'), text);
  }
  const labelled = encryptText('v', pw, 'prod');
  assert.ok(labelled.startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n'));
  assert.equal(parseEnvelope(labelled).label, 'prod');
});

test('a wrong password fails the HMAC (no garbage plaintext)', () => {
  assert.equal(decryptEnvelope(parseEnvelope(encryptText('secret', pw)), Buffer.from('wrong')), undefined);
});

test('the keyring tries the matching vault id first, then every other; errors say vault and what was tried', () => {
  const keyring = new VaultKeyring([
    { label: 'dev', password: Buffer.from('devpw'), source: 'dev.txt' },
    { label: 'prod', password: pw, source: 'prod.txt' },
  ]);
  assert.equal(keyring.decrypt(encryptText('p', pw, 'prod')).toString(), 'p');
  assert.equal(keyring.decrypt(encryptText('d', pw, 'other')).toString(), 'd', 'an unknown label still tries every password');
  assert.throws(() => keyring.decrypt(encryptText('x', Buffer.from('nope'))), (e: Error) => e instanceof VaultError && /no vault password given decrypts it \(tried dev from dev.txt, prod from prod.txt\)/.test(e.message));
  assert.throws(() => new VaultKeyring().decrypt(encryptText('x', pw)), /no vault password was given \(--vault-password-file/);
  assert.throws(() => keyring.decrypt('$ANSIBLE_VAULT;1.1;AES256\nzz\n'), /not a valid vault envelope/);
  assert.ok(isVaultText('  $ANSIBLE_VAULT;1.1;AES256\n00'));
});

test('!vault values and whole encrypted files are opened by the YAML loader; errors name file:line:col and say vault', () => {
  const value = encryptText('Opened-Secret-1', pw);
  const text = `a: 1\nb: !vault |\n${value.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}\n`;
  setVaultKeyring(new VaultKeyring());
  assert.throws(() => parseYaml(text, '/x/vars.yml'), /\/x\/vars\.yml:2:11: vault: this value is encrypted, and no vault password was given/);
  assert.throws(() => parseYaml(encryptText('a: 1\n', pw), '/x/whole.yml'), /\/x\/whole\.yml: vault: the file is encrypted/);
  setVaultKeyring(new VaultKeyring([{ label: 'default', password: pw, source: 'f' }]));
  try {
    assert.deepEqual(parseYaml(text, '/x/vars.yml').value, { a: 1, b: 'Opened-Secret-1' });
    assert.deepEqual(parseYaml(encryptText('c: [1, 2]\n', pw), '/x/whole.yml').value, { c: [1, 2] });
    assert.equal(runSecrets.mask('Opened-Secret-1'), '********', 'a vaulted value is a secret of the run');
  } finally {
    setVaultKeyring(new VaultKeyring());
  }
});

test('!unsafe: a template that renders to exactly the text', () => {
  assert.equal(unsafeText('plain'), 'plain');
  assert.equal(unsafeText('a {{ b }} {% raw %}{# c'), "a {{ '{{' }} b }} {{ '{%' }} raw %}{{ '{#' }} c");
  assert.deepEqual(parseYaml("u: !unsafe '{{ x }}'\n", '/x/u.yml').value, { u: "{{ '{{' }} x }}" });
});

/** Written by ansible-vault 2.14 (encrypt_string, password "vault-pw-1"): the key derivation and cipher must be Ansible's, not merely self-consistent. */
const BY_ANSIBLE_VAULT = `$ANSIBLE_VAULT;1.1;AES256
34306437626561633638346136353434356433623663313661613131303533656663656337356366
3764643236643836623138646538656232653136323065630a643566363439316465303133326232
36303565363137323462636564396566613939343339653666323036653035303730386462343535
3231653639373238350a326635383235633430666430613032616365343064656466333263623932
36303430376463643335646434316239393335363862323561313164633462363530`;
const BY_ANSIBLE_VAULT_PROD = `$ANSIBLE_VAULT;1.2;AES256;prod
61383362656535356139653661633536333262666161396638393965383233656439353034396565
6136623731646332366162393436666330653236386337610a303539396536663131336332326562
38393465333264636335353161663161373939396338363464616331633736623265643238616364
6532313364353565390a623566653661386636326561373535633631333039303065383363363233
6535`;

test('envelopes ansible-vault wrote open with its password, 1.1 and 1.2 (its label read)', () => {
  const ansiblePw = Buffer.from('vault-pw-1');
  assert.equal(decryptEnvelope(parseEnvelope(BY_ANSIBLE_VAULT), ansiblePw)?.toString(), 'Made by ansible-vault');
  const labelled = parseEnvelope(BY_ANSIBLE_VAULT_PROD);
  assert.equal(labelled.label, 'prod');
  assert.equal(decryptEnvelope(labelled, ansiblePw)?.toString(), 'Labelled prod');
  assert.equal(parseEnvelope(BY_ANSIBLE_VAULT_PROD.replace(';prod', '')).label, 'default', 'a 1.2 envelope naming no id');
});

test('a malformed envelope: the error says what is wrong in it', () => {
  const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');
  const cases: Array<[string, string]> = [
    ['$ANSIBLE_VAULT', 'vault format (none) is not supported (1.1 and 1.2 are)'],
    ['$ANSIBLE_VAULT;2.0;AES256\n00', 'vault format 2.0 is not supported (1.1 and 1.2 are)'],
    ['$ANSIBLE_VAULT;1.1', 'cipher (none) is not supported (AES256 is)'],
    ['$ANSIBLE_VAULT;1.2;AES128;x\n00', 'cipher AES128 is not supported (AES256 is)'],
    ['$ANSIBLE_VAULT;1.1;AES256\nabc', 'the body is not hexadecimal'],
    [`$ANSIBLE_VAULT;1.1;AES256\n${hex('ab\ncd')}`, 'its body does not hold salt, HMAC and ciphertext'],
    [`$ANSIBLE_VAULT;1.1;AES256\n${hex('abc\ncd\nef')}`, 'the salt is not hexadecimal'],
    [`$ANSIBLE_VAULT;1.1;AES256\n${hex('ab\nxy\nef')}`, 'the HMAC is not hexadecimal'],
    [`$ANSIBLE_VAULT;1.1;AES256\n${hex('ab\ncd\ne')}`, 'the ciphertext is not hexadecimal'],
    ['ANSIBLE_VAULT;1.1;AES256\n00', 'it does not start with $ANSIBLE_VAULT'],
  ];
  for (const [text, reason] of cases) assert.throws(() => parseEnvelope(text), (e: unknown) => e instanceof VaultFormatError && e.message === reason, text);
});

/** An envelope around `plain` as is (no padding added), sealed with Ansible's keys: what a broken writer holding the password would leave. */
function sealUnpadded(plain: Buffer, password: Buffer): Envelope {
  const salt = randomBytes(32);
  const derived = pbkdf2Sync(password, salt, 10_000, 80, 'sha256');
  const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(64, 80));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const hmac = createHmac('sha256', derived.subarray(32, 64)).update(ciphertext).digest();
  return { version: '1.1', label: 'default', salt, hmac, ciphertext };
}

test('the right password but a padding no writer makes (0, over 16, longer than the text, none at all) is an error, not garbage', () => {
  assert.equal(decryptEnvelope(sealUnpadded(Buffer.from('hello\x03\x03\x03'), pw), pw)?.toString(), 'hello');
  assert.equal(decryptEnvelope(sealUnpadded(Buffer.from('x'.repeat(16) + '\x10'.repeat(16)), pw), pw)?.toString(), 'x'.repeat(16));
  for (const plain of [Buffer.from('hello\x00'), Buffer.from('x'.repeat(31) + '\x11'), Buffer.from([9, 9, 9, 9, 9]), Buffer.alloc(0)]) {
    assert.throws(() => decryptEnvelope(sealUnpadded(plain, pw), pw), (e: unknown) => e instanceof VaultFormatError && e.message === 'its padding is invalid', JSON.stringify([...plain]));
  }
});
