import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decryptEnvelope, encryptText, isVaultText, parseEnvelope } from '../../../src/vault/envelope.js';
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
