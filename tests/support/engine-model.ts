/**
 * A container engine with state, on the fake engine: images, containers
 * and volumes that the Engine API calls a module makes create, start,
 * stop and remove, answered in Engine API 1.41's shapes and with its
 * messages (Docker 20.10). A container's inspect document is built from
 * its create body, as the engine stores it, so what a module asks for is
 * what it later reads back. For container modules' decisions over several
 * runs (create, then nothing to do, then recreate).
 */
import { fakeEngine, multiplexed, type EngineRequest, type FakeEngine } from './fake-engine.js';

export interface ModelImage {
  Id: string;
  RepoTags: string[];
  Config: { Env: string[] | null; Cmd: string[] | null; Labels: Record<string, string> | null };
}

export interface ModelContainer {
  Id: string;
  Name: string;
  Image: string;
  State: { Status: string; Running: boolean; ExitCode: number; Health?: { Status: string } };
  Config: { Image: string; Env: string[] | null; Cmd: string[] | null; Labels: Record<string, string> | null; Healthcheck?: Record<string, unknown> };
  HostConfig: Record<string, unknown>;
  Mounts: unknown[];
}

export interface ModelVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
  Scope: string;
}

/** What a process run in a container prints and exits with. */
export interface ProcessOutput {
  rc: number;
  stdout?: string;
  stderr?: string;
}

export interface EngineModel {
  engine: FakeEngine;
  /** Images present on the host, by reference (repository:tag). */
  images: Map<string, ModelImage>;
  /** Images the registry would give to a pull, by reference. */
  registry: Map<string, ModelImage>;
  containers: Map<string, ModelContainer>;
  volumes: Map<string, ModelVolume>;
  /** What an exec answers (kolla_set_configs --check). */
  exec: ProcessOutput;
  /** What a started one-shot container prints and exits with. */
  oneshot: ProcessOutput;
  /** `METHOD path` (decoded) of each request since the last clear, reads left out with `writesOnly`. */
  calls(writesOnly?: boolean): string[];
  clear(): void;
  /** Back to an empty host and registry, exec and one-shot answering rc 0, no request recorded: between tests. */
  reset(): void;
  close(): Promise<void>;
}

export function image(ref: string, id: string, labels: Record<string, string> = {}): ModelImage {
  return { Id: id, RepoTags: [ref], Config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], Labels: labels } };
}

const notFound = (message: string) => ({ status: 404, json: { message } });
const segment = (r: EngineRequest, i: number) => decodeURIComponent(r.path.split('?')[0]?.split('/')[i] ?? '');

/** The inspect document the engine stores for a create body. */
function created(name: string, body: Record<string, unknown>, img: ModelImage, serial: number): ModelContainer {
  const health = body.Healthcheck as Record<string, unknown> | undefined;
  return {
    Id: `${name}-id-${serial}`,
    Name: `/${name}`,
    Image: img.Id,
    State: { Status: 'created', Running: false, ExitCode: 0 },
    Config: {
      Image: String(body.Image),
      Env: [...((body.Env as string[] | undefined) ?? []), ...(img.Config.Env ?? [])],
      Cmd: (body.Cmd as string[] | undefined) ?? img.Config.Cmd,
      Labels: { ...(img.Config.Labels ?? {}), ...((body.Labels as Record<string, string> | undefined) ?? {}) },
      ...(health ? { Healthcheck: health } : {}),
    },
    HostConfig: { ...(body.HostConfig as Record<string, unknown>) },
    Mounts: [],
  };
}

