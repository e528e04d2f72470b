/**
 * kolla_container: Kolla's containers on the host's engine, through its API
 * over the host's SSH connection. Idempotent: a container is recreated only
 * when a field that defines it differs (the result names which), restarted
 * only when asked or when its rendered config drifted.
 */
import { ContainerEngine } from '../containers/engine.js';
import { createBody, differences, namedVolumes, type ContainerSpec } from '../containers/spec.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { gracefulTimeout, kollaContainerParams, specOf, type KollaContainerParams } from './kolla_container_params.js';

const ENGINE_SOCKET = '/var/run/docker.sock';
export const MANAGED_VOLUME_LABEL = 'kolla_managed';

type Plan =
  | { kind: 'create' }
  | { kind: 'recreate'; fields: string[] }
  | { kind: 'start' }
  | { kind: 'restart'; fields?: string[] }
  | { kind: 'stop' }
  | { kind: 'stop_and_remove' }
  | { kind: 'remove' }
  | { kind: 'create_volume' }
  | { kind: 'remove_volume' }
  | { kind: 'pull' }
  | { kind: 'load' }
  | { kind: 'remove_image' }
  | { kind: 'oneshot' }
  | { kind: 'report'; fields?: string[] }
  | { kind: 'wait_healthy' };

const engines = new WeakMap<ModuleContext, ContainerEngine>();
function engineOf(ctx: ModuleContext): ContainerEngine {
  let engine = engines.get(ctx);
  if (!engine) engines.set(ctx, (engine = new ContainerEngine(() => ctx.openUnixSocket(ENGINE_SOCKET))));
  return engine;
}

const unchanged = (reason: string, result: ResultFields = {}): Query<Plan> => ({ changed: false, reason, result });
const change = (plan: Plan, reason: string, result: ResultFields = {}): Query<Plan> => ({ changed: true, reason, plan, result });

/**
 * Fields that differ; with `compare` (the state asked for, as kolla-ansible
 * compares), also `state` when the container is not in that state (a stopped
 * service is brought back by the restart handler) and `config` when the
 * running container's files no longer match what was rendered.
 */
async function drift(engine: ContainerEngine, spec: ContainerSpec, compare?: { state: string }): Promise<string[] | undefined> {
  const current = await engine.inspectContainer(spec.name);
  if (!current) return undefined;
  const fields = differences(spec, current, await engine.inspectImage(spec.image));
  if (compare && current.State.Status !== (compare.state === 'started' ? 'running' : compare.state)) fields.push('state');
  if (compare && current.State.Running && fields.length === 0) {
    // As root, as kolla-ansible does: the rendered sources are root's (0660), not the service user's.
    const check = await engine.exec(spec.name, ['/usr/local/bin/kolla_set_configs', '--check'], { user: 'root' });
    if (check.rc === 1) fields.push('config');
    // 126/127: the image has no kolla_set_configs (not a Kolla image), so it has no Kolla config to compare.
    // Any other failure is an error, as kolla-ansible's compare_config raises.
    else if (check.rc !== 0 && check.rc !== 126 && check.rc !== 127) {
      throw new Error(`Failed to compare container configuration: ExitCode: ${check.rc} Message: ${(check.stderr || check.stdout).trim()}`);
    }
  }
  return fields;
}

