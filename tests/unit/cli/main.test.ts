import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const launcher = fileURLToPath(new URL('../../../../bin/kolla-run', import.meta.url));

test('no arguments prints usage and exits 2', async () => {
  const io = captureIO();
  assert.equal(await main([], io), 2);
  assert.match(io.stdout.join('\n'), /^Usage: kolla-run/);
});

test('an unknown command is one line, then where the help is (not the usage, which would scroll it away), exit 2', async () => {
  const io = captureIO();
  assert.equal(await main(['frobnicate'], io), 2);
  assert.deepEqual(io.stderr, ['kolla-run: unknown command "frobnicate"', 'see kolla-run --help']);
  assert.deepEqual(io.stdout, []);
});

for (const [argv, error, help] of [
  [['deplyo'], 'unknown command "deplyo"; did you mean "deploy"?', 'kolla-run --help'],
  [['adhoc', 'all', '-i', 'a,', '--forkz', '3'], 'Unknown option \'--forkz\'; did you mean "--forks"?', 'kolla-run adhoc --help'],
  [['adhoc', 'all', '-i', 'a,', '-c', 'local', '-m', 'shel'], 'unknown module "shel"; did you mean "shell"?', 'kolla-run adhoc --help'],
  [['adhoc', 'all', '-i', 'a,', '-c', 'local', '-m', 'file', '-a', 'pth=/tmp'], 'file: unsupported parameter "pth"; did you mean "path"?', 'kolla-run adhoc --help'],
  [['deploy', '--tgas', 'x'], 'Unknown option \'--tgas\'; did you mean "--tags"?', 'kolla-run deploy --help'],
  [['testbed', 'up', '--nodez', '2'], 'Unknown option \'--nodez\'; did you mean "--nodes"?', 'kolla-run testbed --help'],
] as const) {
  test(`a typo gets a suggestion in its one line: ${argv.join(' ')}`, async () => {
    const io = captureIO();
    assert.equal(await main(argv, io), 2);
    assert.deepEqual(io.stderr, [`kolla-run: ${error}`, `see ${help}`]);
  });
}

test('a mistake far from every name gets no suggestion', async () => {
  const io = captureIO();
  assert.equal(await main(['adhoc', 'all', '--zzzzzzzz'], io), 2);
  assert.deepEqual(io.stderr, ["kolla-run: Unknown option '--zzzzzzzz'", 'see kolla-run adhoc --help']);
});

test('--version prints the package version', async () => {
  const io = captureIO();
  assert.equal(await main(['--version'], io), 0);
  assert.match(io.stdout[0] ?? '', /^kolla-run \d+\.\d+\.\d+$/);
});

for (const [argv, message] of [
  [['testbed', 'up', '--nodes', '0'], /--nodes must be a whole number from 1 to 16, got 0/],
  [['testbed', 'up', '--nodes', 'many'], /--nodes expects a whole number, got "many"/],
  [['testbed', 'sideways'], /unknown testbed action "sideways"/],
  [['testbed'], /testbed needs an action/],
  [['testbed', 'up', '--bogus'], /Unknown option '--bogus'/],
] as const) {
  test(`testbed ${argv.slice(1).join(' ')}: usage error, exit 2`, async () => {
    const io = captureIO();
    assert.equal(await main(argv, io), 2);
    assert.match(io.stderr[0] ?? '', message);
    assert.deepEqual(io.stderr.slice(1), ['see kolla-run testbed --help']);
  });
}

test('an engine that cannot be started: one line, where the help is, exit 2, through the real launcher', () => {
  const result = spawnSync(launcher, ['testbed', 'up', '--name', 'kr-no-engine'], {
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', KOLLA_RUN_DOCKERD: '/bin/false', KOLLA_RUN_DOCKERD_LOG: '/dev/null' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('kolla-run:'));
  assert.equal(errorLines.length, 1);
  assert.match(errorLines[0] ?? '', /the Docker engine could not be started: dockerd exited/);
  assert.match(result.stderr, /^see kolla-run testbed --help$/m);
  assert.ok(!result.stderr.includes('    at '), 'no stack trace');
});

test('-c local runs an ad-hoc command on the controller for hosts without ansible_connection', async () => {
  const io = captureIO();
  assert.equal(await main(['adhoc', 'all', '-i', 'somewhere-else,', '-c', 'local', '-m', 'shell', '-a', 'echo "from $(hostname)"'], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout.join('\n'), new RegExp(`^somewhere-else \\| CHANGED \\| rc=0 >>\\nfrom ${hostname()}$`, 'm'));
});

test('-c with a connection kolla-run lacks is a usage error, exit 2', async () => {
  const io = captureIO();
  assert.equal(await main(['adhoc', 'all', '-i', 'a,', '-c', 'winrm', '-m', 'ping'], io), 2);
  assert.match(io.stderr[0] ?? '', /--connection must be ssh or local, got "winrm"/);
});

test('options before the playbook, as ansible-playbook takes them: the playbook runs (not "unknown command")', async () => {
  const dir = tempDirSync('kr-main-');
  const playbook = join(dir, 'site.yml');
  writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  const io = captureIO();
  assert.equal(await main(['--syntax-check', '-i', 'localhost,', playbook], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout.join('\n'), /playbook: .*site\.yml/);
  const typo = captureIO();
  assert.equal(await main(['--syntax-chek', '-i', 'localhost,', playbook], typo), 2);
  assert.match(typo.stderr.join('\n'), /--syntax-chek/);
});
