/**
 * Details of reading and merging a host's variables that the fixtures leave
 * open, each checked with ansible-inventory 2.14: the tie-break by name, the
 * default group priority, group_vars/all below the other groups' files,
 * [g:vars] before [g], and the vars files of the implicit localhost.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inventoryHostJson, inventoryToListJson, loadInventory } from '../../../src/inventory/index.js';
import { tempTreeSync } from '../../support/temp-dir.js';

const scratch = (files: Record<string, string>): string => tempTreeSync('kolla-run-inv-merge-', files);

describe('merge order of groups', () => {
  test('same depth and priority: the later name wins, whatever order the host joined in', async () => {
    const dir = scratch({ hosts: '[zz]\nh\n[aa]\nh\n[zz:vars]\nv=zz\n[aa:vars]\nv=aa\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.deepEqual(inv.mergeOrder('h'), ['aa', 'zz']);
    assert.equal(inv.hostVars('h')['v'], 'zz');
  });

  test('a group without ansible_group_priority has priority 1: above a group given 0', async () => {
    const dir = scratch({ hosts: '[a]\nh\n[b]\nh\n[a:vars]\nv=a\n[b:vars]\nv=b\nansible_group_priority=0\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.equal(inv.hostVars('h')['v'], 'a');
  });

  test("group_vars/all.yml ranks below every other group's file", async () => {
    const dir = scratch({ hosts: '[g]\nh\n', 'group_vars/all.yml': 'x: all\nonly_all: 1\n', 'group_vars/g.yml': 'x: g\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.equal(inv.hostVars('h')['x'], 'g');
    assert.equal(inv.hostVars('h')['only_all'], 1);
  });
});

describe('group_vars beside the inventory and beside the playbook', () => {
  test("the playbook's group_vars/all beats the inventory's, and every other group's file beats both", async () => {
    const dir = scratch({
      'inv/hosts': '[g]\nh\n',
      'inv/group_vars/all.yml': 'x: inventory all\ny: inventory all\n',
      'inv/group_vars/g.yml': 'y: inventory g\n',
      'play/group_vars/all.yml': 'x: playbook all\ny: playbook all\n',
    });
    const inv = await loadInventory(['inv/hosts'], { cwd: dir, playbookDir: 'play' });
    assert.equal(inv.hostVars('h')['x'], 'playbook all');
    assert.equal(inv.hostVars('h')['y'], 'inventory g');
  });
});

describe('INI sections', () => {
  test('[g:vars] may come before [g]', async () => {
    const dir = scratch({ hosts: '[x:vars]\na=1\n\n[x]\nh1\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.equal(inv.hostVars('h1')['a'], 1);
    assert.deepEqual(inv.groupHosts('x'), ['h1']);
  });

  test('a child group line may end in a comment', async () => {
    const dir = scratch({ hosts: '[p:children]\nc   # the child\n[c]\nh\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.deepEqual(inv.groupHosts('p'), ['h']);
    assert.deepEqual(inv.group('p')?.children, ['c']);
  });
});

describe('the implicit localhost', () => {
  test('reads host_vars/localhost.yml beside the inventory', async () => {
    const dir = scratch({ hosts: '[g]\nh1\n', 'host_vars/localhost.yml': 'from_file: 1\n' });
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.equal(inv.isImplicitLocalhost('localhost'), true);
    assert.equal(inv.hostVars('localhost')['from_file'], 1);
  });
});

describe('warnings and output', () => {
  test('each YAML source keeps its own warnings, none repeated', async () => {
    const dir = scratch({ 'a.yml': 'g: hello\n', 'b.yml': 'k: 5\n' });
    const inv = await loadInventory(['a.yml', 'b.yml'], { cwd: dir });
    assert.equal(inv.warnings.length, 2, inv.warnings.join('\n'));
    assert.match(inv.warnings[0] ?? '', /a\.yml:1: skipping group "g"/);
    assert.match(inv.warnings[1] ?? '', /b\.yml:1: skipping group "k"/);
  });

  test('--list and --host print strings, nulls and nested mappings as they are, keys sorted', async () => {
    const dir = scratch({ 'h.yml': 'all:\n  hosts:\n    h1:\n      s: text\n      n: null\n      m: {z: 1, a: [x, null]}\n' });
    const inv = await loadInventory(['h.yml'], { cwd: dir });
    const vars = { m: { a: ['x', null], z: 1 }, n: null, s: 'text' };
    assert.deepEqual(inventoryHostJson(inv, 'h1'), vars);
    assert.equal(JSON.stringify(inventoryHostJson(inv, 'h1')), JSON.stringify(vars));
    assert.deepEqual(inventoryToListJson(inv)['_meta'], { hostvars: { h1: vars } });
  });
});
