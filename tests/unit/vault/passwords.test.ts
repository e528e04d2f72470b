/** Where vault passwords come from, as Ansible's CLI takes them: files, scripts, the prompt, --vault-id labels, the environment. */
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EnvironmentError, UsageError } from '../../../src/errors.js';
import { loadVaultSecrets } from '../../../src/vault/passwords.js';
import { tempDirSync } from '../../support/temp-dir.js';

const dir = tempDirSync('kr-vault-pw-');
const noPrompt = () => Promise.reject(new Error('no prompt expected'));

function file(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const passwords = (secrets: Array<{ label: string; password: Buffer; source: string }>) => secrets.map((s) => [s.label, s.password.toString(), s.source]);

test('a password file: its text without trailing whitespace; readable by all but executable by none, it is read, not run', async () => {
  const plain = file('plain.txt', 'pass word\n\t \n');
  const shared = file('shared.txt', 'echo not-run\n', 0o666);
  assert.deepEqual(passwords(await loadVaultSecrets({ passwordFiles: [plain, shared] }, noPrompt, {})), [
    ['default', 'pass word', plain],
    ['default', 'echo not-run', shared],
  ]);
});

test('an executable file is run (by owner, group or other bit alike): its output is the password', async () => {
  const owner = file('owner.sh', '#!/bin/sh\necho from-owner\n', 0o700);
  const group = file('group.sh', '#!/bin/sh\necho from-group\n', 0o750);
  assert.deepEqual(passwords(await loadVaultSecrets({ vaultIds: [`ops@${owner}`, group] }, noPrompt, {})), [
    ['ops', 'from-owner', `the script ${owner}`],
    ['default', 'from-group', `the script ${group}`],
  ]);
});

test("a script that fails: an error with its first line of errors, or its exit status; one that writes over 1 MiB fails too", async () => {
  const noisy = file('noisy.sh', '#!/bin/sh\necho "  no key here" >&2\necho second >&2\nexit 2\n', 0o700);
  await assert.rejects(loadVaultSecrets({ passwordFiles: [noisy] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && e.message === `vault: the vault password script ${noisy} failed: no key here`);
  const quiet = file('quiet.sh', '#!/bin/sh\nexit 3\n', 0o700);
  await assert.rejects(loadVaultSecrets({ passwordFiles: [quiet] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && e.message === `vault: the vault password script ${quiet} failed: it exited with status 3`);
  const flood = file('flood.sh', '#!/bin/sh\nhead -c 1500000 /dev/zero | tr "\\0" x\n', 0o700);
  await assert.rejects(loadVaultSecrets({ passwordFiles: [flood] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && /failed: stdout maxBuffer length exceeded$/.test(e.message));
  const blank = file('blank.sh', '#!/bin/sh\necho\n', 0o700);
  await assert.rejects(loadVaultSecrets({ passwordFiles: [blank] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && e.message === `vault: the vault password from the script ${blank} is empty`);
});

test('an empty or missing password file is an error naming it', async () => {
  const empty = file('empty.txt', ' \n\n');
  await assert.rejects(loadVaultSecrets({ passwordFiles: [empty] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && e.message === `vault: the vault password from ${empty} is empty`);
  const missing = join(dir, 'missing.txt');
  await assert.rejects(loadVaultSecrets({ passwordFiles: [missing] }, noPrompt, {}), (e: unknown) => e instanceof EnvironmentError && e.message === `vault: the vault password file ${missing} was not found`);
});

test('the prompt: --ask-vault-pass and --vault-id label@prompt ask, naming the label when there is one', async () => {
  const asked: string[] = [];
  const ask = (question: string) => {
    asked.push(question);
    return Promise.resolve(`answer ${asked.length}\n`);
  };
  const secrets = await loadVaultSecrets({ vaultIds: ['prod@prompt', 'prompt_ask_vault_pass'], askVaultPass: true }, ask, {});
  assert.deepEqual(asked, ['Vault password (prod): ', 'Vault password: ', 'Vault password: ']);
  assert.deepEqual(passwords(secrets), [
    ['prod', 'answer 1', 'the prompt'],
    ['default', 'answer 2', 'the prompt'],
    ['default', 'answer 3', 'the prompt'],
  ]);
  await assert.rejects(loadVaultSecrets({ askVaultPass: true }, () => Promise.resolve('\n'), {}), /the vault password from the prompt is empty/);
});

test("Ansible's order: --vault-id, then --vault-password-file, then ANSIBLE_VAULT_PASSWORD_FILE, then --ask-vault-pass; none at all is no password", async () => {
  const [a, b, c] = [file('a.txt', 'pa'), file('b.txt', 'pb'), file('c.txt', 'pc')];
  const secrets = await loadVaultSecrets({ passwordFiles: [b], vaultIds: [`x@${a}`], askVaultPass: true }, () => Promise.resolve('pp'), { ANSIBLE_VAULT_PASSWORD_FILE: c });
  assert.deepEqual(passwords(secrets), [
    ['x', 'pa', a],
    ['default', 'pb', b],
    ['default', 'pc', c],
    ['default', 'pp', 'the prompt'],
  ]);
  assert.deepEqual(await loadVaultSecrets({}, noPrompt, {}), []);
});

test('--vault-id: the label is what comes before the first @; an empty label or source is a usage error', async () => {
  const odd = file('at@sign.txt', 'odd');
  assert.deepEqual(passwords(await loadVaultSecrets({ vaultIds: [`lab@${odd}`] }, noPrompt, {})), [['lab', 'odd', odd]]);
  await assert.rejects(loadVaultSecrets({ vaultIds: ['@prompt'] }, noPrompt, {}), (e: unknown) => e instanceof UsageError && e.message === '--vault-id expects [label@]source, got "@prompt"');
  await assert.rejects(loadVaultSecrets({ vaultIds: ['dev@'] }, noPrompt, {}), (e: unknown) => e instanceof UsageError && e.message === '--vault-id expects [label@]source, got "dev@"');
});
