import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { ancestors, buildOrder, CycleError, descendants, selectImages } from '../../../src/images/graph.js';

const tree = [
  { name: 'keystone', deps: ['openstack-base'] },
  { name: 'base', deps: [] },
  { name: 'mariadb-server', deps: ['base'] },
  { name: 'openstack-base', deps: ['base'] },
  { name: 'memcached', deps: ['base'] },
];

test('parents come before children; independent images by name', () => {
  assert.deepEqual(buildOrder(tree), ['base', 'mariadb-server', 'memcached', 'openstack-base', 'keystone']);
});

test('a cycle is an error naming the cycle', () => {
  const cyclic = [
    { name: 'a', deps: ['c'] },
    { name: 'b', deps: ['a'] },
    { name: 'c', deps: ['b'] },
  ];
  assert.throws(() => buildOrder(cyclic), (err: unknown) => err instanceof CycleError && err.cycle.join(' ') === 'a c b a');
});

test('ancestors and descendants follow the tree', () => {
  assert.deepEqual([...ancestors('keystone', tree)].sort(), ['base', 'openstack-base']);
  assert.deepEqual([...descendants('base', tree)].sort(), ['keystone', 'mariadb-server', 'memcached', 'openstack-base']);
  assert.deepEqual([...descendants('memcached', tree)], []);
});

test('no pattern selects every image', () => {
  assert.equal(selectImages(tree, []).size, 5);
});

test('a pattern selects the matching images and their parents', () => {
  assert.deepEqual([...selectImages(tree, ['keystone'])].sort(), ['base', 'keystone', 'openstack-base']);
  assert.deepEqual([...selectImages(tree, ['mariadb'])].sort(), ['base', 'mariadb-server']);
  // Searched anywhere in the name, as a regular expression.
  assert.deepEqual([...selectImages(tree, ['^me', 'db-s'])].sort(), ['base', 'mariadb-server', 'memcached']);
});

test('a pattern matching nothing, or not a regular expression, is a usage error', () => {
  assert.throws(() => selectImages(tree, ['nova']), (err: unknown) => err instanceof UsageError && /no image matches "nova"/.test(err.message));
  assert.throws(() => selectImages(tree, ['(']), (err: unknown) => err instanceof UsageError && /not a valid regular expression/.test(err.message));
});
