/** kolla_container_facts: the state of named containers (or their volumes) on the host's engine; changes nothing. */
import { z } from 'zod';
import { ContainerEngine } from '../containers/engine.js';
import { defineModule } from './contract.js';

export const kollaContainerFactsParams = z
  .object({
    action: z.enum(['get_containers', 'get_containers_names', 'get_containers_state', 'get_volumes']).default('get_containers'),
    name: z.union([z.string(), z.array(z.string())]).default([]),
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
      for (const name of names) {
        const v = await engine.inspectVolume(name);
        if (v) volumes[name] = v;
      }
      return { changed: false, reason: 'volumes read', result: { volumes } };
    }
    const containers: Record<string, unknown> = {};
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
