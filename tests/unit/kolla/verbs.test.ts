/** The operator verbs: which playbook each runs, with what, and what is refused before any run. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { UsageError } from '../../../src/errors.js';
import { absoluteConfigPathVar } from '../../../src/kolla/config-path.js';
import { CONFIRM_FLAG, findVerb, rolesLackingAction, verbProblem, verbRun, VERBS, type Verb } from '../../../src/kolla/verbs.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const verb = (name: string): Verb => {
  const v = findVerb(name);
  assert.ok(v, name);
  return v;
};

test("site.yaml's verbs add kolla_action last; every playbook option passes through in order", () => {
  for (const action of ['deploy', 'reconfigure', 'pull']) {
    const argv = ['-i', 'inv', '-l', 'node1', '-t', 'mariadb', '-e', 'x=1', '--serial', '1', '-C', '-D', '-vv'];
    assert.deepEqual(verbRun(verb(action), argv, '/p').argv, ['/p/site.yaml', ...argv, '-e', `kolla_action=${action}`], action);
  }
});

test('upgrade runs upgrade.yaml one host at a time, unless the command line gives its own --serial', () => {
  assert.deepEqual(verbRun(verb('upgrade'), ['-i', 'inv', '-e', 'openstack_tag=b'], '/p').argv, ['/p/upgrade.yaml', '-i', 'inv', '-e', 'openstack_tag=b', '--serial', '1', '-e', 'kolla_action=upgrade']);
  assert.deepEqual(verbRun(verb('upgrade'), ['-i', 'inv', '--serial', '2'], '/p').argv, ['/p/upgrade.yaml', '-i', 'inv', '--serial', '2', '-e', 'kolla_action=upgrade']);
  assert.deepEqual(verbRun(verb('upgrade'), ['-i', 'inv', '--serial=30%'], '/p').argv, ['/p/upgrade.yaml', '-i', 'inv', '--serial=30%', '-e', 'kolla_action=upgrade']);
});

test('the verbs with a playbook of their own run it, without kolla_action', () => {
  for (const [name, playbook] of [['prechecks', 'prechecks.yaml'], ['post-deploy', 'post-deploy.yaml'], ['mariadb-recovery', 'mariadb-recovery.yaml'], ['mariadb_recovery', 'mariadb-recovery.yaml']] as const) {
    assert.deepEqual(verbRun(verb(name), ['-i', 'inv'], '/p').argv, [`/p/${playbook}`, '-i', 'inv'], name);
  }
});

test('stop is refused without the confirmation, as kolla-ansible does; with it the flag is not passed on', () => {
  assert.throws(() => verbRun(verb('stop'), ['-i', 'inv'], '/p'), (e: unknown) => e instanceof UsageError && e.message.includes(CONFIRM_FLAG));
  assert.deepEqual(verbRun(verb('stop'), ['-i', 'inv', CONFIRM_FLAG], '/p').argv, ['/p/site.yaml', '-i', 'inv', '-e', 'kolla_action=stop']);
});

test("destroy: the confirmation becomes destroy.yaml's extra variable; without it the playbook itself refuses", () => {
  assert.deepEqual(verbRun(verb('destroy'), ['-i', 'inv'], '/p').argv, ['/p/destroy.yaml', '-i', 'inv']);
  assert.deepEqual(verbRun(verb('destroy'), [CONFIRM_FLAG, '-i', 'inv', '--include-images'], '/p').argv, [
    '/p/destroy.yaml', '-i', 'inv', '-e', 'destroy_confirm=yes-i-really-really-mean-it', '-e', 'destroy_include_images=yes',
  ]);
});

test("a verb's own flag after -- is left alone", () => {
  assert.deepEqual(verbRun(verb('destroy'), ['-i', 'inv', '--', CONFIRM_FLAG], '/p').argv, ['/p/destroy.yaml', '-i', 'inv', '--', CONFIRM_FLAG]);
});

test('roles that pick their tasks by kolla_action and lack the action are named; others are not', () => {
  const roles = tempDirSync('kr-verbs-roles-');
  const role = (name: string, main: string, files: string[]) => {
    mkdirSync(join(roles, name, 'tasks'), { recursive: true });
    writeFileSync(join(roles, name, 'tasks', 'main.yml'), main);
    for (const f of files) writeFileSync(join(roles, name, 'tasks', f), '---\n');
  };
  const dispatch = '- include_tasks: "{{ kolla_action }}.yml"\n';
  role('has', dispatch, ['deploy.yml', 'upgrade.yml']);
  role('lacks', dispatch, ['deploy.yml']);
  role('plain', '- debug: msg=hi\n', []);
  assert.deepEqual(rolesLackingAction(roles, 'upgrade'), ['lacks']);
  assert.deepEqual(rolesLackingAction(roles, 'deploy'), []);
});

test('--help lists every verb and status', async () => {
  const io = captureIO();
  assert.equal(await main(['--help'], io), 0);
  for (const name of [...VERBS.map((v) => v.name), 'status']) assert.match(io.stdout.join('\n'), new RegExp(`^  ${name} `, 'm'), name);
});

test('a verb whose playbook is missing, or whose roles lack the action, is named with the reason; a runnable one is not', () => {
  const root = tempDirSync('kr-verbs-install-');
  const playbooks = join(root, 'playbooks');
  const roles = join(root, 'roles');
  mkdirSync(join(roles, 'mariadb', 'tasks'), { recursive: true });
  mkdirSync(playbooks);
  writeFileSync(join(roles, 'mariadb', 'tasks', 'main.yml'), '- include_tasks: "{{ kolla_action }}.yml"\n');
  writeFileSync(join(roles, 'mariadb', 'tasks', 'deploy.yml'), '---\n');
  writeFileSync(join(playbooks, 'site.yaml'), '---\n');
  assert.match(verbProblem(verb('mariadb-recovery'), playbooks, roles) ?? '', /^mariadb-recovery: this installation has no playbooks\/mariadb-recovery\.yaml yet/);
  assert.match(verbProblem(verb('reconfigure'), playbooks, roles) ?? '', /^reconfigure: the roles mariadb have no tasks\/reconfigure\.yml yet; nothing was run/);
  assert.equal(verbProblem(verb('deploy'), playbooks, roles), undefined);
});

test('stop without the confirmation: exit 2, one line naming the flag, nothing run', async () => {
  const io = captureIO();
  assert.equal(await main(['stop', '-i', 'nowhere'], io), 2);
  assert.match(io.stderr[0] ?? '', /stop needs --yes-i-really-really-mean-it, as with kolla-ansible/);
});

test('a relative KOLLA_CONFIG_PATH is the current folder\'s for the verbs (as for genpwd); absolute or unset, it stays', () => {
  assert.equal(absoluteConfigPathVar({ KOLLA_CONFIG_PATH: 'kolla' }, '/home/op'), '/home/op/kolla');
  assert.equal(absoluteConfigPathVar({ KOLLA_CONFIG_PATH: '../etc/kolla' }, '/home/op'), '/home/etc/kolla');
  assert.equal(absoluteConfigPathVar({ KOLLA_CONFIG_PATH: '/srv/kolla' }, '/home/op'), undefined);
  assert.equal(absoluteConfigPathVar({ KOLLA_CONFIG_PATH: '' }, '/home/op'), undefined);
  assert.equal(absoluteConfigPathVar({}, '/home/op'), undefined);
});
