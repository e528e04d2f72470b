/**
 * `kolla-run status`: every Kolla container on every host, read from each
 * host's engine API over the host's pooled SSH connection (the engine's
 * socket forwarded, no process started on the host). Per host: one list
 * request, then one inspect per Kolla container, all at once (restarts and
 * start time are only in the inspect); hosts in parallel.
 */
import pMap from 'p-map';
import { ConnectionPool, type ConnectionSettings } from '../connection/index.js';
import { ContainerEngine, type ContainerInspect } from '../containers/engine.js';
import { UnreachableError } from '../errors.js';
import { imageTag, isKollaContainer } from './containers.js';

const ENGINE_SOCKET = '/var/run/docker.sock';

export interface ContainerStatus {
  name: string;
  image: string;
  tag: string;
  /** The engine's word: running, exited, restarting, created, paused, dead. */
  state: string;
  /** healthy, unhealthy, starting, or none (no healthcheck). */
  health: string;
  restarts: number;
  startedAt: string | null;
  /** Seconds since it started, while it runs. */
  uptimeSeconds: number | null;
}

export interface HostStatus {
  host: string;
  containers: ContainerStatus[];
  /** Why the host's containers could not be read: the host or its engine. */
  error?: { kind: 'unreachable' | 'engine'; message: string };
}

export function containerStatus(c: ContainerInspect, now: number): ContainerStatus {
  const image = c.Config.Image;
  const started = c.State.StartedAt && !c.State.StartedAt.startsWith('0001-') ? c.State.StartedAt : null;
  const startedMs = started === null ? NaN : Date.parse(started);
  return {
    name: c.Name.replace(/^\//, ''),
    image,
    tag: imageTag(image),
    state: c.State.Status,
    // The engine keeps a stopped container's last health: only a running one's means anything.
    health: c.State.Running ? (c.State.Health?.Status ?? 'none') : 'none',
    restarts: c.RestartCount ?? 0,
    startedAt: started,
    uptimeSeconds: c.State.Running && Number.isFinite(startedMs) ? Math.max(0, Math.floor((now - startedMs) / 1000)) : null,
  };
}

async function hostStatus(host: string, pool: ConnectionPool, settings: ConnectionSettings): Promise<HostStatus> {
  try {
    const connection = pool.get(settings);
    const engine = new ContainerEngine(() => connection.openUnixSocket(ENGINE_SOCKET));
    const listed = (await engine.listContainers(true)).filter((c) => isKollaContainer(c.Labels));
    const inspected = await Promise.all(listed.map((c) => engine.inspectContainer(c.Id)));
    const now = Date.now();
    const containers = inspected.flatMap((c) => (c ? [containerStatus(c, now)] : [])).sort((a, b) => a.name.localeCompare(b.name));
    return { host, containers };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof UnreachableError) return { host, containers: [], error: { kind: 'unreachable', message } };
    return { host, containers: [], error: { kind: 'engine', message: `the container engine did not answer: ${message}` } };
  }
}

/** Every host's Kolla containers, in the order of `hosts`. */
export async function kollaStatus(hosts: ReadonlyArray<{ name: string; settings: ConnectionSettings }>, forks: number): Promise<HostStatus[]> {
  const pool = new ConnectionPool();
  try {
    return await pMap(hosts, (h) => hostStatus(h.name, pool, h.settings), { concurrency: Math.max(1, forks) });
  } finally {
    await pool.closeAll({ wait: false });
  }
}
