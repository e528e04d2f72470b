/** kolla_container's parameters as kolla-ansible's roles pass them: common_options under the task's own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kollaContainerParams, specOf } from '../../../src/modules/kolla_container_params.js';

const common = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', restart_retries: 10 };

test("a task without environment takes common_options' environment", () => {
  const spec = specOf(kollaContainerParams.parse({ action: 'compare_container', name: 'memcached', image: 'kolla/memcached:latest', common_options: common }));
  assert.deepEqual(spec.environment, { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' });
});

test("a task's own environment replaces common_options' (not merged, as kolla-ansible's module does)", () => {
  const spec = specOf(kollaContainerParams.parse({ action: 'start_container', name: 'mariadb', image: 'i', common_options: common, environment: { MARIADB_ARGS: '--wsrep-new-cluster', KOLLA_BOOTSTRAP: null } }));
  assert.deepEqual(spec.environment, { MARIADB_ARGS: '--wsrep-new-cluster', KOLLA_BOOTSTRAP: '' });
});

test('no environment anywhere is an empty one', () => {
  assert.deepEqual(specOf(kollaContainerParams.parse({ action: 'compare_container', name: 'x', image: 'i' })).environment, {});
});
