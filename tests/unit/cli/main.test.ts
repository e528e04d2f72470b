import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { captureIO } from '../../support/capture-io.js';

const launcher = fileURLToPath(new URL('../../../../bin/kolla-run', import.meta.url));

test('no arguments prints usage and exits 2', async () => {
  const io = captureIO();
  assert.equal(await main([], io), 2);
  assert.match(io.stdout.join('\n'), /^Usage: kolla-run/);
});

test('an unknown command is one line plus usage, exit 2', async () => {
  const io = captureIO();
  assert.equal(await main(['frobnicate'], io), 2);
  assert.equal(io.stderr[0], 'kolla-run: unknown command "frobnicate"');
  assert.match(io.stderr[1] ?? '', /^Usage: kolla-run <command>/);
  assert.ok(!io.stderr.join('\n').includes('    at '), 'no stack trace');
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
    assert.match(io.stderr.join('\n'), /Usage: kolla-run testbed up/);
  });
}

test('an engine that cannot be started: one line, usage, exit 2, through the real launcher', () => {
  const result = spawnSync(launcher, ['testbed', 'up', '--name', 'kr-no-engine'], {
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', KOLLA_RUN_DOCKERD: '/bin/false', KOLLA_RUN_DOCKERD_LOG: '/dev/null' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('kolla-run:'));
  assert.equal(errorLines.length, 1);
  assert.match(errorLines[0] ?? '', /the Docker engine could not be started: dockerd exited/);
  assert.match(result.stderr, /Usage: kolla-run testbed up/);
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
