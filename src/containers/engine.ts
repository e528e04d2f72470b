/**
 * A Docker engine's API, the calls the container modules need, typed
 * narrowly. Transport-agnostic: give it a way to open a stream to the
 * engine's socket.
 */
import { EngineError, engineHijack, engineMessage, engineRequest, type RequestOptions, type StreamOpener } from './http.js';

export interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  RestartCount?: number;
  State: { Status: string; Running: boolean; ExitCode: number; StartedAt?: string; FinishedAt?: string; Health?: { Status: string } };
  Config: {
    Image: string;
    Env: string[] | null;
    Cmd: string[] | null;
    Labels: Record<string, string> | null;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number } | null;
  };
  HostConfig: Record<string, unknown> & { Binds?: string[] | null; CapAdd?: string[] | null; SecurityOpt?: string[] | null; Privileged?: boolean };
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string; RW: boolean }>;
}

/** One entry of the engine's container list (GET /containers/json). */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  Labels: Record<string, string> | null;
  State: string;
  Status: string;
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  Config: { Env: string[] | null; Labels: Record<string, string> | null };
}

export interface VolumeInspect {
  Name: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
}

/** Output of a container or exec, split into its streams (the engine multiplexes them). */
export function demultiplex(body: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= body.length) {
    const kind = body[i];
    const size = body.readUInt32BE(i + 4);
    const chunk = body.subarray(i + 8, i + 8 + size);
    (kind === 2 ? err : out).push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export class ContainerEngine {
  constructor(private readonly open: StreamOpener) {}

  private async call(method: string, path: string, options: RequestOptions = {}, allowed: number[] = []): Promise<{ status: number; body: Buffer }> {
    const res = await engineRequest(this.open, method, path, options);
    if (res.status >= 400 && !allowed.includes(res.status)) throw new EngineError(res.status, engineMessage(res.body));
    return res;
  }

  private async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T | undefined> {
    const res = await this.call(method, path, options, [404]);
    return res.status === 404 ? undefined : (JSON.parse(res.body.toString('utf8')) as T);
  }

  inspectContainer(name: string): Promise<ContainerInspect | undefined> {
    return this.json<ContainerInspect>('GET', `/containers/${encodeURIComponent(name)}/json`);
  }

  /** Every container (`all`: stopped ones too), in one request. */
  async listContainers(all: boolean): Promise<ContainerSummary[]> {
    return (await this.json<ContainerSummary[]>('GET', `/containers/json${all ? '?all=1' : ''}`)) ?? [];
  }

  /** Every volume, in one request. */
  async listVolumes(): Promise<VolumeInspect[]> {
    return (await this.json<{ Volumes: VolumeInspect[] | null }>('GET', '/volumes'))?.Volumes ?? [];
  }

  inspectImage(ref: string): Promise<ImageInspect | undefined> {
    return this.json<ImageInspect>('GET', `/images/${encodeURIComponent(ref)}/json`);
  }

  inspectVolume(name: string): Promise<VolumeInspect | undefined> {
    return this.json<VolumeInspect>('GET', `/volumes/${encodeURIComponent(name)}`);
  }

  async createContainer(name: string, body: Record<string, unknown>): Promise<string> {
    const res = await this.call('POST', `/containers/create?name=${encodeURIComponent(name)}`, { body });
    return (JSON.parse(res.body.toString('utf8')) as { Id: string }).Id;
  }

  /** A container already started is answered 304, a success. */
  async startContainer(name: string): Promise<void> {
    await this.call('POST', `/containers/${encodeURIComponent(name)}/start`);
  }

  /** A container already stopped (304) or gone (404) is fine. */
  async stopContainer(name: string, timeoutSeconds: number): Promise<void> {
    await this.call('POST', `/containers/${encodeURIComponent(name)}/stop?t=${timeoutSeconds}`, { timeoutMs: (timeoutSeconds + 30) * 1000 }, [404]);
  }

  async restartContainer(name: string, timeoutSeconds: number): Promise<void> {
    await this.call('POST', `/containers/${encodeURIComponent(name)}/restart?t=${timeoutSeconds}`, { timeoutMs: (timeoutSeconds + 30) * 1000 });
  }

  async removeContainer(name: string): Promise<void> {
    await this.call('DELETE', `/containers/${encodeURIComponent(name)}?force=true`, {}, [404]);
  }

  /** Waits for the container to exit; its exit code. */
  async waitContainer(name: string, timeoutMs: number): Promise<number> {
    const res = await this.call('POST', `/containers/${encodeURIComponent(name)}/wait`, { timeoutMs });
    return (JSON.parse(res.body.toString('utf8')) as { StatusCode: number }).StatusCode;
  }

  async logs(name: string): Promise<{ stdout: string; stderr: string }> {
    const res = await this.call('GET', `/containers/${encodeURIComponent(name)}/logs?stdout=1&stderr=1`);
    return demultiplex(res.body);
  }

  /**
   * Runs a command in a running container (as `user` when given, else the
   * image's user; `env` added to the container's): its exit code and output.
   * With `stdin`, the command reads it and then the end of its input.
   */
  async exec(
    name: string,
    cmd: readonly string[],
    options: { user?: string; env?: Readonly<Record<string, string>>; stdin?: string | Buffer; timeoutMs?: number } = {},
  ): Promise<{ rc: number; stdout: string; stderr: string }> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const body = {
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
      ...(options.stdin !== undefined ? { AttachStdin: true } : {}),
      ...(options.user ? { User: options.user } : {}),
      ...(options.env ? { Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`) } : {}),
    };
    const created = await this.call('POST', `/containers/${encodeURIComponent(name)}/exec`, { body });
    const id = (JSON.parse(created.body.toString('utf8')) as { Id: string }).Id;
    const start = { Detach: false, Tty: false };
    let output: Buffer;
    if (options.stdin !== undefined) {
      const input = Buffer.isBuffer(options.stdin) ? options.stdin : Buffer.from(options.stdin, 'utf8');
      const res = await engineHijack(this.open, `/exec/${id}/start`, start, input, timeoutMs);
      if (res.status !== 101 && res.status !== 200) throw new EngineError(res.status, engineMessage(res.body));
      output = res.body;
    } else {
      output = (await this.call('POST', `/exec/${id}/start`, { body: start, timeoutMs })).body;
    }
    // The output ends when the process does; its exit code may be recorded a moment later.
    let info = await this.json<{ ExitCode: number | null; Running?: boolean }>('GET', `/exec/${id}/json`);
    for (let i = 0; i < 20 && info?.Running === true; i++) {
      await new Promise((r) => setTimeout(r, 50));
      info = await this.json<{ ExitCode: number | null; Running?: boolean }>('GET', `/exec/${id}/json`);
    }
    return { rc: info?.ExitCode ?? -1, ...demultiplex(output) };
  }

  /** Pulls an image; the engine streams progress, and reports failure inside the stream. */
  async pullImage(ref: string): Promise<void> {
    const at = ref.lastIndexOf(':');
    const [image, tag] = at > ref.lastIndexOf('/') ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, 'latest'];
    const res = await this.call('POST', `/images/create?fromImage=${encodeURIComponent(image)}&tag=${encodeURIComponent(tag)}`, { timeoutMs: 600_000 });
    const failed = res.body.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => JSON.parse(l) as { error?: string }).find((e) => e.error);
    if (failed?.error) throw new EngineError(500, failed.error);
  }

  async removeImage(ref: string): Promise<boolean> {
    const res = await this.call('DELETE', `/images/${encodeURIComponent(ref)}`, {}, [404]);
    return res.status !== 404;
  }

  /** Loads `docker save` output (a tar stream). */
  async loadImage(tar: NodeJS.ReadableStream, size: number): Promise<void> {
    const res = await this.call('POST', '/images/load?quiet=1', { raw: tar, rawLength: size, timeoutMs: 600_000 });
    const text = res.body.toString('utf8');
    if (/"error"/.test(text)) throw new EngineError(500, text);
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.call('POST', '/volumes/create', { body: { Name: name, Labels: labels } });
  }

  async removeVolume(name: string): Promise<boolean> {
    const res = await this.call('DELETE', `/volumes/${encodeURIComponent(name)}`, {}, [404]);
    return res.status !== 404;
  }
}
