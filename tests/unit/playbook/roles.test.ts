import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { loadPlaybook, PlaybookLoader, playHandlers, roleBlock } from '../../../src/playbook/index.js';
import { catalogOf, flatTasks, loadError, writeTree } from './helpers.js';

const opts = { catalog: catalogOf() };
const PLAY = (roles: string, tasks = '[]'): string => `- hosts: all\n  roles:\n${roles}\n  tasks: ${tasks}\n`;

test('role keys: same params share a key, different params or allow_duplicates do not dedupe', async () => {
  const dir = await writeTree({
    'site.yml': PLAY('    - { role: r, x: 1 }\n    - { role: r, x: 1 }\n    - { role: r, x: 2 }\n    - { name: d }'),
    'roles/r/tasks/main.yml': '- ping:\n',
    'roles/d/meta/main.yml': 'allow_duplicates: true\n',
  });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const [a, b, c, d] = book.plays[0]?.roles ?? [];
  assert.ok(a && b && c && d);
  assert.equal(a.key, b.key);
  assert.notEqual(a.key, c.key);
  assert.deepEqual(c.params, { x: 2 });
  assert.equal(d.role.allowDuplicates, true);
  assert.equal(d.name, 'd');
});

test('a role entry key close to a keyword is a parameter with a warning', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - { role: r, tag: web }'), 'roles/r/tasks/main.yml': '- ping:\n' });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  assert.deepEqual(book.plays[0]?.roles[0]?.params, { tag: 'web' });
  assert.match(book.warnings[0] ?? '', /"tag" on role "r" is taken as a role parameter; did you mean "tags"\?/);
});

test('task keywords are rejected on a role entry', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - role: r\n      loop: [1]'), 'roles/r/tasks/main.yml': '- ping:\n' });
  await assert.rejects(loadPlaybook(path.join(dir, 'site.yml'), opts), (e: unknown) => e instanceof InputError && /keyword "loop" cannot be used on role "r"/.test(e.reason) && e.location.line === 4);
});

test('roleBlock runs dependencies first under the entry keywords; role handlers come before play handlers', async () => {
  const dir = await writeTree({
    'site.yml': PLAY('    - role: app\n      become: true', '[]') + '  handlers:\n    - name: play handler\n      ping:\n',
    'roles/app/meta/main.yml': 'dependencies: [lib]\n',
    'roles/app/tasks/main.yml': '- name: app task\n  ping:\n',
    'roles/app/handlers/main.yml': '- name: app handler\n  include_tasks: h.yml\n  listen: app changed\n',
    'roles/app/handlers/h.yml': '- name: in handler include\n  ping:\n',
    'roles/lib/tasks/main.yml': '- name: lib task\n  ping:\n',
    'roles/lib/handlers/main.yml': '- name: lib handler\n  ping:\n',
  });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const play = book.plays[0];
  assert.ok(play);
  const ref = play.roles[0];
  assert.ok(ref);
  const block = roleBlock(ref);
  assert.equal(block.keywords.become, true);
  assert.deepEqual(flatTasks(block.block).map((t) => `${t.role?.name}:${t.name}`), ['lib:lib task', 'app:app task']);
  const handlers = flatTasks(playHandlers(play));
  assert.deepEqual(handlers.map((h) => h.name), ['lib handler', 'app handler', 'play handler']);
  assert.deepEqual(handlers[1]?.keywords.listen, ['app changed']);
  assert.equal(handlers[1]?.include?.kind === 'tasks' && handlers[1].include.resolved, path.join(dir, 'roles/app/handlers/h.yml'));
});

test('import_role passes its keywords down and honours tasks_from; sibling roles are found from inside a role', async () => {
  const dir = await writeTree({
    'site.yml': PLAY('    - outer'),
    'roles/outer/tasks/main.yml': '- name: Use inner\n  import_role:\n    name: inner\n    tasks_from: part.yml\n  when: use_inner\n  tags: [inner]\n  vars:\n    v: 1\n',
    'roles/inner/tasks/part.yml': '- name: inner part\n  ping:\n',
  });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const outer = book.plays[0]?.roles[0]?.role;
  const block = outer?.tasks[0];
  assert.ok(block?.kind === 'block');
  assert.deepEqual(block.keywords.when, ['use_inner']);
  assert.deepEqual(block.keywords.tags, ['inner']);
  assert.deepEqual(block.keywords.vars, { v: 1 });
  assert.equal(block.importedFrom?.action, 'import_role');
  assert.equal(block.roleRef?.role.files.tasks, path.join(dir, 'roles/inner/tasks/part.yml'));
  assert.deepEqual(flatTasks(block.block).map((t) => `${t.role?.name}:${t.name}`), ['inner:inner part']);
});

