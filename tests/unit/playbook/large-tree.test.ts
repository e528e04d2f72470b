import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { generateTree } from './generate-tree.js';
import { catalogOf, flatTasks } from './helpers.js';
import { tempDir } from '../../support/temp-dir.js';

// Its load time at Kolla's size (100 roles, 3,000 tasks) is bench/load.ts's to measure; here, what a tree of many
// roles must load to.
test('a tree of many roles (20 roles, 600 tasks) loads whole, its shared dependency once', async (t) => {
  const dir = await tempDir('kr-pb-large-');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const tree = await generateTree(dir, { roles: 20, tasksPerRole: 30 });
  const book = await loadPlaybook(tree.playbook, { catalog: catalogOf(tree.modules) });
  const tasks = book.plays.reduce((n, p) => n + p.roles.reduce((m, r) => m + flatTasks(r.role.tasks).length, 0), 0);
  assert.equal(book.plays.length, 20);
  assert.equal(tasks, 600);
  assert.equal(tree.tasks, 600);
  const common = book.plays.map((p) => p.roles[0]?.role.dependencies[0]?.role);
  assert.ok(common.every((r) => r === common[0]), 'the shared dependency is loaded once');
});