async function queryContainer(p: KollaContainerParams, engine: ContainerEngine, ctx: ModuleContext): Promise<Query<Plan>> {
  const spec = specOf(p);
  const name = spec.name;
  switch (p.action) {
    case 'start_container': {
      if (!p.detach) return change({ kind: 'oneshot' }, `would run one-shot container ${name}`);
      const fields = await drift(engine, spec);
      if (fields === undefined) return change({ kind: 'create' }, `${name} does not exist`);
      if (fields.length > 0) return change({ kind: 'recreate', fields }, `${name} differs in ${fields.join(', ')}`, { differences: fields });
      const running = (await engine.inspectContainer(name))?.State.Running === true;
      return running ? unchanged(`${name} runs as asked`) : change({ kind: 'start' }, `${name} is stopped`);
    }
    case 'compare_container': {
      const fields = await drift(engine, spec, { state: p.state ?? 'running' });
      if (fields === undefined) return change({ kind: 'report' }, `${name} does not exist`);
      return fields.length > 0 ? change({ kind: 'report', fields }, `${name} differs in ${fields.join(', ')}`, { differences: fields }) : unchanged(`${name} matches`);
    }
    case 'compare_image': {
      const current = await engine.inspectContainer(name);
      const image = await engine.inspectImage(spec.image);
      return !current || !image || current.Image !== image.Id ? change({ kind: 'report' }, `${name} runs another image`) : unchanged(`${name} runs ${spec.image}`);
    }
    case 'recreate_or_restart_container': {
      const fields = await drift(engine, spec, { state: p.state ?? 'running' });
      if (fields === undefined) return change({ kind: 'create' }, `${name} does not exist`);
      const defining = fields.filter((f) => f !== 'config' && f !== 'state');
      if (defining.length > 0) return change({ kind: 'recreate', fields }, `${name} differs in ${defining.join(', ')}`, { differences: fields });
      // COPY_ONCE copies the configuration at the first start only: a restart would keep the old files (kolla-ansible recreates).
      if (spec.environment.KOLLA_CONFIG_STRATEGY === 'COPY_ONCE') return change({ kind: 'recreate', fields }, `${name} is recreated (COPY_ONCE)`, { differences: fields });
      return change({ kind: 'restart', fields }, `${name} restarts`, { differences: fields });
    }
    case 'restart_container':
      // As kolla-ansible's: a missing container fails a restart, ignore_missing or not.
      return (await engine.inspectContainer(name)) ? change({ kind: 'restart' }, `${name} restarts`) : unchanged(`${name} does not exist`, { failed: true, msg: `No such container: ${name}` });
    case 'stop_container': {
      const c = await engine.inspectContainer(name);
      if (!c && p.ignore_missing) return unchanged(`${name} does not exist`);
      if (!c) return unchanged(`${name} does not exist`, { failed: true, msg: `No such container: ${name} to stop` });
      return c.State.Running ? change({ kind: 'stop' }, `${name} stops`) : unchanged(`${name} is stopped`);
    }
    case 'stop_and_remove_container':
      return (await engine.inspectContainer(name)) ? change({ kind: 'stop_and_remove' }, `${name} is removed`) : unchanged(`${name} does not exist`);
    case 'remove_container':
      return (await engine.inspectContainer(name)) ? change({ kind: 'remove' }, `${name} is removed`) : unchanged(`${name} does not exist`);
    case 'create_volume':
      return (await engine.inspectVolume(name)) ? unchanged(`volume ${name} exists`) : change({ kind: 'create_volume' }, `volume ${name} is created`);
    case 'remove_volume':
      return (await engine.inspectVolume(name)) ? change({ kind: 'remove_volume' }, `volume ${name} is removed`) : unchanged(`volume ${name} does not exist`);
    case 'pull_image':
    case 'ensure_image': {
      const present = await engine.inspectImage(spec.image);
      if (p.image_source === 'controller') {
        // Streamed only when the host lacks that very image id.
        const local = await ctx.local.image(spec.image);
        if (!local) return unchanged(`${spec.image} is not on the controller`, { failed: true, msg: `image ${spec.image} is not on the controller's engine` });
        return present?.Id === local.id ? unchanged(`${spec.image} is present`) : change({ kind: 'load' }, `${spec.image} is streamed from the controller`);
      }
      if (p.action === 'ensure_image' && present) return unchanged(`${spec.image} is present`);
      return change({ kind: 'pull' }, `${spec.image} is pulled`);
    }
    case 'remove_image':
      return (await engine.inspectImage(spec.image)) ? change({ kind: 'remove_image' }, `${spec.image} is removed`) : unchanged(`${spec.image} is absent`);
    case 'wait_healthy':
      return change({ kind: 'wait_healthy' }, `waits for ${name} to be healthy`);
  }
}

async function create(engine: ContainerEngine, spec: ContainerSpec): Promise<void> {
  if (!(await engine.inspectImage(spec.image))) await engine.pullImage(spec.image);
  for (const volume of namedVolumes(spec.volumes)) {
    if (!(await engine.inspectVolume(volume))) await engine.createVolume(volume, { [MANAGED_VOLUME_LABEL]: 'true' });
  }
  await engine.createContainer(spec.name, createBody(spec));
}

