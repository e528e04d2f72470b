/**
 * kolla_container_facts: the state of named containers (or volumes) on the
 * host's engine; changes nothing. As kolla-ansible's: without a name,
 * get_containers gives every running container (every one with
 * args.get_all_containers) and get_volumes every volume.
 */
import { z } from 'zod';
import { ContainerEngine } from '../containers/engine.js';
import { defineModule } from './contract.js';

export const kollaContainerFactsParams = z
  .object({
    action: z.enum(['get_containers', 'get_containers_names', 'get_containers_state', 'get_volumes']).default('get_containers'),
    name: z.union([z.string(), z.array(z.string())]).default([]),
    args: z.object({ get_all_containers: z.boolean().default(false) }).strict().default({ get_all_containers: false }),
    container_engine: z.literal('docker').default('docker'),
    api_version: z.string().optional(),
  })
  .strict();
export type KollaContainerFactsParams = z.infer<typeof kollaContainerFactsParams>;

export const kollaContainerFactsModule = defineModule<KollaContainerFactsParams, never>({
  name: 'kolla_container_facts',
  schema: kollaContainerFactsParams,
  check: 'full',
  async query(params, ctx) {
    const engine = new ContainerEngine(() => ctx.openUnixSocket('/var/run/docker.sock'));
    const names = ([] as string[]).concat(params.name);
    if (params.action === 'get_volumes') {
      const volumes: Record<string, unknown> = {};
      if (names.length === 0) for (const v of await engine.listVolumes()) volumes[v.Name] = v;
      for (const name of names) {
        const v = await engine.inspectVolume(name);
        if (v) volumes[name] = v;
      }
      return { changed: false, reason: 'volumes read', result: { volumes } };
    }
    const containers: Record<string, unknown> = {};
    if (params.action === 'get_containers' && names.length === 0) {
      for (const listed of await engine.listContainers(params.args.get_all_containers)) {
        const c = await engine.inspectContainer(listed.Id);
        // kolla-ansible leaves the health check's log out too: it can be megabytes.
        if (!c) continue;
        const health: Record<string, unknown> | undefined = c.State.Health ? { ...c.State.Health } : undefined;
        if (health) delete health.Log;
        containers[c.Name.replace(/^\//, '')] = { ...c, State: { ...c.State, ...(health ? { Health: health } : {}) } };
      }
    }
    for (const name of names) {
      const c = await engine.inspectContainer(name);
      if (!c) continue;
      if (params.action === 'get_containers_state') containers[name] = c.State.Status;
      else if (params.action === 'get_containers_names') containers[name] = name;
      else containers[name] = c;
    }
    const result = params.action === 'get_containers_names' ? { container_names: Object.keys(containers) } : { containers };
    return { changed: false, reason: 'containers read', result };
  },
  async apply() {
    return {};
  },
});
