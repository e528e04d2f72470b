/** kolla-run status's rendering: one aligned row per container, a row per host that could not be read. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTag, isKollaContainer } from '../../../src/kolla/containers.js';
import { formatUptime, renderStatusJson, renderStatusTable } from '../../../src/kolla/status-table.js';
import { containerStatus, type ContainerStatus, type HostStatus } from '../../../src/kolla/status.js';
import type { ContainerInspect } from '../../../src/containers/engine.js';

const c = (name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name, image: `reg:4000/kolla/${name}:latest`, tag: 'latest', state: 'running', health: 'healthy', restarts: 0, startedAt: '2026-12-03T10:00:00Z', uptimeSeconds: 65, ...extra,
});

test('a table: header, a row per container in the columns asked for, aligned', () => {
  const hosts: HostStatus[] = [
    { host: 'node1', containers: [c('mariadb'), c('rabbitmq', { health: 'none', restarts: 3, uptimeSeconds: 7300 })] },
    { host: 'node2', containers: [c('kolla_toolbox', { state: 'exited', health: 'unhealthy', uptimeSeconds: null, tag: '2024.1' })] },
  ];
  assert.deepEqual(renderStatusTable(hosts), [
    'HOST   CONTAINER      TAG     STATE    HEALTH     RESTARTS  UPTIME',
    'node1  mariadb        latest  running  healthy    0         1m 5s',
    'node1  rabbitmq       latest  running  -          3         2h 1m',
    'node2  kolla_toolbox  2024.1  exited   unhealthy  0         -',
  ]);
});

test('an unreachable host and a host without Kolla containers each get a row saying so', () => {
  const lines = renderStatusTable([
    { host: 'node1', containers: [c('cron')] },
    { host: 'ghost', containers: [], error: { kind: 'unreachable', message: 'ghost: connect ECONNREFUSED 127.0.0.1:1' } },
    { host: 'empty', containers: [] },
  ]);
  assert.equal(lines[2], 'ghost  UNREACHABLE: connect ECONNREFUSED 127.0.0.1:1');
  assert.equal(lines[3], 'empty  (no Kolla container)');
  const json = JSON.parse(renderStatusJson([{ host: 'ghost', containers: [], error: { kind: 'unreachable', message: 'x' } }])) as { hosts: HostStatus[] };
  assert.equal(json.hosts[0]?.error?.kind, 'unreachable');
});

test('uptime reads as docker ps people read it', () => {
  assert.deepEqual([0, 42, 303, 7500, 3 * 86_400 + 4 * 3600 + 59].map(formatUptime), ['0s', '42s', '5m 3s', '2h 5m', '3d 4h']);
  assert.equal(formatUptime(null), '-');
});

test("a container's row from the engine's inspect: restarts, health, uptime only while it runs", () => {
  const inspect = (state: Partial<ContainerInspect['State']>, restarts?: number): ContainerInspect => ({
    Id: 'x', Name: '/mariadb', Image: 'sha256:1', ...(restarts !== undefined ? { RestartCount: restarts } : {}),
    State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: '2026-12-03T10:00:00.123456789Z', ...state },
    Config: { Image: 'reg:4000/kolla/mariadb-server:2024.1', Env: null, Cmd: null, Labels: null }, HostConfig: {}, Mounts: [],
  });
  const now = Date.parse('2026-12-03T10:01:40Z');
  assert.deepEqual(containerStatus(inspect({ Health: { Status: 'starting' } }, 2), now), {
    name: 'mariadb', image: 'reg:4000/kolla/mariadb-server:2024.1', tag: '2024.1', state: 'running', health: 'starting', restarts: 2, startedAt: '2026-12-03T10:00:00.123456789Z', uptimeSeconds: 99,
  });
  const exited = containerStatus(inspect({ Status: 'exited', Running: false }), now);
  assert.equal(exited.uptimeSeconds, null);
  assert.equal(exited.health, 'none');
  assert.equal(containerStatus(inspect({ Status: 'created', Running: false, StartedAt: '0001-01-01T00:00:00Z' }), now).startedAt, null);
});

test("Kolla's containers are known by their image's label; an image reference's tag", () => {
  assert.equal(isKollaContainer({ 'org.kolla-run.image': 'cron' }), true);
  assert.equal(isKollaContainer({ kolla_version: '18.0.0' }), true);
  assert.equal(isKollaContainer({ maintainer: 'someone' }), false);
  assert.equal(isKollaContainer(null), false);
  assert.deepEqual(['reg:4000/kolla/cron:2024.1', 'reg:4000/kolla/cron', 'cron', 'kolla/cron@sha256:ab'].map(imageTag), ['2024.1', 'latest', 'latest', 'sha256:ab']);
});
