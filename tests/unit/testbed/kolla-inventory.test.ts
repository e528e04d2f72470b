/** The testbed's Kolla inventories and virtual address: pure parts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lastHostAddress } from '../../../src/testbed/index.js';
import { fillInventory, MULTINODE_TEMPLATE } from '../../../src/testbed/kolla-inventory.js';

test('the virtual address is the last host address of the subnet, never its broadcast', () => {
  assert.equal(lastHostAddress('172.18.0.0/16'), '172.18.255.254');
  assert.equal(lastHostAddress('10.1.2.0/24'), '10.1.2.254');
  assert.equal(lastHostAddress('192.168.5.64/26'), '192.168.5.126');
  assert.equal(lastHostAddress('172.20.7.9/16'), '172.20.255.254', 'host bits of the base are ignored');
});

test("the template's host groups get the testbed's hosts; service groups stay children; deployment keeps localhost", () => {
  const text = fillInventory(readFileSync(MULTINODE_TEMPLATE, 'utf8'), ['node1 a=1', 'node2 a=2'], '# header');
  assert.ok(text.startsWith('# header\n'));
  const body = (section: string) => new RegExp(`\\[${section}\\]\\n([^[]*)`).exec(text)?.[1]?.trim();
  assert.equal(body('control'), 'node1 a=1\nnode2 a=2', 'the first host group carries the host variables');
  for (const group of ['network', 'compute', 'monitoring', 'storage']) assert.equal(body(group), 'node1\nnode2', group);
  assert.equal(body('deployment'), 'localhost ansible_connection=local');
  assert.match(text, /\[mariadb:children\]\ncontrol\n/);
  assert.match(text, /\[loadbalancer:children\]\nnetwork\n/);
  assert.doesNotMatch(text, /control01/, "the template's example hosts are gone");
});

test('the deployment host gets the cloud variables (post-deploy writes endpoints on the virtual address); comment lines do not', () => {
  const template = '[deployment]\n# a comment\nlocalhost ansible_connection=local\n\n[control]\n';
  const text = fillInventory(template, ['node1 a=1'], '# header', 'kolla_internal_vip_address=10.0.0.254');
  assert.match(text, /^localhost ansible_connection=local kolla_internal_vip_address=10\.0\.0\.254$/m);
  assert.match(text, /^# a comment$/m);
  assert.equal(body(text, 'control'), 'node1 a=1', 'cloud hosts keep their own line');
});

function body(text: string, section: string): string | undefined {
  return new RegExp(`\\[${section}\\]\\n([^[]*)`).exec(text)?.[1]?.trim();
}
