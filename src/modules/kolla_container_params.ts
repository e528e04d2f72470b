/**
 * kolla_container's parameters, as kolla-ansible's roles write them, and
 * the container spec they describe.
 */
import { z } from 'zod';
import { splitArgs } from '../connection/index.js';
import { int, num } from './support/params.js';
import type { ContainerSpec } from '../containers/spec.js';

export const CONTAINER_ACTIONS = [
  'compare_container',
  'compare_image',
  'start_container',
  'recreate_or_restart_container',
  'restart_container',
  'stop_container',
  'stop_and_remove_container',
  'remove_container',
  'create_volume',
  'remove_volume',
  'pull_image',
  'ensure_image',
  'remove_image',
  'wait_healthy',
] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const ulimit = z.object({ soft: num(), hard: num() });

export const kollaContainerParams = z
  .object({
    action: z.enum(CONTAINER_ACTIONS),
    name: z.string().optional(),
    image: z.string().optional(),
    // Split into words as docker-py's shlex split does for kolla-ansible: no shell in between.
    command: z
      .string()
      .transform((text, ctx) => {
        try {
          return splitArgs(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: `unbalanced quote in "${text}"` });
          return z.NEVER;
        }
      })
      .optional(),
    // Added to common_options' environment, a task's own value winning (kolla-ansible's module merges them).
    environment: z.record(z.string(), scalar.nullable()).optional(),
    volumes: z.array(z.string()).default([]),
    privileged: z.boolean().default(false),
    cap_add: z.array(z.string()).default([]),
    security_opt: z.array(z.string()).default([]),
    pid_mode: z.string().optional(),
    ipc_mode: z.string().optional(),
    cgroupns_mode: z.string().optional(),
    // A label without a value (kolla-ansible's `BOOTSTRAP:`) reaches Docker as null, which its API reads as "".
    labels: z.record(z.string(), z.string().nullable().transform((v) => v ?? '')).default({}),
    dimensions: z
      .object({
        mem_limit: z.union([z.string(), z.number()]).optional(),
        mem_reservation: z.union([z.string(), z.number()]).optional(),
        memswap_limit: z.union([z.string(), z.number()]).optional(),
        cpu_period: num().optional(),
        cpu_quota: num().optional(),
        cpu_shares: num().optional(),
        cpuset_cpus: z.string().optional(),
        cpuset_mems: z.string().optional(),
        blkio_weight: num().optional(),
        ulimits: z.record(z.string(), ulimit).optional(),
      })
      .strict()
      .default({}),
    healthcheck: z
      .object({
        test: z.union([z.array(z.string()), z.string()]).optional(),
        interval: z.union([z.string(), z.number()]).optional(),
        timeout: z.union([z.string(), z.number()]).optional(),
        retries: z.union([z.string(), z.number()]).optional(),
        start_period: z.union([z.string(), z.number()]).optional(),
      })
      .strict()
      .optional(),
    // These three, when absent, are common_options' (kolla-ansible: a task's own value wins over the common one).
    restart_policy: z.enum(['no', 'on-failure', 'always', 'unless-stopped', 'oneshot']).optional(),
    restart_retries: int().optional(),
    detach: z.boolean().default(true),
    remove_on_exit: z.boolean().default(true),
    tmpfs: z.array(z.string()).default([]),
    graceful_timeout: int().optional(),
    /** Where ensure_image/pull_image get the image: a registry, or the controller's engine streamed over SSH. */
    image_source: z.enum(['registry', 'controller']).default('registry'),
    ignore_missing: z.boolean().default(false),
    /** How long wait_healthy (and a one-shot container) may take, seconds. */
    timeout: int(1).default(300),
    /** Kolla's shared options (auth, restart policy, engine...); merged under the task's own. */
    common_options: z.record(z.string(), z.unknown()).default({}),
    container_engine: z.literal('docker').default('docker'),
    api_version: z.string().optional(),
    client_timeout: num().optional(),
    auth_email: z.string().optional(),
    auth_password: z.string().optional(),
    auth_registry: z.string().optional(),
    auth_username: z.string().optional(),
    tls_verify: z.boolean().optional(),
    state: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const needsName = !['pull_image', 'ensure_image', 'remove_image'].includes(p.action);
    if (needsName && !p.name) ctx.addIssue({ code: 'custom', path: ['name'], message: `action ${p.action} needs a name` });
    const needsImage = ['start_container', 'recreate_or_restart_container', 'compare_image', 'pull_image', 'ensure_image', 'remove_image'].includes(p.action);
    if (needsImage && !p.image) ctx.addIssue({ code: 'custom', path: ['image'], message: `action ${p.action} needs an image` });
  });
export type KollaContainerParams = z.infer<typeof kollaContainerParams>;

const environmentSchema = z.record(z.string(), scalar.nullable());

function commonEnvironment(common: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const parsed = environmentSchema.safeParse(common.environment);
  return parsed.success ? parsed.data : {};
}

/** A common option as kolla-ansible reads it: group vars may give a number as its digits. */
function commonInt(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Seconds a stop waits before it kills: the task's, else common_options', else kolla-ansible's default of 10. */
export function gracefulTimeout(p: KollaContainerParams): number {
  return p.graceful_timeout ?? commonInt(p.common_options.graceful_timeout) ?? 10;
}

/** The spec a task describes (environment values as strings, None as empty). */
export function specOf(p: KollaContainerParams): ContainerSpec {
  const common = p.common_options;
  // With none given anywhere, kolla-run's engine restarts the service itself (kolla-ansible's systemd units do).
  const restart = p.restart_policy ?? (typeof common.restart_policy === 'string' ? common.restart_policy : undefined) ?? 'unless-stopped';
  return {
    name: p.name ?? '',
    image: p.image ?? '',
    // An empty command leaves the image's own, as docker-py does with a falsy one.
    command: p.command && p.command.length > 0 ? p.command : undefined,
    environment: Object.fromEntries(Object.entries({ ...commonEnvironment(common), ...p.environment }).map(([k, v]) => [k, v === null ? '' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)])),
    volumes: p.volumes,
    privileged: p.privileged,
    cap_add: p.cap_add,
    security_opt: p.security_opt,
    pid_mode: p.pid_mode,
    ipc_mode: p.ipc_mode,
    cgroupns_mode: p.cgroupns_mode,
    labels: p.labels,
    dimensions: p.dimensions,
    healthcheck: p.healthcheck,
    restart_policy: p.detach ? restart : 'oneshot',
    restart_retries: p.restart_retries ?? commonInt(common.restart_retries) ?? 10,
    tmpfs: p.tmpfs,
  };
}
