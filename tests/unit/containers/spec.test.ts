/**
 * The comparison that decides whether kolla_container recreates a running
 * container: a container made from the spec's own create body has no
 * differences, and each defining field that changes is named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerInspect } from '../../../src/containers/engine.js';
import { createBody, differences, namedVolumes, normaliseVolumes, toBytes, type ContainerSpec } from '../../../src/containers/spec.js';

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

/** memcached as the engine reports it when created without limits: zeros, empty strings and nulls, not the fields left out. */
function engineReported(): ContainerInspect {
  return {
    Id: 'c1',
    Name: '/memcached',
    Image: 'sha256:1',
    State: { Status: 'running', Running: true, ExitCode: 0 },
    Config: { Image: spec.image, Env: ['PATH=/usr/bin', 'KOLLA_CONFIG_STRATEGY=COPY_ALWAYS'], Cmd: ['kolla_start'], Labels: { 'kolla_version': '1' }, Healthcheck: null },
    HostConfig: {
      Binds: ['/etc/kolla/memcached/:/var/lib/kolla/config_files/:ro', 'kolla_logs:/var/log/kolla/:rw'],
      NetworkMode: 'host',
      Privileged: false,
      CapAdd: null,
      SecurityOpt: null,
      PidMode: '',
      IpcMode: 'private',
      CgroupnsMode: 'private',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      Memory: 0,
      MemoryReservation: 0,
      MemorySwap: 0,
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuShares: 0,
      CpusetCpus: '',
      CpusetMems: '',
      BlkioWeight: 0,
      Ulimits: null,
    },
    Mounts: [],
  };
}
const image = { Id: 'sha256:1', RepoTags: [spec.image], Config: { Env: null, Labels: { kolla_version: '1' } } };

test("the engine's defaults (zeros, nulls, private ipc) and the image's own environment and labels are no difference", () => {
  assert.deepEqual(differences(spec, engineReported(), image), []);
});

