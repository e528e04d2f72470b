/**
 * ansible.cfg and ANSIBLE_* as Ansible reads them: which file (first found
 * wins, a world-writable current folder skipped), env over file, the last
 * ini entry over earlier ones, paths from the file's folder, bad values
 * named by file:line and key; then the command line over both, and a
 * host's variables over all.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectionOptions, forksOption, inventorySources } from '../../../src/cli/common-options.js';
import { main } from '../../../src/cli/main.js';
import { InputError } from '../../../src/errors.js';
import { loadAnsibleConfig, type LoadOptions } from '../../../src/config/ansible-config.js';
import { findConfigFile } from '../../../src/config/find.js';
import { connectionSettingsFromVars } from '../../../src/connection/index.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const root = tempDirSync('kr-cfg-');
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A fresh cwd, home and system file; `files` written relative to the cwd (or absolute). */
function place(files: Record<string, string> = {}): { cwd: string; home: string; systemFile: string } {
  const base = join(root, String(n++));
  const cwd = join(base, 'cwd');
  const home = join(base, 'home');
  for (const dir of [cwd, home, join(base, 'etc')]) mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = name.startsWith('/') ? name : join(cwd, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  return { cwd, home, systemFile: join(base, 'etc', 'ansible.cfg') };
}

const load = (where: ReturnType<typeof place>, env: NodeJS.ProcessEnv = {}, extra: LoadOptions = {}) => loadAnsibleConfig({ ...where, env, ...extra });

test('the first found wins: ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, the system file', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nforks = 2\n', 'other/ansible.cfg': '[defaults]\nforks = 1\n' });
  writeFileSync(join(where.home, '.ansible.cfg'), '[defaults]\nforks = 3\n');
  writeFileSync(where.systemFile, '[defaults]\nforks = 4\n');
  assert.equal(load(where, { ANSIBLE_CONFIG: join(where.cwd, 'other/ansible.cfg') }).forks, 1);
  assert.equal(load(where, { ANSIBLE_CONFIG: join(where.cwd, 'other') }).forks, 1, 'a folder means its ansible.cfg');
  assert.equal(load(where).forks, 2);
  rmSync(join(where.cwd, 'ansible.cfg'));
  assert.equal(load(where).forks, 3);
  rmSync(join(where.home, '.ansible.cfg'));
  assert.equal(load(where).forks, 4);
  rmSync(where.systemFile);
  assert.deepEqual(load(where), { file: undefined, origins: {}, warnings: [] });
  // An ANSIBLE_CONFIG that does not exist is passed over, as Ansible does.
  assert.equal(findConfigFile({ ...where, env: { ANSIBLE_CONFIG: join(where.cwd, 'nope.cfg') } }).file, undefined);
});

test('a world-writable current folder is skipped with Ansible\'s warning, unless ANSIBLE_CONFIG names its file', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nforks = 2\n' });
  writeFileSync(join(where.home, '.ansible.cfg'), '[defaults]\nforks = 3\n');
  chmodSync(where.cwd, 0o777);
  const skipped = load(where);
  assert.equal(skipped.forks, 3);
  assert.match(skipped.warnings[0] ?? '', /^Ansible is being run in a world writable directory \(.*cwd\), ignoring it as an ansible.cfg source/);
  const named = load(where, { ANSIBLE_CONFIG: join(where.cwd, 'ansible.cfg') });
  assert.equal(named.forks, 2);
  assert.deepEqual(named.warnings, []);
});

test('every setting read, from the file: paths from its folder, lists split, ~ expanded, `key: value` and any case', () => {
  const where = place({
    'conf/ansible.cfg': [
      '# a comment',
      '[defaults]',
      'inventory = hosts, ~/more',
      'FORKS: 12',
      'remote_user = deploy',
      'remote_port = 2222',
      'private_key_file = keys/id_ed25519',
      'host_key_checking = False',
      'timeout = 30',
      'roles_path = roles:/opt/roles',
      'transport = ssh',
      'vault_password_file = ~/.vault-pass',
      '[privilege_escalation]',
      'become = yes',
      'become_user = kolla',
      'become_method = sudo',
      '[ssh_connection]',
      'ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s',
      'pipelining = True',
      '',
    ].join('\n'),
  });
  const conf = join(where.cwd, 'conf');
  const c = load(where, { ANSIBLE_CONFIG: join(conf, 'ansible.cfg') });
  assert.deepEqual({ ...c, origins: undefined, warnings: undefined }, {
    file: join(conf, 'ansible.cfg'),
    origins: undefined,
    warnings: undefined,
    inventory: [join(conf, 'hosts'), join(where.home, 'more')],
    forks: 12,
    remoteUser: 'deploy',
    remotePort: 2222,
    privateKeyFile: join(conf, 'keys/id_ed25519'),
    hostKeyChecking: false,
    timeout: 30,
    rolesPath: [join(conf, 'roles'), '/opt/roles'],
    transport: 'ssh',
    vaultPasswordFile: join(where.home, '.vault-pass'),
    become: true,
    becomeUser: 'kolla',
    becomeMethod: 'sudo',
    sshArgs: '-C -o ControlMaster=auto -o ControlPersist=60s',
    pipelining: true,
  });
  assert.equal(c.origins.forks, `${join(conf, 'ansible.cfg')}:4`);
  assert.deepEqual(c.warnings, []);
});

