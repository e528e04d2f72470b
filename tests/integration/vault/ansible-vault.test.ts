/**
 * Differential: what the installed ansible-vault encrypts (encrypt and
 * encrypt_string, 1.1 and 1.2 with a vault id) kolla-run decrypts, and what
 * kolla-run encrypts (genpwd's passwords.yml) ansible-vault decrypts.
 * Password files as Ansible reads them: a plain file, an executable script,
 * ANSIBLE_VAULT_PASSWORD_FILE.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { genpwd } from '../../../src/kolla/genpwd.js';
import { PASSWORDS_TEMPLATE } from '../../../src/kolla/config-path.js';
import { encryptText } from '../../../src/vault/envelope.js';
import { setVaultKeyring, VaultKeyring } from '../../../src/vault/keyring.js';
import { loadVaultSecrets } from '../../../src/vault/passwords.js';
import { parseYaml } from '../../../src/yaml/load.js';

const haveVault = spawnSync('ansible-vault', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'kr-vault-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pwFile = join(dir, 'pw');
writeFileSync(pwFile, 'the vault pw\n');
const noAsk = () => Promise.reject(new Error('no prompt in this test'));

function vault(args: string[]): string {
  return execFileSync('ansible-vault', args, { encoding: 'utf8', cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function keyring(sources: Parameters<typeof loadVaultSecrets>[0], env: NodeJS.ProcessEnv = {}): Promise<VaultKeyring> {
  return new VaultKeyring(await loadVaultSecrets(sources, noAsk, env));
}

test('encrypt_string values (1.1, and 1.2 with a vault id) in a vars file', { skip: !haveVault && 'ansible-vault is not installed' }, async () => {
  const a = vault(['encrypt_string', '--vault-password-file', pwFile, 'Plain: "value" {{ x }}', '--name', 'a']);
  const b = vault(['encrypt_string', '--vault-id', `prod@${pwFile}`, 'multi\nline\n', '--name', 'b']);
  setVaultKeyring(await keyring({ passwordFiles: [pwFile] }));
  try {
    assert.deepEqual(parseYaml(`${a}\n${b}\nc: 3\n`, join(dir, 'vars.yml')).value, { a: 'Plain: "value" {{ x }}', b: 'multi\nline\n', c: 3 });
  } finally {
    setVaultKeyring(new VaultKeyring());
  }
});

test('a whole encrypted file, its password from an executable script named by --vault-id', { skip: !haveVault && 'ansible-vault is not installed' }, async () => {
  const file = join(dir, 'passwords.yml');
  writeFileSync(file, 'database_password: From-Ansible-Vault\nnested: {k: [1, two]}\n');
  vault(['encrypt', '--vault-id', `kolla@${pwFile}`, file]);
  assert.match(readFileSync(file, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;kolla\n/);
  const script = join(dir, 'pw-script');
  writeFileSync(script, '#!/bin/sh\necho "the vault pw"\n');
  chmodSync(script, 0o700);
  setVaultKeyring(await keyring({ vaultIds: [`kolla@${script}`] }));
  try {
    assert.deepEqual(parseYaml(readFileSync(file, 'utf8'), file).value, { database_password: 'From-Ansible-Vault', nested: { k: [1, 'two'] } });
  } finally {
    setVaultKeyring(new VaultKeyring());
  }
});

test('what kolla-run encrypts, ansible-vault decrypts (a value, and genpwd\'s passwords.yml)', { skip: !haveVault && 'ansible-vault is not installed' }, async () => {
  const sealed = join(dir, 'sealed.txt');
  writeFileSync(sealed, encryptText('kolla-run wrote this\n', Buffer.from('the vault pw'), 'lab'));
  assert.equal(vault(['view', '--vault-id', `lab@${pwFile}`, sealed]), 'kolla-run wrote this\n');
  const ring = await keyring({}, { ANSIBLE_VAULT_PASSWORD_FILE: pwFile });
  const out = join(dir, 'gen', 'passwords.yml');
  const result = await genpwd(out, PASSWORDS_TEMPLATE, () => 'Generated-Password-1', { keyring: ring, encryptWith: ring.secrets[0] });
  assert.equal(result.encrypted, true);
  assert.match(readFileSync(out, 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
  const plain = vault(['view', '--vault-password-file', pwFile, out]);
  assert.match(plain, /^database_password: Generated-Password-1$/m);
  // A second run with the password completes it and keeps it encrypted; without, it says vault.
  const again = await genpwd(out, PASSWORDS_TEMPLATE, () => 'never', { keyring: ring });
  assert.deepEqual(again.generated, []);
  await assert.rejects(genpwd(out, PASSWORDS_TEMPLATE, () => 'never'), /passwords\.yml: vault: the file is encrypted/);
});

test('password files: trailing whitespace dropped, a missing or empty one is a clear error', async () => {
  assert.equal((await loadVaultSecrets({ passwordFiles: [pwFile] }, noAsk, {}))[0]?.password.toString(), 'the vault pw');
  await assert.rejects(loadVaultSecrets({ passwordFiles: [join(dir, 'nope')] }, noAsk, {}), /vault password file .*nope was not found/);
  const empty = join(dir, 'empty');
  writeFileSync(empty, '\n');
  await assert.rejects(loadVaultSecrets({ passwordFiles: [empty] }, noAsk, {}), /vault password from .*empty is empty/);
  const asked = await loadVaultSecrets({ askVaultPass: true, vaultIds: ['x@prompt'] }, async (q) => `typed for ${q}`, {});
  assert.deepEqual(asked.map((s) => [s.label, s.password.toString()]), [['x', 'typed for Vault password (x):'], ['default', 'typed for Vault password:']]);
});
