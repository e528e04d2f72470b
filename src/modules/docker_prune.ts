/**
 * docker_prune (community.docker): the engine's prune endpoints for
 * stopped containers, unused images, networks, volumes and the build
 * cache, each with its filters; changed when something was removed or
 * space reclaimed, so a second run reports no change. Ansible's module
 * does not support check mode: the task is skipped there.
 */
import { z } from 'zod';
import { defineModule, type ModuleContext, type ResultFields } from './contract.js';
import { DockerApiError, dockerJson, dockerParams } from './support/docker-api.js';
import { bool } from './support/params.js';

const filters = z.record(z.string(), z.unknown()).optional();

export const dockerPruneParams = dockerParams({
  containers: bool().default(false),
  containers_filters: filters,
  images: bool().default(false),
  images_filters: filters,
  networks: bool().default(false),
  networks_filters: filters,
  volumes: bool().default(false),
  volumes_filters: filters,
  builder_cache: bool().default(false),
});
export type DockerPruneParams = z.infer<typeof dockerPruneParams>;

/** community.docker's clean_dict_booleans_for_docker_api and convert_filters: every value a list of strings. */
export function engineFilters(given: Record<string, unknown> | undefined): string {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(given ?? {})) {
    // Python's True is 'true' there, as JavaScript writes it.
    out[key] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return encodeURIComponent(JSON.stringify(out));
}

/** A prune's answer; SpaceReclaimed is in every one but the networks' (community.docker reads it unguarded). */
interface Pruned {
  ContainersDeleted?: string[] | null;
  ImagesDeleted?: unknown[] | null;
  NetworksDeleted?: string[] | null;
  VolumesDeleted?: string[] | null;
  SpaceReclaimed: number;
}

/** What each kind prunes: its switch and filters, the engine's endpoint and answer, the fields it registers (networks reclaim no space). */
const KINDS = [
  { on: 'containers', filters: 'containers_filters', deleted: 'ContainersDeleted', space: true },
  { on: 'images', filters: 'images_filters', deleted: 'ImagesDeleted', space: true },
  { on: 'networks', filters: 'networks_filters', deleted: 'NetworksDeleted', space: false },
  { on: 'volumes', filters: 'volumes_filters', deleted: 'VolumesDeleted', space: true },
] as const;

/** A 404 is an error here (no missingOk), so an answer always comes back. */
const prune = async (ctx: ModuleContext, p: DockerPruneParams, path: string): Promise<Pruned> => (await dockerJson<Pruned>(ctx, p, 'POST', path)) as Pruned;

export const dockerPruneModule = defineModule<DockerPruneParams, undefined>({
  name: 'docker_prune',
  schema: dockerPruneParams,
  check: 'skip',
  async query() {
    // What a prune removes is only known by pruning (the engine has no dry run).
    return { changed: true, reason: 'the engine prunes', plan: undefined };
  },
  async apply(p, _plan, ctx) {
    const result: ResultFields = {};
    let changed = false;
    try {
      for (const kind of KINDS) {
        if (!p[kind.on]) continue;
        const r = await prune(ctx, p, `/${kind.on}/prune?filters=${engineFilters(p[kind.filters])}`);
        const deleted = r[kind.deleted] ?? [];
        result[kind.on] = deleted;
        if (kind.space) result[`${kind.on}_space_reclaimed`] = r.SpaceReclaimed;
        changed ||= deleted.length > 0 || (kind.space && r.SpaceReclaimed > 0);
      }
      if (p.builder_cache) {
        const r = await prune(ctx, p, '/build/prune');
        result.builder_cache_space_reclaimed = r.SpaceReclaimed;
        changed ||= r.SpaceReclaimed > 0;
      }
    } catch (err) {
      if (!(err instanceof DockerApiError)) throw err;
      return { ...result, failed: true, changed, msg: err.message };
    }
    return { ...result, changed };
  },
});
