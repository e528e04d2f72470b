/** Which ansible.cfg is read, on the edges of Ansible's find_ini_config_file: HOME from the environment, a current folder that is gone or open to all. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findConfigFile } from '../../../src/config/find.js';
import { tempDirSync } from '../../support/temp-dir.js';

function folders(): { cwd: string; home: string; systemFile: string } {
  const base = tempDirSync('kr-cfg-find-');
  const cwd = join(base, 'cwd');
  const home = join(base, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
  writeFileSync(join(home, '.ansible.cfg'), '[defaults]\n');
  return { cwd, home, systemFile: join(base, 'none.cfg') };
}

const WORLD_WRITABLE = /^Ansible is being run in a world writable directory/;

test('~/.ansible.cfg is looked for in $HOME when no home is given', () => {
  const { cwd, home, systemFile } = folders();
  assert.deepEqual(findConfigFile({ cwd, systemFile, env: { HOME: home } }), { file: join(home, '.ansible.cfg'), warnings: [] });
});

test('a current folder that no longer exists is passed over', () => {
  const { cwd, home, systemFile } = folders();
  assert.deepEqual(findConfigFile({ cwd: join(cwd, 'gone'), home, systemFile, env: {} }), { file: join(home, '.ansible.cfg'), warnings: [] });
});

test('a world-writable current folder: no warning when it holds no ansible.cfg; a warning when ANSIBLE_CONFIG names a file that is not there', () => {
  const { cwd, home, systemFile } = folders();
  chmodSync(cwd, 0o777);
  assert.deepEqual(findConfigFile({ cwd, home, systemFile, env: {} }), { file: join(home, '.ansible.cfg'), warnings: [] });
  writeFileSync(join(cwd, 'ansible.cfg'), '[defaults]\n');
  const missing = findConfigFile({ cwd, home, systemFile, env: { ANSIBLE_CONFIG: join(cwd, 'missing.cfg') } });
  assert.equal(missing.file, join(home, '.ansible.cfg'));
  assert.match(missing.warnings[0] ?? '', WORLD_WRITABLE);
});
