import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { generateTree } from './generate-tree.js';
import { catalogOf, flatTasks } from './helpers.js';
import { tempDir } from '../../support/temp-dir.js';

test('a kolla-sized tree (100 roles, 3,000 tasks) loads', async (t) => {
  const dir = await tempDir('kr-pb-large-');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const tree = await generateTree(dir, { roles: 100, tasksPerRole: 30 });
  const start = performance.now();
  const book = await loadPlaybook(tree.playbook, { catalog: catalogOf(tree.modules) });
  const ms = performance.now() - start;
  const tasks = book.plays.reduce((n, p) => n + p.roles.reduce((m, r) => m + flatTasks(r.role.tasks).length, 0), 0);
  t.diagnostic(`loaded ${book.plays.length} plays, ${tasks} tasks in ${ms.toFixed(0)} ms`);
  console.log(`# playbook load: ${tasks} tasks in ${ms.toFixed(0)} ms`);
  assert.equal(book.plays.length, 100);
  assert.equal(tasks, 3000);
  assert.equal(tree.tasks, 3000);
  const common = book.plays.map((p) => p.roles[0]?.role.dependencies[0]?.role);
  assert.ok(common.every((r) => r === common[0]), 'the shared dependency is loaded once');
});