test('ANSIBLE_* beats the file; its paths start from the current folder; the last ini entry of a setting wins', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nforks = 2\ninventory = a\nhost_key_checking = True\n[ssh_connection]\nhost_key_checking = False\n' });
  const c = load(where, { ANSIBLE_FORKS: '9', ANSIBLE_INVENTORY: 'b,c', ANSIBLE_ROLES_PATH: 'r1:r2' });
  assert.equal(c.forks, 9);
  assert.equal(c.origins.forks, 'ANSIBLE_FORKS');
  assert.deepEqual(c.inventory, [join(where.cwd, 'b'), join(where.cwd, 'c')]);
  assert.deepEqual(c.rolesPath, [join(where.cwd, 'r1'), join(where.cwd, 'r2')]);
  assert.equal(c.hostKeyChecking, false, '[ssh_connection] host_key_checking is read after [defaults]');
  // Of two variables for one setting, the later in Ansible's list wins.
  assert.equal(load(where, { ANSIBLE_TIMEOUT: '5', ANSIBLE_SSH_TIMEOUT: '7' }).timeout, 7);
});

for (const [line, message] of [
  ['forks = many', /ansible\.cfg:3: \[defaults\] forks = many: expected a whole number$/],
  ['forks = 0', /ansible\.cfg:3: \[defaults\] forks = 0: expected a whole number from 1$/],
  ['host_key_checking = maybe', /ansible\.cfg:3: \[defaults\] host_key_checking = maybe: expected a boolean/],
  ['remote_port = 70000', /ansible\.cfg:3: \[defaults\] remote_port = 70000: expected a whole number up to 65535$/],
  ['transport = winrm', /ansible\.cfg:3: \[defaults\] transport = winrm: expected "smart" or "ssh" or "paramiko" or "local"/],
  ['remote_port = 0', /ansible\.cfg:3: \[defaults\] remote_port = 0: expected a whole number from 1$/],
  ['timeout = 0', /ansible\.cfg:3: \[defaults\] timeout = 0: expected a whole number from 1$/],
] as const) {
  test(`a bad value names the file, line, key and what was expected: ${line}`, () => {
    const where = place({ 'ansible.cfg': `# first\n[defaults]\n${line}\n` });
    assert.throws(() => load(where), (err: Error & { exitCode?: number }) => {
      assert.match(err.message, message);
      assert.ok(err.message.startsWith(join(where.cwd, 'ansible.cfg')));
      assert.equal(err.exitCode, 3);
      return true;
    });
  });
}

test('a bad ANSIBLE_* value names the variable; become_method other than sudo is refused', () => {
  const where = place({ 'ansible.cfg': '[privilege_escalation]\nbecome_method = su\n' });
  assert.throws(() => load(place(), { ANSIBLE_TIMEOUT: 'soon' }), { message: 'ANSIBLE_TIMEOUT="soon": expected a whole number' });
  assert.throws(() => load(where), /ansible\.cfg:2: \[privilege_escalation\] become_method = su: expected "sudo" \(the only become method kolla-run has\)/);
});

test('a known setting kolla-run does not act on warns when set to something else than what kolla-run does; unknown keys are ignored', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nstrategy = free\ngathering = implicit\nnocows = 1\ncallbacks_enabled = profile_tasks\n' });
  const c = load(where, { ANSIBLE_FORCE_HANDLERS: 'yes' });
  assert.deepEqual(c.warnings, [
    `${join(where.cwd, 'ansible.cfg')}:2: [defaults] strategy = free is not supported by kolla-run and is ignored (kolla-run runs every play with the linear strategy)`,
    'ANSIBLE_FORCE_HANDLERS = yes is not supported by kolla-run and is ignored (give --force-handlers)',
  ]);
});

test('each setting kolla-run does not act on is quiet at the value kolla-run behaves as, and warns at any other', () => {
  const harmless: Record<string, string> = {
    ANSIBLE_STRATEGY: 'Linear',
    ANSIBLE_GATHERING: 'implicit',
    ANSIBLE_CACHE_PLUGIN: 'memory',
    ANSIBLE_INJECT_FACT_VARS: 'True',
    ANSIBLE_HASH_BEHAVIOUR: 'replace',
    ANSIBLE_JINJA2_NATIVE: 'no',
    ANSIBLE_ASK_PASS: 'false',
    ANSIBLE_BECOME_ASK_PASS: '0',
    ANSIBLE_BECOME_EXE: 'sudo',
    ANSIBLE_BECOME_FLAGS: '',
    ANSIBLE_LOG_PATH: ' ',
    ANSIBLE_STDOUT_CALLBACK: 'default',
    ANSIBLE_ANY_ERRORS_FATAL: 'off',
    ANSIBLE_FORCE_HANDLERS: 'n',
    ANSIBLE_PRIVATE_ROLE_VARS: 'False',
    ANSIBLE_VAULT_IDENTITY_LIST: '',
  };
  assert.deepEqual(load(place(), harmless).warnings, []);
  for (const name of Object.keys(harmless)) {
    assert.deepEqual(load(place(), { ...harmless, [name]: 'other' }).warnings.map((w) => w.split(' ')[0]), [name], name);
  }
});