test('each defining field that changed is named, and only that one', () => {
  const cases: Array<[string, Partial<ContainerSpec>]> = [
    ['image', { image: 'registry:4000/memcached:2' }],
    ['environment', { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' } }],
    ['environment', { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', NEW: 'x' } }],
    ['privileged', { privileged: true }],
    ['cap_add', { cap_add: ['NET_ADMIN'] }],
    ['security_opt', { security_opt: ['apparmor:unconfined'] }],
    ['pid_mode', { pid_mode: 'host' }],
    ['ipc_mode', { ipc_mode: 'host' }],
    ['cgroupns_mode', { cgroupns_mode: 'host' }],
    ['labels', { labels: { extra: 'yes' } }],
    ['command', { command: ['kolla_start', '--debug'] }],
    ['healthcheck', { healthcheck: { test: 'healthcheck_listen memcached 11211', interval: 30, timeout: 30, retries: 3, start_period: 5 } }],
    ['dimensions', { dimensions: { mem_limit: '1g' } }],
    ['dimensions', { dimensions: { mem_reservation: 1 } }],
    ['dimensions', { dimensions: { memswap_limit: '2g' } }],
    ['dimensions', { dimensions: { cpu_period: 100000 } }],
    ['dimensions', { dimensions: { cpu_quota: 50000 } }],
    ['dimensions', { dimensions: { cpu_shares: 512 } }],
    ['dimensions', { dimensions: { cpuset_cpus: '0' } }],
    ['dimensions', { dimensions: { cpuset_mems: '0' } }],
    ['dimensions', { dimensions: { blkio_weight: 300 } }],
    ['dimensions', { dimensions: { ulimits: { nofile: { soft: 1024, hard: 4096 } } } }],
  ];
  for (const [field, change] of cases) assert.deepEqual(differences({ ...spec, ...change }, engineReported(), image), [field], `${field}: ${JSON.stringify(change)}`);
});

test('the same fields asked as they run are no difference', () => {
  const running = engineReported();
  running.Config.Healthcheck = { Test: ['CMD-SHELL', 'healthcheck_listen memcached 11211'], Interval: 30e9, Timeout: 30e9, Retries: 3, StartPeriod: 5e9 };
  Object.assign(running.HostConfig, { PidMode: 'host', IpcMode: 'host', CgroupnsMode: 'host', Privileged: true, CapAdd: ['NET_ADMIN'], Memory: 1024 ** 3, Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 4096 }] });
  running.Config.Labels = { kolla_version: '1', extra: 'yes' };
  const asked: ContainerSpec = {
    ...spec,
    healthcheck: { test: 'healthcheck_listen memcached 11211', interval: '30', timeout: 30, retries: '3', start_period: 5 },
    pid_mode: 'host',
    ipc_mode: 'host',
    cgroupns_mode: 'host',
    privileged: true,
    cap_add: ['NET_ADMIN'],
    labels: { extra: 'yes' },
    dimensions: { mem_limit: '1G', ulimits: { nofile: { soft: 1024, hard: 4096 } } },
    command: ['kolla_start'],
  };
  assert.deepEqual(differences(asked, running, image), []);
});

test('an image id that moved under the same tag is a new image; a label the image sets is not the task asking for it', () => {
  assert.deepEqual(differences(spec, engineReported(), { ...image, Id: 'sha256:2' }), ['image']);
  const relabelled = engineReported();
  relabelled.Config.Labels = { kolla_version: '0' };
  assert.deepEqual(differences(spec, relabelled, image), ['labels']);
});

test('an environment value holding "=" is compared whole', () => {
  const running = engineReported();
  running.Config.Env = ['OPTS=a=b'];
  assert.deepEqual(differences({ ...spec, environment: { OPTS: 'a=b' } }, running, image), []);
  assert.deepEqual(differences({ ...spec, environment: { OPTS: 'a' } }, running, image), ['environment']);
});

test("a healthcheck the image brings is kept when the task asks for none; without the image's inspect it counts", () => {
  const running = engineReported();
  running.Config.Healthcheck = { Test: ['CMD', 'true'], Interval: 1e9 };
  assert.deepEqual(differences(spec, running, image), []);
  running.Config.Labels = null;
  assert.deepEqual(differences(spec, running, undefined), ['healthcheck']);
  assert.deepEqual(differences({ ...spec, healthcheck: { test: [] } }, engineReported(), image), [], 'an empty test is no healthcheck');
});

test('a private or unset ipc mode is not a difference when the task names none', () => {
  const running = engineReported();
  running.HostConfig.IpcMode = 'shareable';
  assert.deepEqual(differences(spec, running, image), []);
  running.HostConfig.IpcMode = '';
  assert.deepEqual(differences({ ...spec, ipc_mode: 'private' }, running, image), []);
});

test('sizes: units k, m, g (and kb...), bare numbers, nothing', () => {
  assert.deepEqual(['512', '1k', '1kb', '2M', '1g', '1.5g', ' 3 m '].map((v) => toBytes(v)), [512, 1024, 1024, 2 * 1024 ** 2, 1024 ** 3, 1.5 * 1024 ** 3, 3 * 1024 ** 2]);
  assert.equal(toBytes(undefined), 0);
  assert.equal(toBytes(7), 7);
  assert.equal(toBytes('lots'), 0);
});

test('volumes: a mode is added only where none is given; named volumes are the ones not starting with /', () => {
  assert.deepEqual(normaliseVolumes(['/a:/b', '/a:/b:ro', 'data:/d', ' ', 'v:/x:rw']), ['/a:/b:rw', '/a:/b:ro', 'data:/d:rw', 'v:/x:rw']);
  assert.deepEqual(namedVolumes(['/etc/kolla/x/:/c/:ro', 'kolla_logs:/var/log/kolla/', 'mariadb:/var/lib/mysql', '']), ['kolla_logs', 'mariadb']);
});

test("the create body: host network, restart policies as Kolla maps them, tmpfs, healthcheck in nanoseconds, modes only when asked", () => {
  const body = (s: Partial<ContainerSpec>) => createBody({ ...spec, ...s }) as { Cmd?: string[]; Healthcheck?: unknown; HostConfig: Record<string, unknown> };
  assert.equal(body({}).HostConfig.NetworkMode, 'host');
  assert.deepEqual(body({ restart_policy: 'oneshot' }).HostConfig.RestartPolicy, { Name: 'no' });
  assert.deepEqual(body({ restart_policy: 'no' }).HostConfig.RestartPolicy, { Name: 'no' });
  assert.deepEqual(body({ restart_policy: 'on-failure', restart_retries: 3 }).HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual(body({}).HostConfig.RestartPolicy, { Name: 'unless-stopped' });
  assert.deepEqual(body({ tmpfs: ['', '/run'] }).HostConfig.Tmpfs, { '/run': '' });
  assert.deepEqual(body({ healthcheck: { test: ['CMD', 'true'], interval: 0.5, timeout: '', start_period: undefined } }).Healthcheck, { Test: ['CMD', 'true'], Interval: 5e8, Timeout: 0, Retries: 0, StartPeriod: 0 });
  assert.equal(body({}).Healthcheck, undefined);
  assert.equal(body({}).Cmd, undefined);
  assert.deepEqual(body({ command: ['sleep', '1'] }).Cmd, ['sleep', '1']);
  const modes = body({});
  assert.deepEqual(['PidMode', 'IpcMode', 'CgroupnsMode'].filter((k) => k in modes.HostConfig), []);
  const withModes = body({ pid_mode: 'host', ipc_mode: 'host', cgroupns_mode: 'host' }).HostConfig;
  assert.deepEqual([withModes.PidMode, withModes.IpcMode, withModes.CgroupnsMode], ['host', 'host', 'host']);
});

test('fields the engine leaves out (null Env and Binds, no limits, a healthcheck with only Test and Interval) read as their defaults', () => {
  const running = engineReported();
  for (const k of ['Memory', 'CpusetCpus', 'Ulimits']) delete running.HostConfig[k];
  running.Config.Healthcheck = { Test: ['CMD', 'true'] };
  assert.deepEqual(differences({ ...spec, healthcheck: { test: ['CMD', 'true'] } }, running, image), []);
  running.Config.Healthcheck = { Test: ['CMD', 'true'], Interval: 1e9 };
  assert.deepEqual(differences({ ...spec, healthcheck: { test: ['CMD', 'true'], interval: 1 } }, running, image), []);
  running.Config.Env = null;
  running.HostConfig.Binds = null;
  assert.deepEqual(differences({ ...spec, environment: {}, volumes: [] }, running, image), []);
  assert.deepEqual(differences({ ...spec, volumes: [] }, running, image), ['environment']);
});
