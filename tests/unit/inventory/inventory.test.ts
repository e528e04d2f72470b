/** The Inventory API: membership, merged vars, group_names, groups, sources. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inventoryGraph, inventoryHostJson, loadInventory } from '../../../src/inventory/index.js';
import { FIXTURES } from './oracle.js';
import { tempTreeSync } from '../../support/temp-dir.js';

const fixture = (name: string): string => join(FIXTURES, name);

const scratch = (files: Record<string, string>): string => tempTreeSync('kolla-run-inv-', files);

describe('variables', () => {
  test('all < parent < child < host; same depth by priority then name', async () => {
    const inv = await loadInventory(['hosts'], { cwd: fixture('ini-var-precedence') });
    assert.deepEqual(inv.mergeOrder('h'), ['b', 'c', 'p', 'a']);
    const vars = inv.hostVars('h');
    assert.equal(vars['v'], 'a');
    assert.equal(vars['x'], 'c');
    assert.equal(vars['z'], 'p');
    assert.equal(vars['v_host'], 'host');
    assert.equal(vars['only_all'], 1);
    assert.equal(vars['ansible_group_priority'], undefined);
    assert.equal(inv.hostVars('h2')['pv'], 'hi');
  });

  test('group_vars and host_vars files win over inventory vars of the same level', async () => {
    const inv = await loadInventory(['inventory/hosts'], { cwd: fixture('group-vars-files') });
    const layers = inv.hostVarsLayers('w1');
    assert.equal(layers.inventoryHostVars['inline'], 'ini');
    assert.equal(layers.hostVarsFiles['inline'], 'file');
    const vars = inv.hostVars('w1');
    assert.deepEqual(
      { a: vars['a'], b: vars['b'], c: vars['c'], deep: vars['deep'], level: vars['level'], inline: vars['inline'] },
      { a: 1, b: 2, c: 3, deep: true, level: 'web', inline: 'file' },
    );
    assert.equal(vars['hidden'], undefined);
    assert.equal(vars['ignored'], undefined);
    assert.equal(inv.hostVars('d1')['shadowed'], undefined);
    assert.equal(inv.hostVars('d1')['from_dir'], 1);
  });

  test('inventory_file and inventory_dir are host vars; --host output leaves them out', async () => {
    const dir = fixture('ini-basic');
    const inv = await loadInventory(['hosts'], { cwd: dir });
    assert.equal(inv.inventoryFile('web1'), join(dir, 'hosts'));
    assert.equal(inv.inventoryDir('web1'), dir);
    assert.equal(inv.hostVars('web1')['inventory_file'], join(dir, 'hosts'));
    assert.deepEqual(inventoryHostJson(inv, 'web1'), {});
    assert.equal(inventoryHostJson(inv, 'nope'), undefined);
  });

  test('later sources win', async () => {
    const inv = await loadInventory(['first.ini', 'second.yml'], { cwd: fixture('multiple-sources') });
    assert.equal(inv.hostVars('x')['v'], 'second');
    assert.equal(inv.hostVars('x')['only_first'], 1);
    assert.equal(inv.sources.length, 2);
  });

  test('sharedHostVars: merged once and shared, merged again after add_host changes the host', async () => {
    const inv = await loadInventory(['hosts'], { cwd: fixture('ini-group-vars-typing') });
    const first = inv.sharedHostVars('h1');
    assert.equal(inv.sharedHostVars('h1'), first);
    assert.deepEqual(first, inv.hostVars('h1'));
    inv.addDynamicHost('h1', [], { added_later: 1 });
    assert.equal(inv.sharedHostVars('h1')['added_later'], 1);
  });

  test('hostVars returns a copy', async () => {
    const inv = await loadInventory(['hosts'], { cwd: fixture('ini-group-vars-typing') });
    const v = inv.hostVars('h1');
    (v['list'] as number[]).push(99);
    assert.deepEqual(inv.hostVars('h1')['list'], [1, 2]);
  });
});

describe('membership', () => {
  test('group_names and groups as the magic vars', async () => {
    const inv = await loadInventory(['inventory'], { cwd: fixture('ini-children-later') });
    assert.deepEqual(inv.groupNamesOf('l1'), ['diamond', 'leaf', 'mid', 'other', 'top']);
    const groups = inv.groupsMap();
    // Breadth-first: other (o1, l1) is a level above leaf (l1, l2). Checked with Ansible.
    assert.deepEqual(groups['all'], ['o1', 'l1', 'l2']);
    assert.deepEqual(groups['ungrouped'], []);
    assert.deepEqual(groups['top'], ['o1', 'l1', 'l2']);
  });

  test('ungrouped hosts have "ungrouped" in group_names, as in Ansible', async () => {
    const inv = await loadInventory(['hosts'], { cwd: fixture('ini-basic') });
    assert.deepEqual(inv.groupNamesOf('top2'), ['ungrouped']);
    assert.deepEqual(inv.groupNamesOf('top1'), ['db']);
  });

  test('an explicit localhost is a real host, not implicit', async () => {
    const inv = await loadInventory(['multinode'], { cwd: fixture('kolla-multinode') });
    assert.ok(inv.hasHost('localhost'));
    assert.ok(!inv.isImplicitLocalhost('localhost'));
    assert.deepEqual(inv.groupNamesOf('localhost'), ['deployment']);
    assert.equal(inv.hostVars('compute03')['nova_compute_virt_type'], 'kvm');
    assert.equal(inv.hostVars('control01')['api_interface'], 'eth1', 'a host var beats group_vars/control.yml');
    assert.equal(inv.hostVars('control01')['network_interface'], 'ens3');
  });

  test('inline host list', async () => {
    const inv = await loadInventory(['a,b:2222,'], { cwd: tmpdir() });
    assert.deepEqual(inv.hostNames, ['a', 'b']);
    assert.equal(inv.hostVars('b')['ansible_port'], 2222);
  });

  test('a comma in an existing path is a path, not a list', async () => {
    const dir = scratch({ 'a,b': '[g]\nh1\n' });
    const inv = await loadInventory(['a,b'], { cwd: dir });
    assert.deepEqual(inv.hostNames, ['h1']);
  });

  test('graph of one group', async () => {
    const inv = await loadInventory(['inventory'], { cwd: fixture('ini-children-later') });
    assert.equal(inventoryGraph(inv, 'mid'), '@mid:\n  |--@leaf:\n  |  |--l1\n  |  |--l2');
    assert.throws(() => inventoryGraph(inv, 'nope'), /not a group/);
  });

  test('YAML oddities Ansible skips with a warning', async () => {
    const dir = scratch({ 'h.yml': 'g: hello\nk:\n  hosts:\n    h1:\n  colour: blue\n' });
    const inv = await loadInventory(['h.yml'], { cwd: dir });
    assert.ok(!inv.hasGroup('g'));
    assert.equal(inv.warnings.length, 2, inv.warnings.join('\n'));
    assert.match(inv.warnings[0] ?? '', /h\.yml:1: skipping group "g"/);
  });
});

describe('the implicit localhost', () => {
  test('localhost is implicit only when the inventory does not name it; another unknown name is nothing', async () => {
    const without = await loadInventory(['hosts'], { cwd: scratch({ hosts: '[g]\nh1 a=1\n[all:vars]\nshared=1\n' }) });
    assert.equal(without.isImplicitLocalhost('localhost'), true);
    assert.equal(without.isImplicitLocalhost('127.0.0.1'), true);
    assert.equal(without.isImplicitLocalhost('nosuch'), false);
    assert.equal(without.hostVars('localhost')['shared'], 1, "the implicit localhost reads all's vars");
    assert.deepEqual(without.hostVars('nosuch'), {});
    const named = await loadInventory(['hosts'], { cwd: scratch({ hosts: '[g]\nlocalhost ansible_connection=local\n' }) });
    assert.equal(named.isImplicitLocalhost('localhost'), false);
  });
});
