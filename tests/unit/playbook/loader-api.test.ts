/**
 * PlaybookLoader's run-time API (src/playbook/index.ts), as the executor
 * and the static checks call it: the files read, the targets of static
 * includes, and includes loaded at run time.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { PlaybookLoader, TaskFileNotFound, type Task } from '../../../src/playbook/index.js';
import { catalogOf, findTask, flatTasks, writeTree } from './helpers.js';

const opts = { catalog: catalogOf() };

test('sources: every file read, once, with what it was read as', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  vars_files: [vars.yml]\n  roles: [r]\n  tasks:\n    - import_tasks: t.yml\n    - import_tasks: t.yml\n',
    'vars.yml': 'a: 1\n',
    't.yml': '- ping:\n',
    'roles/r/meta/main.yml': 'dependencies: []\n',
    'roles/r/defaults/main.yml': 'd: 1\n',
    'roles/r/vars/main.yml': 'v: 1\n',
    'roles/r/tasks/main.yml': '- ping:\n',
  });
  const loader = new PlaybookLoader(opts);
  await loader.playbook(path.join(dir, 'site.yml'));
  assert.deepEqual(
    loader.sources.map((s) => [path.relative(dir, s.src.file), s.what]),
    [
      ['site.yml', 'playbook'],
      ['roles/r/meta/main.yml', 'role meta file'],
      ['roles/r/defaults/main.yml', 'defaults file of role "r"'],
      ['roles/r/vars/main.yml', 'vars file of role "r"'],
      ['roles/r/tasks/main.yml', 'task file'],
      ['vars.yml', 'vars file'],
      ['t.yml', 'task file'],
    ],
  );
});

const INCLUDES = {
  'site.yml': [
    '- hosts: all',
    '  tasks:',
    '    - name: inc',
    '      include_tasks: t.yml',
    '    - name: templated',
    '      include_tasks: "{{ x }}.yml"',
    '    - name: role',
    '      include_role: {name: r, tasks_from: other}',
    '    - name: templated role',
    '      include_role: {name: "{{ which }}"}',
    '    - name: plain',
    '      ping:',
    '  handlers:',
    '    - name: h',
    '      include_tasks: h.yml',
    '    - name: templated handler',
    '      include_tasks: "{{ h }}.yml"',
    '',
  ].join('\n'),
  't.yml': '- name: in t\n  ping:\n',
  'h.yml': '- name: in h\n  ping:\n',
  'roles/r/tasks/main.yml': '- name: r main\n  include_tasks: "{{ x }}.yml"\n',
  'roles/r/tasks/other.yml': '- name: in r\n  ping:\n- name: r inc\n  include_tasks: extra.yml\n',
  'roles/r/tasks/extra.yml': '- name: r extra\n  ping:\n',
};

async function loaded(): Promise<{ dir: string; loader: PlaybookLoader; task: (name: string) => Task }> {
  const dir = await writeTree(INCLUDES);
  const loader = new PlaybookLoader(opts);
  const play = (await loader.playbook(path.join(dir, 'site.yml'))).plays[0];
  assert.ok(play);
  return { dir, loader, task: (name) => findTask([...play.tasks, ...play.handlers], name) };
}

test('staticInclude: the tasks of an include_tasks with a static file, read as handlers under a handler; nothing for anything else', async () => {
  const { loader, task } = await loaded();
  assert.deepEqual(flatTasks(loader.staticInclude(task('inc')) ?? []).map((t) => [t.name, t.handler]), [['in t', undefined]]);
  assert.deepEqual(flatTasks(loader.staticInclude(task('h')) ?? []).map((t) => [t.name, t.handler]), [['in h', true]]);
  for (const name of ['templated', 'role', 'plain', 'templated handler']) assert.equal(loader.staticInclude(task(name)), undefined, name);
  const inRole = findTask(loader.staticRole(task('role'))?.tasks ?? [], 'r inc');
  assert.deepEqual(flatTasks(loader.staticInclude(inRole) ?? []).map((t) => [t.name, t.role?.name]), [['r extra', 'r']]);
});

test('staticRole: the role of an include_role with a static name, with its *_from files; nothing for anything else', async () => {
  const { dir, loader, task } = await loaded();
  const role = loader.staticRole(task('role'));
  assert.equal(role?.path, path.join(dir, 'roles/r'));
  assert.deepEqual(flatTasks(role?.tasks ?? []).map((t) => t.name), ['in r', 'r inc']);
  for (const name of ['templated role', 'inc', 'plain']) assert.equal(loader.staticRole(task(name)), undefined, name);
});

test('includeTasks at run time: tasks included from a role task keep the role; a handler\'s include gives handlers', async () => {
  const { dir, loader, task } = await loaded();
  const fromRole = await loader.includeRole(task('role'), 'r', {}, dir);
  const main = findTask(fromRole.role.tasks, 'r main');
  const inRole = flatTasks(await loader.includeTasks(main, 'extra.yml', dir));
  assert.deepEqual(inRole.map((t) => [t.name, t.role, t.handler]), [['r extra', { name: 'r', path: path.join(dir, 'roles/r') }, undefined]]);
  const handlers = flatTasks(await loader.includeTasks(task('templated handler'), 'h.yml', dir));
  assert.deepEqual(handlers.map((t) => [t.name, t.role, t.handler]), [['in h', undefined, true]]);
});

test('includeTasks at run time: a file that is not there is a TaskFileNotFound at the include, naming the first place looked (beside the including file)', async () => {
  const { dir, loader, task } = await loaded();
  const main = findTask((await loader.includeRole(task('role'), 'r', {}, dir)).role.tasks, 'r main');
  const err = await loader.includeTasks(main, 'nope.yml', dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TaskFileNotFound);
  const tried = ['roles/r/tasks/nope.yml', 'roles/r/nope.yml', 'nope.yml'].map((p) => path.join(dir, p));
  assert.deepEqual([err.path, err.reason, err.location], [tried[0], `task file "nope.yml" not found (looked for ${tried.join(', ')})`, main.location]);
});

test('taskFile: one file on its own, in the role it is given, as tasks or as handlers', async () => {
  const dir = await writeTree({ 'roles/r/tasks/deploy.yml': '- name: deploy\n  ping:\n' });
  const loader = new PlaybookLoader(opts);
  const role = { name: 'r', path: path.join(dir, 'roles/r') };
  const file = path.join(dir, 'roles/r/tasks/deploy.yml');
  assert.deepEqual(flatTasks(await loader.taskFile(file, { baseDir: dir, role })).map((t) => [t.name, t.role, t.handler]), [['deploy', role, undefined]]);
  assert.deepEqual(flatTasks(await loader.taskFile(file, { baseDir: dir, handlers: true })).map((t) => [t.name, t.role, t.handler]), [['deploy', undefined, true]]);
});
