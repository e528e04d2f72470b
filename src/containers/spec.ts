/**
 * What a kolla_container task asks for, as the engine's create body, and
 * the comparison that decides whether a running container must be
 * recreated: exactly the fields that define a Kolla container.
 */
import type { ContainerInspect, ImageInspect } from './engine.js';

export interface Dimensions {
  mem_limit?: number | string | undefined;
  mem_reservation?: number | string | undefined;
  memswap_limit?: number | string | undefined;
  cpu_period?: number | undefined;
  cpu_quota?: number | undefined;
  cpu_shares?: number | undefined;
  cpuset_cpus?: string | undefined;
  cpuset_mems?: string | undefined;
  blkio_weight?: number | undefined;
  ulimits?: Record<string, { soft: number; hard: number }> | undefined;
}

export interface Healthcheck {
  test?: string[] | string | undefined;
  interval?: number | string | undefined;
  timeout?: number | string | undefined;
  retries?: number | string | undefined;
  start_period?: number | string | undefined;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** The container's Cmd: kolla-ansible splits its `command` into words (shlex), with no shell. */
  command?: string[] | undefined;
  environment: Record<string, string>;
  volumes: string[];
  privileged: boolean;
  cap_add: string[];
  security_opt: string[];
  pid_mode?: string | undefined;
  ipc_mode?: string | undefined;
  cgroupns_mode?: string | undefined;
  labels: Record<string, string>;
  dimensions: Dimensions;
  healthcheck?: Healthcheck | undefined;
  restart_policy: string;
  restart_retries: number;
  tmpfs: string[];
}