export async function engineModel(): Promise<EngineModel> {
  const engine = await fakeEngine();
  const images = new Map<string, ModelImage>();
  const registry = new Map<string, ModelImage>();
  const containers = new Map<string, ModelContainer>();
  const volumes = new Map<string, ModelVolume>();
  let serial = 0;
  const noContainer = (name: string) => notFound(`No such container: ${name}`);
  const withContainer = (r: EngineRequest, act: (c: ModelContainer, name: string) => { status?: number; json?: unknown; raw?: Buffer }) => {
    const name = segment(r, 2);
    const c = containers.get(name);
    return c ? act(c, name) : noContainer(name);
  };
  const run = (c: ModelContainer) => (c.State = { ...c.State, Status: 'running', Running: true });
  const model: EngineModel = {
    engine,
    images,
    registry,
    containers,
    volumes,
    exec: { rc: 0 },
    oneshot: { rc: 0 },
    calls: (writesOnly = false) => engine.requests.filter((r) => !writesOnly || r.method !== 'GET').map((r) => `${r.method} ${decodeURIComponent(r.path)}`),
    clear: () => void (engine.requests.length = 0),
    reset: () => {
      for (const map of [images, registry, containers, volumes]) map.clear();
      model.exec = { rc: 0 };
      model.oneshot = { rc: 0 };
      model.clear();
    },
    close: () => engine.close(),
  };
  engine
    .on('GET', /^\/containers\/[^/]+\/json$/, (r) => withContainer(r, (c) => ({ json: c })))
    .on('POST', /^\/containers\/create\?name=/, (r) => {
      const name = decodeURIComponent(r.path.split('name=')[1] ?? '');
      const body = JSON.parse(r.body) as Record<string, unknown>;
      const img = images.get(String(body.Image));
      if (!img) return notFound(`No such image: ${String(body.Image)}`);
      if (containers.has(name)) return { status: 409, json: { message: `Conflict. The container name "/${name}" is already in use by container "${containers.get(name)?.Id ?? ''}". You have to remove (or rename) that container to be able to reuse that name.` } };
      const c = created(name, body, img, ++serial);
      containers.set(name, c);
      return { status: 201, json: { Id: c.Id, Warnings: [] } };
    })
    .on('POST', /^\/containers\/[^/]+\/start$/, (r) => withContainer(r, (c) => (c.State.Running ? { status: 304 } : (run(c), { status: 204 }))))
    .on('POST', /^\/containers\/[^/]+\/restart\?t=\d+$/, (r) => withContainer(r, (c) => (run(c), { status: 204 })))
    .on('POST', /^\/containers\/[^/]+\/stop\?t=\d+$/, (r) =>
      withContainer(r, (c) => {
        if (!c.State.Running) return { status: 304 };
        c.State = { ...c.State, Status: 'exited', Running: false };
        return { status: 204 };
      }),
    )
    .on('DELETE', /^\/containers\/[^/]+\?force=true$/, (r) => withContainer(r, (_c, name) => (containers.delete(name), { status: 204 })))
    .on('POST', /^\/containers\/[^/]+\/wait$/, (r) =>
      withContainer(r, (c) => {
        c.State = { ...c.State, Status: 'exited', Running: false, ExitCode: model.oneshot.rc };
        return { json: { Error: null, StatusCode: model.oneshot.rc } };
      }),
    )
    .on('GET', /^\/containers\/[^/]+\/logs\?stdout=1&stderr=1$/, (r) => withContainer(r, () => ({ raw: multiplexed(model.oneshot.stdout ?? '', model.oneshot.stderr ?? '') })))
    .on('POST', /^\/containers\/[^/]+\/exec$/, (r) =>
      withContainer(r, (c, name) => (c.State.Running ? { status: 201, json: { Id: 'exec-1' } } : { status: 409, json: { message: `Container ${c.Id} is not running` } })),
    )
    .on('POST', '/exec/exec-1/start', () => ({ raw: multiplexed(model.exec.stdout ?? '', model.exec.stderr ?? '') }))
    .on('GET', '/exec/exec-1/json', () => ({ json: { ID: 'exec-1', Running: false, ExitCode: model.exec.rc, ProcessConfig: {} } }))
    .on('GET', /^\/images\/[^/]+\/json$/, (r) => {
      const ref = segment(r, 2);
      const img = images.get(ref);
      return img ? { json: img } : notFound(`no such image: ${ref}: No such image: ${ref}`);
    })
    .on('POST', /^\/images\/create\?fromImage=/, (r) => {
      const query = new URLSearchParams(r.path.split('?')[1] ?? '');
      const ref = `${query.get('fromImage') ?? ''}:${query.get('tag') ?? ''}`;
      const img = registry.get(ref);
      if (!img) return notFound(`manifest for ${ref} not found: manifest unknown: manifest unknown`);
      images.set(ref, img);
      const lines = [{ status: `Pulling from ${query.get('fromImage') ?? ''}`, id: query.get('tag') }, { status: `Digest: sha256:${'d'.repeat(64)}` }, { status: `Status: Downloaded newer image for ${ref}` }];
      return { raw: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\r\n') + '\r\n') };
    })
    .on('DELETE', /^\/images\/[^/]+$/, (r) => {
      const ref = segment(r, 2);
      const img = images.get(ref);
      if (!img) return notFound(`No such image: ${ref}`);
      images.delete(ref);
      return { json: [{ Untagged: ref }, { Deleted: img.Id }] };
    })
    .on('GET', /^\/volumes\/[^/]+$/, (r) => {
      const name = segment(r, 2);
      const v = volumes.get(name);
      return v ? { json: v } : notFound(`get ${name}: no such volume`);
    })
    .on('POST', '/volumes/create', (r) => {
      const body = JSON.parse(r.body) as { Name: string; Labels?: Record<string, string> };
      const v: ModelVolume = { Name: body.Name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${body.Name}/_data`, Labels: body.Labels ?? null, Scope: 'local' };
      volumes.set(body.Name, v);
      return { status: 201, json: v };
    })
    .on('DELETE', /^\/volumes\/[^/]+$/, (r) => {
      const name = segment(r, 2);
      return volumes.delete(name) ? { status: 204 } : notFound(`get ${name}: no such volume`);
    });
  return model;
}