test('a recursive include_tasks guarded by when is allowed; an unguarded one is a cycle', async () => {
  const guarded = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: retry.yml\n',
    'retry.yml': '- name: try\n  command: /bin/true\n  register: r\n- include_tasks: retry.yml\n  when: r is failed\n',
  });
  const book = await loadPlaybook(path.join(guarded, 'site.yml'), opts);
  assert.equal(flatTasks(book.plays[0]?.tasks ?? []).length, 1);
  const loop = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n',
    'a.yml': '- include_tasks: a.yml\n',
  });
  await assert.rejects(loadPlaybook(path.join(loop, 'site.yml'), opts), /include cycle: .*a\.yml -> .*a\.yml/);
});

test('templated include_role and include_tasks are left for run time', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - include_role:\n        name: "{{ which }}"\n    - include_tasks: "{{ kolla_action }}.yml"\n',
  });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const [role, tasks] = flatTasks(book.plays[0]?.tasks ?? []);
  assert.equal(role?.include?.static, false);
  assert.equal(role?.include?.kind === 'role' && role.include.allow_duplicates, true);
  assert.equal(tasks?.include?.static, false);
});

test('taskFile checks one file on its own, e.g. a role file only reached by a templated include', async () => {
  const dir = await writeTree({ 'roles/r/tasks/deploy.yml': '- name: x\n  comand: ls\n' });
  const loader = new PlaybookLoader(opts);
  await assert.rejects(loader.taskFile(path.join(dir, 'roles/r/tasks/deploy.yml'), { baseDir: dir, role: { name: 'r', path: path.join(dir, 'roles/r') } }), /unknown module "comand" in task "x"; did you mean "command"\?/);
});

test('vars_prompt, async and other unsupported keywords are named', async () => {
  const dir = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - command: sleep 10\n      async: 20\n' });
  await assert.rejects(loadPlaybook(path.join(dir, 'site.yml'), opts), /keyword "async" in unnamed task is not supported by kolla-run/);
});

test('empty defaults, vars and meta files are empty mappings; allow_duplicates reads as Ansible boolean() does', async () => {
  const dir = await writeTree({
    'site.yml': PLAY('    - r\n    - s'),
    'roles/r/tasks/main.yml': '- ping:\n',
    'roles/r/defaults/main.yml': '---\n# nothing yet\n',
    'roles/r/vars/main.yml': '',
    'roles/r/meta/main.yml': '# no dependencies\n',
    'roles/s/tasks/main.yml': '- ping:\n',
    'roles/s/meta/main.yml': 'allow_duplicates: "on"\ndependencies: ~\n',
  });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const [r, s] = book.plays[0]?.roles ?? [];
  assert.deepEqual(r?.role.defaults?.vars, {});
  assert.deepEqual(r?.role.vars?.vars, {});
  assert.deepEqual(r?.role.dependencies, []);
  assert.equal(r?.role.allowDuplicates, false);
  assert.equal(s?.role.allowDuplicates, true);
  assert.deepEqual(s?.role.dependencies, []);
});

test('a collection role name (namespace.collection.role) is looked up by its role name in the roles directories', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - kolla.common.web'), 'roles/web/tasks/main.yml': '- ping:\n' });
  const ref = (await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0]?.roles[0];
  assert.equal(ref?.role.path, path.join(dir, 'roles/web'));
  assert.equal(ref?.name, 'web');
});

test('a role without meta/main does not allow duplicates', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - r'), 'roles/r/tasks/main.yml': '- ping:\n' });
  const role = (await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0]?.roles[0]?.role;
  assert.deepEqual([role?.files.meta, role?.allowDuplicates], [undefined, false]);
});

test('role parameters written in another order are the same role instance (Ansible compares them as dicts)', async () => {
  const dir = await writeTree({
    'site.yml': PLAY('    - { role: r, a: 1, b: { x: 1, y: 2 } }\n    - { role: r, b: { y: 2, x: 1 }, a: 1 }'),
    'roles/r/tasks/main.yml': '- ping:\n',
  });
  const [one, two] = (await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0]?.roles ?? [];
  assert.ok(one && two);
  assert.equal(one.key, two.key);
});

test('a role entry that is a list is refused as such', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - [r, s]') });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:3:7', reason: 'a role entry must be a role name or a mapping, not a list' });
});

