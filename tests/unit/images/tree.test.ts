import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTree } from '../../../src/images/tree.js';

test('children under their parent, details aligned', () => {
  const lines = formatTree([
    { name: 'base', detail: 'built' },
    { name: 'openstack-base', parent: 'base', detail: 'cached' },
    { name: 'keystone', parent: 'openstack-base', detail: 'FAILED' },
    { name: 'memcached', parent: 'base', detail: 'skipped' },
  ]);
  assert.deepEqual(lines, [
    'base               built',
    '├─ memcached       skipped',
    '└─ openstack-base  cached',
    '   └─ keystone     FAILED',
  ]);
});

test('an image whose parent is not listed is shown as a root', () => {
  assert.deepEqual(formatTree([{ name: 'x', parent: 'absent', detail: '' }]), ['x']);
});