async function runOneshot(engine: ContainerEngine, spec: ContainerSpec, p: KollaContainerParams): Promise<ResultFields> {
  await engine.removeContainer(spec.name);
  await create(engine, spec);
  await engine.startContainer(spec.name);
  const rc = await engine.waitContainer(spec.name, p.timeout * 1000);
  const { stdout, stderr } = await engine.logs(spec.name);
  if (p.remove_on_exit) await engine.removeContainer(spec.name);
  return { changed: true, rc, stdout, stderr, ...(rc !== 0 ? { failed: true, msg: `Container exited with non-zero return code ${rc}` } : {}) };
}

async function waitHealthy(engine: ContainerEngine, name: string, timeoutSeconds: number): Promise<ResultFields> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let status = 'unknown';
  while (Date.now() < deadline) {
    const c = await engine.inspectContainer(name);
    status = c?.State.Health?.Status ?? (c ? 'no healthcheck' : 'missing');
    if (status === 'healthy' || status === 'no healthcheck') return { changed: false, health: status };
    if (c && !c.State.Running) return { failed: true, changed: false, msg: `${name} stopped while waiting for it to be healthy` };
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { failed: true, changed: false, msg: `${name} was not healthy within ${timeoutSeconds} s (last status: ${status})` };
}

export const kollaContainerModule = defineModule<KollaContainerParams, Plan>({
  name: 'kolla_container',
  schema: kollaContainerParams,
  check: 'full',
  // Its query only reads (the engine's API, kolla_set_configs --check): it needs no fresh read-ahead after it.
  readOnlyQuery: true,
  query: (params, ctx) => queryContainer(params, engineOf(ctx), ctx),
  async apply(p, plan, ctx) {
    const engine = engineOf(ctx);
    const spec = specOf(p);
    const name = spec.name;
    switch (plan.kind) {
      case 'create':
        await create(engine, spec);
        await engine.startContainer(name);
        return { changed: true };
      case 'recreate':
        // The image first: when it cannot be pulled, the running container stays as it was (as in kolla-ansible).
        if (!(await engine.inspectImage(spec.image))) await engine.pullImage(spec.image);
        await engine.stopContainer(name, gracefulTimeout(p));
        await engine.removeContainer(name);
        await create(engine, spec);
        await engine.startContainer(name);
        return { changed: true, differences: plan.fields };
      case 'start':
        await engine.startContainer(name);
        return { changed: true };
      case 'restart':
        await engine.restartContainer(name, gracefulTimeout(p));
        return { changed: true, ...(plan.fields ? { differences: plan.fields } : {}) };
      case 'stop':
        await engine.stopContainer(name, gracefulTimeout(p));
        return { changed: true };
      case 'stop_and_remove':
        await engine.stopContainer(name, gracefulTimeout(p));
        await engine.removeContainer(name);
        return { changed: true };
      case 'remove':
        await engine.removeContainer(name);
        return { changed: true };
      case 'create_volume':
        await engine.createVolume(name, { [MANAGED_VOLUME_LABEL]: 'true' });
        return { changed: true };
      case 'remove_volume':
        await engine.removeVolume(name);
        return { changed: true };
      case 'pull': {
        const before = (await engine.inspectImage(spec.image))?.Id;
        await engine.pullImage(spec.image);
        const after = (await engine.inspectImage(spec.image))?.Id;
        return { changed: before !== after, image: spec.image, id: after };
      }
      case 'load': {
        const local = await ctx.local.image(spec.image);
        if (!local) return { failed: true, changed: false, msg: `image ${spec.image} is not on the controller's engine` };
        const archive = await local.archive();
        await engine.loadImage(archive.stream, archive.size);
        return { changed: true, image: spec.image, id: local.id };
      }
      case 'remove_image':
        await engine.removeImage(spec.image);
        return { changed: true };
      case 'oneshot':
        return runOneshot(engine, spec, p);
      case 'report':
        return { changed: true, ...(plan.fields ? { differences: plan.fields } : {}) };
      case 'wait_healthy':
        return waitHealthy(engine, name, p.timeout);
    }
  },
});
