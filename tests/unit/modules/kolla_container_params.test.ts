/** kolla_container's parameters as kolla-ansible's roles pass them: common_options under the task's own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBody } from '../../../src/containers/spec.js';
import { gracefulTimeout, kollaContainerParams, specOf } from '../../../src/modules/kolla_container_params.js';

const common = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', restart_retries: 10 };

test("a task without environment takes common_options' environment", () => {
  const spec = specOf(kollaContainerParams.parse({ action: 'compare_container', name: 'memcached', image: 'kolla/memcached:latest', common_options: common }));
  assert.deepEqual(spec.environment, { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' });
});

// kolla-ansible's generate_module (2023.1 on, bug 2003079): environment = common_options' updated with the task's.
test("a task's own environment is added to common_options', its own values winning", () => {
  const spec = specOf(kollaContainerParams.parse({ action: 'start_container', name: 'mariadb', image: 'i', common_options: common, environment: { MARIADB_ARGS: '--wsrep-new-cluster', KOLLA_BOOTSTRAP: null } }));
  assert.deepEqual(spec.environment, { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', MARIADB_ARGS: '--wsrep-new-cluster', KOLLA_BOOTSTRAP: '' });
  const own = specOf(kollaContainerParams.parse({ action: 'start_container', name: 'nova', image: 'i', common_options: common, environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' } }));
  assert.deepEqual(own.environment, { KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' });
});

test('no environment anywhere is an empty one', () => {
  assert.deepEqual(specOf(kollaContainerParams.parse({ action: 'compare_container', name: 'x', image: 'i' })).environment, {});
});

// kolla-ansible's generate_module, run on these arguments (ansible 2.14's AnsibleModule):
// the task's restart_policy, restart_retries and graceful_timeout win over common_options'; common_options'
// digits are numbers; with neither, restart_retries 10 and graceful_timeout 10.
test("restart policy, retries and stop grace: the task's own, else common_options' (digits read as a number), else kolla-ansible's defaults", () => {
  const parse = (args: Record<string, unknown>) => kollaContainerParams.parse({ action: 'start_container', name: 'nova_compute', image: 'i', ...args });
  const own = parse({ common_options: { restart_policy: 'always', restart_retries: 10, graceful_timeout: 60 }, restart_policy: 'on-failure', restart_retries: 3, graceful_timeout: 5 });
  assert.deepEqual([specOf(own).restart_policy, specOf(own).restart_retries, gracefulTimeout(own)], ['on-failure', 3, 5]);
  const fromCommon = parse({ common_options: { restart_policy: 'always', restart_retries: '4', graceful_timeout: '60' } });
  assert.deepEqual([specOf(fromCommon).restart_policy, specOf(fromCommon).restart_retries, gracefulTimeout(fromCommon)], ['always', 4, 60]);
  const numbers = parse({ common_options: { restart_retries: 7, graceful_timeout: 30 } });
  assert.deepEqual([specOf(numbers).restart_retries, gracefulTimeout(numbers)], [7, 30]);
  const none = parse({ common_options: { restart_retries: 'ten', graceful_timeout: 'sixty' } });
  assert.deepEqual([specOf(none).restart_policy, specOf(none).restart_retries, gracefulTimeout(none)], ['unless-stopped', 10, 10]);
  const onFailure = createBody(specOf(parse({ restart_policy: 'on-failure' }))).HostConfig as { RestartPolicy: unknown };
  assert.deepEqual(onFailure.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 10 });
});

test('a container is unprivileged unless asked; command is split into words, an empty one leaves the image its own', () => {
  const parse = (args: Record<string, unknown>) => specOf(kollaContainerParams.parse({ action: 'start_container', name: 'memcached', image: 'i', ...args }));
  assert.equal(parse({}).privileged, false);
  assert.deepEqual(parse({ command: 'kolla_start' }).command, ['kolla_start']);
  assert.deepEqual(parse({ command: "bash -c 'sudo -E kolla_set_configs && exec memcached'" }).command, ['bash', '-c', 'sudo -E kolla_set_configs && exec memcached']);
  assert.equal(parse({ command: '' }).command, undefined);
  assert.equal(parse({ command: '   ' }).command, undefined);
});

test('timeout (a one-shot container, wait_healthy) is at least a second', () => {
  const r = kollaContainerParams.safeParse({ action: 'wait_healthy', name: 'keystone', timeout: 0 });
  assert.equal(r.success, false);
  assert.equal(kollaContainerParams.parse({ action: 'wait_healthy', name: 'keystone', timeout: 1 }).timeout, 1);
});
