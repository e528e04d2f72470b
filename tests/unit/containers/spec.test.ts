/**
 * The comparison that decides whether kolla_container recreates a running
 * container: a container made from the spec's own create body has no
 * differences, and each defining field that changes is named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerInspect } from '../../../src/containers/engine.js';
import { createBody, differences, type ContainerSpec } from '../../../src/containers/spec.js';

const spec: ContainerSpec = {
  name: 'memcached',
  image: 'registry:4000/memcached:1',
  environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' },
  volumes: ['/etc/kolla/memcached/:/var/lib/kolla/config_files/:ro', 'kolla_logs:/var/log/kolla/', ''],
  privileged: false,
  cap_add: [],
  security_opt: [],
  labels: {},
  dimensions: {},
  restart_policy: 'unless-stopped',
  restart_retries: 10,
  tmpfs: [],
};

/** What the engine reports for a container created from `created`'s body. */
function inspectOf(created: ContainerSpec): ContainerInspect {
  const body = createBody(created) as { Image: string; Env: string[]; Labels: Record<string, string>; HostConfig: ContainerInspect['HostConfig'] };
  return {
    Id: 'c1',
    Name: `/${created.name}`,
    Image: 'sha256:1',
    State: { Status: 'running', Running: true, ExitCode: 0 },
    Config: { Image: body.Image, Env: body.Env, Cmd: null, Labels: body.Labels },
    HostConfig: body.HostConfig,
    Mounts: [],
  };
}

test('a container made from the same spec differs in nothing (a volume without mode counts as :rw)', () => {
  assert.deepEqual(differences(spec, inspectOf(spec), undefined), []);
});

test('a volume added, removed or remounted read-only is a difference', () => {
  const running = inspectOf(spec);
  assert.deepEqual(differences({ ...spec, volumes: [...spec.volumes, '/etc/localtime:/etc/localtime:ro'] }, running, undefined), ['volumes']);
  assert.deepEqual(differences({ ...spec, volumes: spec.volumes.slice(0, 1) }, running, undefined), ['volumes']);
  assert.deepEqual(differences({ ...spec, volumes: ['/etc/kolla/memcached/:/var/lib/kolla/config_files/:ro', 'kolla_logs:/var/log/kolla/:ro'] }, running, undefined), ['volumes']);
});

test('volumes in another order are the same volumes', () => {
  assert.deepEqual(differences({ ...spec, volumes: [...spec.volumes].reverse() }, inspectOf(spec), undefined), []);
});
