/**
 * Task lists (src/playbook/tasks.ts): blocks, argument locations, where
 * an included file is found, cycles through includes, and task files
 * shared by roles.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { catalogOf, findBlock, findTask, flatTasks, loadError, writeTree } from './helpers.js';

const opts = { catalog: catalogOf() };
const load = async (dir: string) => (await loadPlaybook(path.join(dir, 'site.yml'), opts)).plays[0];

test('a block keeps its block, rescue and always lists apart', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  tasks:\n    - name: b\n      block: [{name: one, ping: }, {name: two, ping: }]\n      rescue: [{name: three, ping: }]\n      always: [{name: four, ping: }]\n',
  });
  const block = findBlock((await load(dir))?.tasks ?? [], (b) => b.name === 'b');
  assert.deepEqual([block.block, block.rescue, block.always].map((list) => flatTasks(list).map((t) => t.name)), [['one', 'two'], ['three'], ['four']]);
});

test('an argument is located where it is written: in the module\'s mapping, under args:, in a legacy action mapping, or at a legacy action string', async () => {
  const dir = await writeTree({
    'site.yml': [
      '- hosts: all',
      '  tasks:',
      '    - name: legacy mapping',
      '      action:',
      '        module: file',
      '        path: /tmp/x',
      '      args:',
      '        mode: "0644"',
      '    - name: legacy string',
      '      local_action: command echo hi',
      '      args:',
      '        chdir: /tmp',
      '',
    ].join('\n'),
  });
  const tasks = (await load(dir))?.tasks ?? [];
  const at = (task: string, arg: string) => {
    const l = findTask(tasks, task).locateArg([arg]);
    return `${l.line}:${l.col}`;
  };
  assert.deepEqual(
    [at('legacy mapping', 'path'), at('legacy mapping', 'mode'), at('legacy string', '_raw_params'), at('legacy string', 'chdir')],
    ['6:15', '8:15', '10:21', '12:16'],
  );
});

test('include_tasks and import_tasks take an absolute path as it is; a missing one names it', async () => {
  const tree = await writeTree({ 'abs/t.yml': '- name: abs\n  ping:\n' });
  const file = path.join(tree, 'abs/t.yml');
  const dir = await writeTree({ 'site.yml': `- hosts: all\n  tasks:\n    - include_tasks: ${file}\n    - import_tasks: ${file}\n` });
  const [include, imported] = (await load(dir))?.tasks ?? [];
  assert.deepEqual(include?.kind === 'task' && include.include, { kind: 'tasks', file, static: true, resolved: file });
  assert.equal(imported?.kind === 'block' && imported.importedFrom?.file, file);
  const missing = path.join(tree, 'abs/none.yml');
  const bad = await writeTree({ 'site.yml': `- hosts: all\n  tasks:\n    - include_tasks: ${missing}\n` });
  assert.deepEqual(await loadError(bad), { where: 'site.yml:3:22', reason: `task file "${missing}" not found (looked for ${missing})` });
});

test('a recursive include is allowed only when an include inside the cycle has a when or a loop', async () => {
  // The condition on the include that enters the cycle is outside it: a.yml then includes itself for ever.
  const entry = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n      when: go\n', 'a.yml': '- include_tasks: a.yml\n' });
  const a = path.join(entry, 'a.yml');
  assert.deepEqual(await loadError(entry), { where: 'a.yml:1:18', reason: `include cycle: ${a} -> ${a}` });
  const plain = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n', 'a.yml': '- include_tasks: b.yml\n', 'b.yml': '- include_tasks: a.yml\n' });
  assert.deepEqual(await loadError(plain), { where: 'b.yml:1:18', reason: `include cycle: ${path.join(plain, 'a.yml')} -> ${path.join(plain, 'b.yml')} -> ${path.join(plain, 'a.yml')}` });
  const guarded = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - include_tasks: a.yml\n', 'a.yml': '- include_tasks: b.yml\n  when: again\n', 'b.yml': '- include_tasks: a.yml\n' });
  assert.equal((await load(guarded))?.tasks.length, 1);
});

test('a task file two roles import is read once for each, with each role\'s context', async () => {
  const dir = await writeTree({
    'site.yml': '- hosts: all\n  roles: [a, b]\n',
    'roles/a/tasks/main.yml': '- import_tasks: shared.yml\n',
    'roles/b/tasks/main.yml': '- import_tasks: shared.yml\n',
    'shared.yml': '- name: shared\n  ping:\n',
  });
  const roles = (await load(dir))?.roles ?? [];
  assert.deepEqual(roles.map((r) => flatTasks(r.role.tasks).map((t) => `${t.role?.name}:${t.name}`)), [['a:shared'], ['b:shared']]);
});

test('an empty apply: is refused, as Ansible does ("Expected a dict for apply")', async () => {
  const dir = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - include_tasks:\n        file: t.yml\n        apply:\n', 't.yml': '- ping:\n' });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:5:15', reason: '"apply" in unnamed task must be a mapping of keywords, not empty' });
});