test('an ansible.cfg configparser refuses is an input error at the line (Ansible: "Error reading config file")', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nforks = 2\nFORKS = 3\n' });
  assert.throws(() => load(where), (err: unknown) => err instanceof InputError && err.message === `${join(where.cwd, 'ansible.cfg')}:3: cannot read this ansible.cfg: [defaults] forks is given twice`);
  const before = place({ 'ansible.cfg': '# settings\nforks = 2\n[defaults]\n' });
  assert.throws(() => load(before), (err: unknown) => err instanceof InputError && /:2: cannot read this ansible\.cfg: a key before any \[section\]$/.test(err.message));
  const folder = place();
  assert.throws(() => load(folder, {}, { file: folder.cwd }), (err: unknown) => err instanceof InputError && /cannot read this ansible\.cfg: EISDIR/.test(err.message));
});

test('precedence: the command line over ANSIBLE_* and ansible.cfg, which fill what it leaves out', () => {
  const where = place({ 'ansible.cfg': '[defaults]\ninventory = inv\nforks = 4\nremote_user = deploy\nprivate_key_file = k\ntimeout = 20\nhost_key_checking = false\n[privilege_escalation]\nbecome = true\nbecome_user = kolla\n[ssh_connection]\nssh_args = -o ConnectTimeout=3\n' });
  const config = load(where, { ANSIBLE_REMOTE_USER: 'fromenv' });
  assert.deepEqual(inventorySources({}, where.cwd, config), [join(where.cwd, 'inv')]);
  assert.deepEqual(inventorySources({ inventory: ['given'] }, where.cwd, config), ['given']);
  assert.equal(forksOption({}, 50, config), 4);
  assert.equal(forksOption({ forks: '7' }, 50, config), 7);
  assert.equal(forksOption({}, 50), 50, 'without either: every host at once');
  assert.deepEqual(connectionOptions({}, config), {
    user: 'fromenv',
    privateKeyFile: join(where.cwd, 'k'),
    timeoutSeconds: 20,
    hostKeyPolicy: 'off',
    become: true,
    becomeUser: 'kolla',
    sshArgs: '-o ConnectTimeout=3',
  });
  assert.deepEqual(connectionOptions({ user: 'cli', 'private-key': 'ck', timeout: '5', 'host-key-checking': 'strict', 'become-user': 'other' }, config), {
    user: 'cli',
    privateKeyFile: 'ck',
    timeoutSeconds: 5,
    hostKeyPolicy: 'strict',
    become: true,
    becomeUser: 'other',
    sshArgs: '-o ConnectTimeout=3',
  });
});

test('a host\'s variables beat ansible.cfg; ssh_args is the weakest of the ssh options', () => {
  const where = place({ 'ansible.cfg': '[defaults]\nremote_user = deploy\nhost_key_checking = false\n[ssh_connection]\nssh_args = -o ConnectTimeout=3 -o User=fromargs\n' });
  const options = { ...connectionOptions({}, load(where)), sshConfig: false as const };
  const plain = connectionSettingsFromVars('h', { ansible_host: '10.0.0.1' }, options);
  assert.equal(plain.user, 'deploy', 'remote_user over the -o User of ssh_args');
  assert.equal(plain.timeoutMs, 3000, 'ssh_args ConnectTimeout, as nothing else sets a timeout');
  assert.equal(plain.hostKeyPolicy, 'off');
  const own = connectionSettingsFromVars('h', { ansible_host: '10.0.0.1', ansible_user: 'admin', ansible_host_key_checking: true, ansible_ssh_common_args: '-o ConnectTimeout=8' }, options);
  assert.equal(own.user, 'admin');
  assert.equal(own.hostKeyPolicy, 'strict', 'the host asks for checking: ansible.cfg\'s false does not turn it off');
  assert.equal(own.timeoutMs, 8000, 'ansible_ssh_common_args before ssh_args');
});

test('ansible.cfg\'s vault_password_file opens and writes vaulted files, as --vault-password-file does', async () => {
  const where = place({ 'ansible.cfg': '[defaults]\nvault_password_file = vault-pass\n', 'vault-pass': 'correct horse\n' });
  const passwords = join(where.cwd, 'passwords.yml');
  const saved = process.env.ANSIBLE_CONFIG;
  process.env.ANSIBLE_CONFIG = join(where.cwd, 'ansible.cfg');
  try {
    const io = captureIO();
    assert.equal(await main(['genpwd', '-p', passwords], io), 0, io.stderr.join('\n'));
    assert.match(io.stdout[0] ?? '', /\(vault-encrypted\)$/);
    assert.match(readFileSync(passwords, 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
  } finally {
    if (saved === undefined) delete process.env.ANSIBLE_CONFIG;
    else process.env.ANSIBLE_CONFIG = saved;
  }
});
