/**
 * add_host's side of the inventory (Ansible's add_dynamic_host): a new host
 * in new and existing groups, its variables over the groups', and "changed"
 * only when something changed.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadInventory, selectHosts, type Inventory } from '../../../src/inventory/index.js';
import { tempDir } from '../../support/temp-dir.js';

let dir: string;
let inv: Inventory;
before(async () => {
  dir = await tempDir('kolla-run-add-host-');
  await writeFile(join(dir, 'hosts'), '[web]\nw1\n\n[web:vars]\nport=80\nrole=web\n');
  inv = await loadInventory([join(dir, 'hosts')]);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a new host joins an existing group and a new one, with its own variables over the groups\'', () => {
  assert.equal(inv.addDynamicHost('extra', ['web', 'made'], { role: 'mine' }), true);
  assert.deepEqual(inv.hostNames, ['w1', 'extra']);
  assert.deepEqual(inv.groupHosts('made'), ['extra']);
  assert.deepEqual(inv.groupNamesOf('extra'), ['made', 'web']);
  assert.deepEqual(selectHosts(inv, 'web').hosts, ['w1', 'extra']);
  const vars = inv.hostVars('extra');
  assert.equal(vars.port, 80);
  assert.equal(vars.role, 'mine');
  assert.equal(vars.inventory_file, undefined, 'a host made at run time comes from no inventory file');
});

test('the same host, groups and variables again change nothing; a new value does', () => {
  assert.equal(inv.addDynamicHost('extra', ['made'], { role: 'mine' }), false);
  assert.equal(inv.addDynamicHost('extra', [], { role: 'other' }), true);
  assert.equal(inv.hostVars('extra').role, 'other');
});

test('a host added to no group is ungrouped, and leaves ungrouped once it joins one', () => {
  inv.addDynamicHost('loner', [], {});
  assert.deepEqual(inv.groupHosts('ungrouped'), ['loner']);
  inv.addDynamicHost('loner', ['made'], {});
  assert.deepEqual(inv.groupHosts('ungrouped'), []);
  assert.deepEqual(inv.groupHosts('made'), ['extra', 'loner']);
});
