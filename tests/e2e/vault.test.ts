/**
 * A vault-encrypted passwords.yml deploys: genpwd writes it encrypted, a
 * playbook reads it (and !vault values in group_vars and play vars) and
 * writes the secrets into a file on a testbed node, the file holds the
 * plaintexts, the output none of them; !unsafe arrives untemplated.
 * Without the password the run fails naming the file and the vault.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = `${root}bin/kolla-run`;
const fixture = `${root}tests/fixtures/e2e/vault`;
const haveVault = spawnSync('ansible-vault', ['--version']).status === 0;
let state: TestbedState;
let configDir: string;
let kollaPw: string;
const runDir = `/tmp/kr-e2e-vault/${process.pid}`;

before(async () => {
  state = await upTestbed(TEST_NODES);
  configDir = mkdtempSync(join(tmpdir(), 'kr-vault-cfg-'));
  kollaPw = join(configDir, 'kolla-vault-pass');
  writeFileSync(kollaPw, 'kolla config vault password\n', { mode: 0o600 });
});

after(() => rmSync(configDir, { recursive: true, force: true }));

function kollaRun(args: string[], input?: string): { code: number; out: string } {
  const r = spawnSync(launcher, args, { encoding: 'utf8', env: { ...process.env, KOLLA_CONFIG_PATH: configDir }, ...(input !== undefined ? { input } : {}) });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

test('genpwd writes an encrypted passwords.yml; a playbook deploys its secrets to a node; the output shows none', { skip: !haveVault && 'ansible-vault is not installed' }, () => {
  const gen = kollaRun(['genpwd', '--vault-id', `kolla@${kollaPw}`]);
  assert.equal(gen.code, 0, gen.out);
  const passwordsFile = join(configDir, 'passwords.yml');
  assert.match(readFileSync(passwordsFile, 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;kolla\n/);
  const plain = spawnSync('ansible-vault', ['view', '--vault-id', `kolla@${kollaPw}`, passwordsFile], { encoding: 'utf8' });
  const databasePassword = /^database_password: (\S+)$/m.exec(plain.stdout)?.[1];
  assert.ok(databasePassword && databasePassword.length >= 20, plain.stdout + plain.stderr);

  // Two vault ids: the config folder's and the fixture's (group_vars, play vars); the first asked for on stdin.
  const run = kollaRun([`${fixture}/site.yml`, '-i', state.files.inventory, '-l', 'node1', '-e', `run_dir=${runDir}`, '--vault-id', 'kolla@prompt', '--vault-password-file', `${fixture}/vault-pass.txt`], 'kolla config vault password\n');
  assert.equal(run.code, 0, run.out);
  for (const secret of [databasePassword, 'GroupVarsVaulted-51e2', 'PlayVarsVaulted-77b0']) assert.ok(!run.out.includes(secret), `${secret} in the output:\n${run.out}`);
  assert.match(run.out, /connecting with \*{8}/);

  const cat = spawnSync(launcher, ['adhoc', 'node1', '-i', state.files.inventory, '-m', 'command', '-a', `cat ${runDir}/service.conf`], { encoding: 'utf8' });
  assert.equal(cat.status, 0, cat.stdout + cat.stderr);
  assert.match(cat.stdout, new RegExp(`^database = ${databasePassword}$`, 'm'));
  assert.match(cat.stdout, /^group = GroupVarsVaulted-51e2$/m);
  assert.match(cat.stdout, /^play = PlayVarsVaulted-77b0$/m);
  assert.match(cat.stdout, /^literal = \{\{ not_templated \}\} \{% raw %\}$/m, '!unsafe stays literal');
});

test('without the vault password: a clear error naming the file and the vault, nothing run', { skip: !haveVault && 'ansible-vault is not installed' }, () => {
  const run = kollaRun([`${fixture}/site.yml`, '-i', state.files.inventory, '-l', 'node1', '-e', `run_dir=${runDir}-nopw`]);
  assert.notEqual(run.code, 0, run.out);
  assert.match(run.out, /site\.yml:10:\d+: vault: this value is encrypted, and no vault password was given/);
  assert.doesNotMatch(run.out, /TASK \[/);
  const wrong = kollaRun([`${fixture}/site.yml`, '-i', state.files.inventory, '-l', 'node1', '-e', `run_dir=${runDir}-wrong`, '--vault-password-file', `${fixture}/vault-pass.txt`]);
  assert.notEqual(wrong.code, 0, wrong.out);
  assert.match(wrong.out, /passwords\.yml: vault: the file is encrypted \(vault id kolla\), and no vault password given decrypts it/);
});
