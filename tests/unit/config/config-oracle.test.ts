/**
 * loadAnsibleConfig against Ansible's own ConfigManager, the oracle, over
 * ansible.cfg texts on configparser's edges (comments whole and inline,
 * `:` and `=`, a key or section given twice, a key before any section,
 * continuation lines, [DEFAULT]) and on ensure_type's (quotes taken off
 * text values, kept in paths and numbers), with ANSIBLE_* beside them.
 * Only the texts where kolla-run means to read as Ansible does: it refuses
 * some values Ansible takes (a boolean "maybe", port 0), on purpose.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadAnsibleConfig, type AnsibleConfigValues } from '../../../src/config/ansible-config.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';
import { tempDirSync } from '../../support/temp-dir.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));
const skip = hasAnsible() ? false : 'ansible is not installed (the oracle)';

/** Ours -> Ansible's name (ansible-core 2.14's config/base.yml). */
const NAMES: Partial<Record<keyof AnsibleConfigValues, string>> = {
  inventory: 'DEFAULT_HOST_LIST',
  forks: 'DEFAULT_FORKS',
  remoteUser: 'DEFAULT_REMOTE_USER',
  remotePort: 'DEFAULT_REMOTE_PORT',
  privateKeyFile: 'DEFAULT_PRIVATE_KEY_FILE',
  timeout: 'DEFAULT_TIMEOUT',
  rolesPath: 'DEFAULT_ROLES_PATH',
  transport: 'DEFAULT_TRANSPORT',
  become: 'DEFAULT_BECOME',
  becomeUser: 'DEFAULT_BECOME_USER',
  vaultPasswordFile: 'DEFAULT_VAULT_PASSWORD_FILE',
};

interface Case {
  text: string;
  env: Record<string, string>;
}

const CASES: Case[] = [
  // comments: whole lines (# and ;, indented too), inline only with ; after a space
  '# c\n; c\n  # indented\n[defaults]\n\nforks = 6\n\n[privilege_escalation]\nbecome = yes\nbecome_user = root\n',
  '[defaults]\nremote_user = bob # admin\n',
  '[defaults]\nremote_user = bob ; admin\nforks = 7\t; seven\n',
  '[defaults]\nremote_user = bob;admin\n',
  '[defaults]\nforks = 7#x\n',
  // : and =, the first one splits; any case of key; a key only its whole name
  '[defaults]\nFORKS: 4\nRemote_User = x=y:z\nbecome_user: a:b=c\n',
  '[defaults]\nforks[] = 4\n',
  '[Defaults]\nforks = 4\n',
  // what configparser refuses
  '[defaults]\nforks = 2\nforks = 3\n',
  '[defaults]\nforks = 2\nFORKS = 3\n',
  'forks = 2\n[defaults]\nforks = 3\n',
  '[defaults]\nremote_user\n',
  '[defaults]\n = x\n',
  '[defaults]\nforks = 2\n[defaults]\nremote_user = x\n',
  '[defaults]\n[privilege_escalation]\n[defaults]\n',
  // continuation lines, and empty lines inside a value
  '[defaults]\ninventory = a,\n   b\nforks = 3\n',
  '[defaults]\nremote_user =\n  # c\n  x\n',
  '[defaults]\nremote_user = a\n\n  b\n\nforks = 2\n',
  '[defaults]\nremote_user = a\n \n  b  \n',
  '[defaults]\n  forks = 3\n    remote_user = u\n',
  ' [defaults]\nforks = 3\n',
  // [DEFAULT]: every section's, its own key winning; twice is fine, a key in it twice is not
  '[DEFAULT]\nremote_user = d\nforks = 3\n[defaults]\nforks = 4\n',
  '[DEFAULT]\nforks = 3\n[DEFAULT]\nremote_user = d\n[defaults]\n',
  '[DEFAULT]\nforks = 3\n[DEFAULT]\nforks = 4\n[defaults]\n',
  '[DEFAULT]\nforks = 3\n',
  // sections are what they are named ([a.b] is no child of a), their names keep their case
  '[defaults]\n[defaults.sub]\nforks = 3\n',
  '[defaults] trailing\nforks = 3\n',
  // quotes: off text values, kept in paths, refused in numbers
  '[defaults]\nremote_user = "bob"\nbecome_user = \'root\'\n',
  '[defaults]\nremote_user = "bob\nbecome_user = "a"b"\n',
  '[defaults]\nremote_user = "bob\\"\n',
  '[defaults]\nremote_user = "\nbecome_user = \'\n',
  '[defaults]\nremote_user = ""\nbecome_user =\n',
  '[defaults]\nprivate_key_file = "k"\ntransport = "ssh"\n',
  '[defaults]\nforks = "5"\n',
  // paths: from the file's folder, ~, $VAR and ${VAR}, an unset one kept
  '[defaults]\nroles_path = r1:~/r2:/abs\ninventory = a, ~/b\nvault_password_file = $HOME/v\nprivate_key_file = ${HOME}/k/$NOPE_NOT_SET\n',
  '',
].map((text) => ({ text, env: {} }));

CASES.push(
  { text: '[defaults]\nremote_user = file\nforks = 2\n', env: { ANSIBLE_REMOTE_USER: '"from env"', ANSIBLE_FORKS: '9' } },
  { text: '[defaults]\n', env: { ANSIBLE_INVENTORY: 'x,~/y', ANSIBLE_ROLES_PATH: "'q'", ANSIBLE_TIMEOUT: ' 12 ' } },
  { text: '[defaults]\nforks = 2\nforks = 3\n', env: { ANSIBLE_FORKS: '9' } },
);

/** Our answer in the oracle's form: settings that were set, the case's folder written <dir>. */
function ours(c: Case): Record<string, unknown> {
  const dir = tempDirSync('kr-cfg-oracle-');
  writeFileSync(join(dir, 'ansible.cfg'), c.text);
  try {
    const config = loadAnsibleConfig({ file: join(dir, 'ansible.cfg'), cwd: dir, home: dir, env: { ...c.env, HOME: dir } });
    const found: Record<string, unknown> = {};
    for (const [key, name] of Object.entries(NAMES)) {
      const value = config[key as keyof AnsibleConfigValues];
      if (value !== undefined) found[name] = value;
    }
    return JSON.parse(JSON.stringify(found).replaceAll(dir, '<dir>')) as Record<string, unknown>;
  } catch (err) {
    return { error: err instanceof Error ? err.constructor.name : 'error' };
  }
}

test('loadAnsibleConfig reads every ansible.cfg and ANSIBLE_* here as ConfigManager does', { skip }, async () => {
  const request = { settings: Object.values(NAMES), cases: CASES };
  const answers = await askPythonScript<Array<Record<string, unknown>>>(join(TREE, 'tests', 'fixtures', 'config', '_oracle', 'config.py'), JSON.stringify(request), { root: TREE });
  const wrong: string[] = [];
  CASES.forEach((c, i) => {
    const want = answers[i] ?? {};
    const got = ours(c);
    const same = 'error' in want ? 'error' in got : JSON.stringify(got, Object.keys(got).sort()) === JSON.stringify(want, Object.keys(want).sort());
    if (!same) wrong.push(`${JSON.stringify(c)}: ansible ${JSON.stringify(want)}, kolla-run ${JSON.stringify(got)}`);
  });
  assert.deepEqual(wrong, [], `${wrong.length} of ${CASES.length} differ`);
});
