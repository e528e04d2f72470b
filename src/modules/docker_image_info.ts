/**
 * docker_image_info (community.docker): the engine's inspection of named
 * images (missing ones left out), or of every image when no name is given.
 * A name is an image ID (sha256:...) or repository[:tag],
 * the tag defaulting to latest. Never changes anything.
 */
import { z } from 'zod';
import { defineModule, type Unchanged } from './contract.js';
import { DockerApiError, dockerJson, dockerParams } from './support/docker-api.js';

export const dockerImageInfoParams = dockerParams({
  name: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v), z.array(z.string())).optional(),
});
export type DockerImageInfoParams = z.infer<typeof dockerImageInfoParams>;

/**
 * community.docker's parse_repository_tag, with its default tag: registry ports are not tags, a digest is kept.
 * An image ID (sha256:HEX, is_image_name_id) has its colon after any slash, so it is kept as it is too;
 * bare hex digits are a repository name there, given the tag latest.
 */
export function imageRef(name: string): string {
  if (name.includes('@')) return name;
  const slash = name.lastIndexOf('/');
  return name.lastIndexOf(':') > slash ? name : `${name}:latest`;
}

export const dockerImageInfoModule = defineModule<DockerImageInfoParams, never>({
  name: 'docker_image_info',
  schema: dockerImageInfoParams,
  check: 'full',
  async query(p, ctx): Promise<Unchanged> {
    try {
      const images: unknown[] = [];
      if (p.name !== undefined && p.name.length > 0) {
        for (const name of p.name) {
          const image = await dockerJson<unknown>(ctx, p, 'GET', `/images/${encodeURIComponent(imageRef(name))}/json`, true);
          if (image !== undefined) images.push(image);
        }
      } else {
        for (const summary of (await dockerJson<{ Id: string }[]>(ctx, p, 'GET', '/images/json')) ?? []) {
          images.push((await dockerJson<unknown>(ctx, p, 'GET', `/images/${encodeURIComponent(summary.Id)}/json`, true)) ?? null);
        }
      }
      return { changed: false, reason: `${images.length} images`, result: { images } };
    } catch (err) {
      if (!(err instanceof DockerApiError)) throw err;
      return { changed: false, reason: err.message, result: { failed: true, msg: err.message } };
    }
  },
  async apply() {
    return {};
  },
});
