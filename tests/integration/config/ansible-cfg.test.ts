/**
 * ansible.cfg on real hosts: a folder with only an ansible.cfg and an
 * inventory of bare addresses, run from there without -i. The inventory,
 * remote_user, private_key_file and [ssh_connection] ssh_args come from
 * the file: a user other than the local one answers `id -un`, with a key
 * no default would find, checked against the testbed's known_hosts.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TestbedState } from '../../../src/testbed/index.js';
import { runCli, type CliRun } from '../../support/cli.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

const USER = 'kr_cfg_user';
let state: TestbedState;
const dir = mkdtempSync(join(tmpdir(), 'kr-cfg-int-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  // A HOME without keys or config, no agent: only what ansible.cfg names can log in.
  const { SSH_AUTH_SOCK: _agent, ANSIBLE_CONFIG: _config, ...rest } = process.env;
  return runCli(args, { cwd, env: { ...rest, HOME: join(dir, 'home'), KOLLA_RUN_CODE_CACHE: 'off', ...env } });
}

function writeConfig(project: string, defaults: string[]): void {
  writeFileSync(join(project, 'ansible.cfg'), [
    '[defaults]',
    'inventory = hosts',
    ...defaults,
    '',
    '[ssh_connection]',
    `ssh_args = -o UserKnownHostsFile=${state.files.knownHosts} -o StrictHostKeyChecking=yes`,
    'pipelining = True',
    '',
  ].join('\n'));
}

before(async () => {
  state = await upTestbed(TEST_NODES);
  mkdirSync(join(dir, 'home'), { recursive: true });
  // A second user on every node, who logs in with the testbed's key.
  const setup = await cli(['adhoc', 'all', '-i', state.files.inventory, '-m', 'shell', '-a',
    `id ${USER} >/dev/null 2>&1 || useradd -m ${USER}; install -d -o ${USER} -m 700 /home/${USER}/.ssh; install -o ${USER} -m 600 /root/.ssh/authorized_keys /home/${USER}/.ssh/authorized_keys`], process.cwd());
  assert.equal(setup.code, 0, setup.stdout + setup.stderr);
});

test('ansible.cfg in the current folder gives the inventory, remote_user, private_key_file and ssh_args', async () => {
  const project = join(dir, 'project');
  mkdirSync(join(project, 'keys'), { recursive: true });
  copyFileSync(state.files.keyFile, join(project, 'keys', 'deploy_key'));
  writeFileSync(join(project, 'hosts'), state.nodes.map((n) => `${n.hostname} ansible_host=127.0.0.1 ansible_port=${n.sshPort}`).join('\n') + '\n');
  writeConfig(project, [`remote_user = ${USER}`, 'private_key_file = keys/deploy_key']);
  const run = await cli(['adhoc', 'all', '-m', 'shell', '-a', 'id -un'], project);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const node of state.nodes) assert.match(run.stdout, new RegExp(`^${node.hostname} \\| CHANGED \\| rc=0 >>\\n${USER}$`, 'm'));
  assert.equal(run.stderr, '');

  // -u beats remote_user; the same from a playbook run.
  writeFileSync(join(project, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n      register: who\n    - debug: {var: who.stdout}\n');
  const play = await cli(['site.yml', '-u', 'root'], project);
  assert.equal(play.code, 0, play.stdout + play.stderr);
  assert.match(play.stdout, /"who.stdout": "root"/);
  assert.doesNotMatch(play.stdout, new RegExp(USER));
});

test('without private_key_file nothing logs in (the key came from ansible.cfg), and ANSIBLE_PRIVATE_KEY_FILE puts it back', async () => {
  const project = join(dir, 'nokey');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'hosts'), state.nodes.map((n) => `${n.hostname} ansible_host=127.0.0.1 ansible_port=${n.sshPort}`).join('\n') + '\n');
  writeConfig(project, [`remote_user = ${USER}`]);
  const denied = await cli(['adhoc', 'all', '-m', 'ping'], project);
  assert.equal(denied.code, 4, denied.stdout + denied.stderr);
  assert.match(denied.stdout, /UNREACHABLE!/);
  const withEnv = await cli(['adhoc', 'all', '-m', 'ping'], project, { ANSIBLE_PRIVATE_KEY_FILE: state.files.keyFile });
  assert.equal(withEnv.code, 0, withEnv.stdout + withEnv.stderr);
});