test('the warning about a role parameter that looks like a keyword names the key\'s file:line:col', async () => {
  const dir = await writeTree({ 'site.yml': PLAY('    - { role: r, tag: web }'), 'roles/r/tasks/main.yml': '- ping:\n' });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  assert.deepEqual(book.warnings, [`${path.join(dir, 'site.yml')}:3:18: "tag" on role "r" is taken as a role parameter; did you mean "tags"?`]);
});

test('import_role: the block is named after the task, or the role when the task has no name; it records the tasks file it read, or the role', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - name: Use inner\n      import_role: {name: inner}\n    - import_role: {name: inner, tasks_from: part}\n    - import_role: {name: empty}\n',
    'roles/inner/tasks/main.yml': '- ping:\n',
    'roles/inner/tasks/part.yml': '- ping:\n',
    'roles/empty/defaults/main.yml': 'x: 1\n',
  });
  const blocks = (await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0]?.tasks ?? [];
  assert.deepEqual(
    blocks.map((b) => b.kind === 'block' && [b.name, path.relative(dir, b.importedFrom?.file ?? '')]),
    [
      ['Use inner', 'roles/inner/tasks/main.yml'],
      ['inner', 'roles/inner/tasks/part.yml'],
      ['empty', 'roles/empty'],
    ],
  );
});

test('include_role with a static name but a templated tasks_from waits for run time', async () => {
  const dir = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - include_role: {name: r, tasks_from: "{{ step }}"}\n', 'roles/r/tasks/main.yml': '- ping:\n' });
  const task = flatTasks((await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0]?.tasks ?? [])[0];
  assert.deepEqual(task?.include, { kind: 'role', name: 'r', static: false, tasks_from: '{{ step }}', public: false, allow_duplicates: true });
});

test('a role whose tasks import the role again through a play\'s import_tasks is an import cycle', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - import_tasks: roles/r/tasks/main.yml\n',
    'roles/r/tasks/main.yml': '- import_role: {name: r}\n',
  });
  const main = path.join(dir, 'roles/r/tasks/main.yml');
  assert.deepEqual(await loadError(dir), { where: 'roles/r/tasks/main.yml:undefined:undefined', reason: `import cycle: ${main} -> ${path.join(dir, 'roles/r')} -> ${main}` });
});

test('a recursion through include_role may end at run time when that include has a when or a loop, as in ansible-playbook; without one it is a cycle', async () => {
  const through = (guard: string) =>
    writeTree({
      'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n',
      'a.yml': `- include_role:\n    name: r\n${guard}`,
      'roles/r/tasks/main.yml': '- include_tasks: a.yml\n',
    });
  for (const guard of ['  when: n | int < 3\n', '  loop: "{{ more }}"\n']) {
    const book = await loadPlaybook(path.join(await through(guard), 'site.yml'), opts);
    assert.equal(flatTasks(book.plays[0]?.tasks ?? []).length, 1, guard);
  }
  const dir = await through('');
  const [a, r] = [path.join(dir, 'a.yml'), path.join(dir, 'roles/r')];
  assert.deepEqual(await loadError(dir), { where: 'roles/r/tasks/main.yml:1:18', reason: `include cycle: ${a} -> ${r} -> ${path.join(r, 'tasks/main.yml')} -> ${a}` });
});

test('a role may include itself when the include_role has a when; without one it is a cycle', async () => {
  const self = (guard: string) => writeTree({ 'site.yml': PLAY('    - r'), 'roles/r/tasks/main.yml': `- name: again\n  include_role:\n    name: r\n${guard}` });
  const role = (await loadPlaybook(path.join(await self('  when: more\n'), 'site.yml'), opts)).plays[0]?.roles[0]?.role;
  assert.deepEqual(flatTasks(role?.tasks ?? []).map((t) => t.name), ['again']);
  const dir = await self('');
  const r = path.join(dir, 'roles/r');
  assert.deepEqual(await loadError(dir), { where: 'roles/r/tasks/main.yml:3:11', reason: `role dependency cycle: ${r} -> ${path.join(r, 'tasks/main.yml')} -> ${r}` });
});

test('an include_role inside a conditional include_tasks, recursing nowhere, is still loaded and checked', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n      when: go\n',
    'a.yml': '- include_role:\n    name: r\n',
    'roles/r/tasks/main.yml': '- name: x\n  comand: ls\n',
  });
  assert.deepEqual(await loadError(dir), { where: 'roles/r/tasks/main.yml:2:3', reason: 'unknown module "comand" in task "x"; did you mean "command"?' });
});