const BYTES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function toBytes(v: number | string | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(v.trim());
  if (!m) return Number(v) || 0;
  return Math.round(Number(m[1]) * (BYTES[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

const NANO = 1e9;
function seconds(v: number | string | undefined): number {
  if (v === undefined || v === '') return 0;
  return Math.round(Number(v) * NANO);
}

/** Kolla's volume strings: "name:/path[:ro]" is a named volume, "/host:/path[:ro]" a bind; empty entries dropped. */
export function normaliseVolumes(volumes: readonly string[]): string[] {
  return volumes.filter((v) => v.trim() !== '').map((v) => (v.split(':').length === 2 ? `${v}:rw` : v));
}

export function namedVolumes(volumes: readonly string[]): string[] {
  return normaliseVolumes(volumes).map((v) => v.split(':')[0] ?? '').filter((src) => src !== '' && !src.startsWith('/'));
}

function healthcheckBody(h: Healthcheck | undefined): Record<string, unknown> | undefined {
  if (!h?.test || (Array.isArray(h.test) && h.test.length === 0)) return undefined;
  const test = Array.isArray(h.test) ? h.test : ['CMD-SHELL', h.test];
  return { Test: test, Interval: seconds(h.interval), Timeout: seconds(h.timeout), Retries: Number(h.retries ?? 0), StartPeriod: seconds(h.start_period) };
}

function restartPolicy(spec: ContainerSpec): Record<string, unknown> {
  if (spec.restart_policy === 'oneshot' || spec.restart_policy === 'no') return { Name: 'no' };
  return { Name: spec.restart_policy, ...(spec.restart_policy === 'on-failure' ? { MaximumRetryCount: spec.restart_retries } : {}) };
}

function hostDimensions(d: Dimensions): Record<string, unknown> {
  return {
    Memory: toBytes(d.mem_limit),
    MemoryReservation: toBytes(d.mem_reservation),
    MemorySwap: toBytes(d.memswap_limit),
    CpuPeriod: d.cpu_period ?? 0,
    CpuQuota: d.cpu_quota ?? 0,
    CpuShares: d.cpu_shares ?? 0,
    CpusetCpus: d.cpuset_cpus ?? '',
    CpusetMems: d.cpuset_mems ?? '',
    BlkioWeight: d.blkio_weight ?? 0,
    Ulimits: Object.entries(d.ulimits ?? {}).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard })),
  };
}

/** The engine's create body. Network mode is always host (Kolla's contract). */
export function createBody(spec: ContainerSpec): Record<string, unknown> {
  const health = healthcheckBody(spec.healthcheck);
  return {
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    Env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ...(health ? { Healthcheck: health } : {}),
    HostConfig: {
      NetworkMode: 'host',
      Binds: normaliseVolumes(spec.volumes),
      Privileged: spec.privileged,
      CapAdd: spec.cap_add,
      SecurityOpt: spec.security_opt,
      ...(spec.pid_mode ? { PidMode: spec.pid_mode } : {}),
      ...(spec.ipc_mode ? { IpcMode: spec.ipc_mode } : {}),
      ...(spec.cgroupns_mode ? { CgroupnsMode: spec.cgroupns_mode } : {}),
      RestartPolicy: restartPolicy(spec),
      Tmpfs: Object.fromEntries(spec.tmpfs.filter((t) => t !== '').map((t) => [t, ''])),
      ...hostDimensions(spec.dimensions),
    },
  };
}

const sortedEqual = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/**
 * The fields whose value differs between what is asked and what runs. Only
 * requested environment keys and labels not coming from the image count,
 * as Kolla compares them.
 */
export function differences(spec: ContainerSpec, current: ContainerInspect, wantedImage: ImageInspect | undefined): string[] {
  const diff: string[] = [];
  const host = current.HostConfig;
  if (current.Config.Image !== spec.image || (wantedImage && wantedImage.Id !== current.Image)) diff.push('image');
  const env = new Map((current.Config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  if (Object.entries(spec.environment).some(([k, v]) => env.get(k) !== v)) diff.push('environment');
  if (!sortedEqual(normaliseVolumes(spec.volumes), (host.Binds as string[] | null) ?? [])) diff.push('volumes');
  if (spec.privileged !== (host.Privileged === true)) diff.push('privileged');
  if (!sortedEqual(spec.cap_add, (host.CapAdd as string[] | null) ?? [])) diff.push('cap_add');
  if (!sortedEqual(spec.security_opt, (host.SecurityOpt as string[] | null) ?? [])) diff.push('security_opt');
  if ((spec.pid_mode ?? '') !== ((host.PidMode as string | undefined) ?? '')) diff.push('pid_mode');
  if ((spec.ipc_mode ?? 'private') !== ((host.IpcMode as string | undefined) || 'private') && spec.ipc_mode !== undefined) diff.push('ipc_mode');
  if (spec.cgroupns_mode !== undefined && spec.cgroupns_mode !== host.CgroupnsMode) diff.push('cgroupns_mode');
  const imageLabels = wantedImage?.Config.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(current.Config.Labels ?? {}).filter(([k, v]) => imageLabels[k] !== v));
  if (JSON.stringify(Object.entries(labels).sort()) !== JSON.stringify(Object.entries(spec.labels).sort())) diff.push('labels');
  const dims = hostDimensions(spec.dimensions);
  if (Object.entries(dims).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(host[k] ?? (Array.isArray(v) ? [] : typeof v === 'string' ? '' : 0)))) diff.push('dimensions');
  if (spec.command && JSON.stringify(spec.command) !== JSON.stringify(current.Config.Cmd)) diff.push('command');
  const health = healthcheckBody(spec.healthcheck);
  const currentHealth = current.Config.Healthcheck?.Test ? current.Config.Healthcheck : undefined;
  if (JSON.stringify(health ?? null) !== JSON.stringify(currentHealth ? { Test: currentHealth.Test, Interval: currentHealth.Interval ?? 0, Timeout: currentHealth.Timeout ?? 0, Retries: currentHealth.Retries ?? 0, StartPeriod: currentHealth.StartPeriod ?? 0 } : null)) {
    if (health || !wantedImage) diff.push('healthcheck');
  }
  return diff;
}
