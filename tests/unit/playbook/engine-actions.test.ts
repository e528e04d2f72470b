/**
 * The engine actions' table (src/playbook/engine-actions.ts) against what
 * the loader does with each action and against Ansible's own action plugins.
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENGINE_ACTIONS, engineAction, loadPlaybook, type EngineAction } from '../../../src/playbook/index.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';
import { catalogOf, loadError, writeTree } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));
const opts = { catalog: catalogOf() };

/** One well-formed use of each engine action. */
const USES: Record<EngineAction, string> = {
  import_tasks: 'import_tasks: t.yml',
  import_role: 'import_role: {name: r}',
  include_tasks: 'include_tasks: t.yml',
  include_role: 'include_role: {name: r}',
  include_vars: 'include_vars: v.yml',
  meta: 'meta: noop',
  set_fact: 'set_fact: {a: 1}',
  group_by: 'group_by: {key: g}',
  add_host: 'add_host: {name: h}',
};

test('the actions the table marks inlined are the ones the loader inlines as blocks; the others stay tasks', async () => {
  const tasks = ENGINE_ACTIONS.map((a) => `    - ${USES[a]}\n`).join('');
  const dir = await writeTree({ 'site.yml': `- hosts: all\n  tasks:\n${tasks}`, 't.yml': '- ping:\n', 'v.yml': 'x: 1\n', 'roles/r/tasks/main.yml': '- ping:\n' });
  const nodes = (await loadPlaybook(join(dir, 'site.yml'), opts)).plays[0]?.tasks ?? [];
  assert.equal(nodes.length, ENGINE_ACTIONS.length);
  ENGINE_ACTIONS.forEach((action, i) => {
    const node = nodes[i];
    const inlined = node?.kind === 'block' && node.importedFrom?.action === action;
    assert.equal(inlined, engineAction(action)?.inlined === true, action);
    if (!inlined) assert.equal(node?.kind === 'task' && node.action, action);
  });
});

test('include_vars takes its file free-form, as file: or as dir:', async () => {
  for (const use of ['include_vars: v.yml', 'include_vars: {file: v.yml}', 'include_vars: {dir: vars}']) {
    const dir = await writeTree({ 'site.yml': `- hosts: all\n  tasks:\n    - ${use}\n` });
    const task = (await loadPlaybook(join(dir, 'site.yml'), opts)).plays[0]?.tasks[0];
    assert.equal(task?.kind === 'task' && task.action, 'include_vars', use);
  }
});

test('add_host takes the host as name:, hostname: or host: (the module\'s aliases), and needs one of them', async () => {
  for (const key of ['name', 'hostname', 'host']) {
    const dir = await writeTree({ 'site.yml': `- hosts: all\n  tasks:\n    - add_host: {${key}: h, groups: g}\n` });
    const task = (await loadPlaybook(join(dir, 'site.yml'), opts)).plays[0]?.tasks[0];
    assert.deepEqual(task?.kind === 'task' && task.args, { [key]: 'h', groups: 'g' }, key);
  }
  const dir = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - add_host: {groups: g}\n' });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:3:17', reason: 'add_host in unnamed task needs "name"' });
});

test('the engine actions that run once for all hosts are those whose Ansible action plugin sets BYPASS_HOST_LOOP', { skip: hasAnsible() ? false : 'ansible is not installed (the oracle)' }, async () => {
  const answers = await askPythonScript<boolean[]>(join(TREE, 'tests', 'fixtures', 'playbook', '_oracle', 'bypass_host_loop.py'), JSON.stringify(ENGINE_ACTIONS), { root: TREE });
  assert.deepEqual(Object.fromEntries(ENGINE_ACTIONS.map((a) => [a, engineAction(a)?.bypassHostLoop === true])), Object.fromEntries(ENGINE_ACTIONS.map((a, i) => [a, answers[i]])));
});
