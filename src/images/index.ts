/**
 * The image builder: renders images/<name>/Dockerfile.j2, orders the images
 * by their FROM lines, builds parents first and independent images in
 * parallel on the local Docker engine (with its build cache), pushes them
 * when asked. A failed image skips its children; the results say what
 * happened to each image.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { ensureEngine } from '../testbed/engine.js';
import { BASE_IMAGE, ensureBaseImage } from '../testbed/images.js';
import { engineBuild, enginePush, imageInfo } from './engine.js';
import { buildOrder, selectImages } from './graph.js';
import { loadImages, type ImageSpec, type LoadOptions } from './load.js';
import { schedule } from './scheduler.js';
import { PROJECT_ROOT } from '../project-root.js';

export { parseFromLines, imageRef, type ImageNaming } from './dockerfile.js';
export { buildOrder, selectImages, CycleError } from './graph.js';
export { loadImages, templateVars, type ImageSpec } from './load.js';
export { formatTree } from './tree.js';
export { KOLLA_USERS, KOLLA_GROUP_GID, kollaUser, type KollaUser } from './users.js';

export const DEFAULT_IMAGES_DIR = resolve(PROJECT_ROOT, 'images');
export const DEFAULT_NAMESPACE = 'kolla';
export const DEFAULT_TAG = 'latest';
export const DEFAULT_THREADS = 2;
/** Kolla's label: the day an image was built (YYYYMMDD). */
export const BUILD_DATE_LABEL = 'build-date';

export function dayUtc(when = new Date()): string {
  return when.toISOString().slice(0, 10).replace(/-/g, '');
}
export const SUPPORTED_BASES = ['debian'] as const;

export interface ImageOptions {
  imagesDir?: string | undefined;
  /** Regular expressions selecting images (their parents come along); none = all. */
  patterns?: readonly string[] | undefined;
  namespace?: string | undefined;
  imagePrefix?: string | undefined;
  tag?: string | undefined;
  /** Registry host[:port]: part of every image name, and where --push sends them. */
  registry?: string | undefined;
  base?: string | undefined;
  installType?: string | undefined;
  maintainer?: string | undefined;
  /** The root every image tree starts FROM (default: the debootstrap base). */
  baseImage?: string | undefined;
  vars?: Record<string, unknown> | undefined;
  imageVars?: Record<string, Record<string, unknown>> | undefined;
}

export interface BuildOptions extends ImageOptions {
  threads?: number | undefined;
  push?: boolean | undefined;
  noCache?: boolean | undefined;
  /**
   * Kolla's build-date label of every image, YYYYMMDD; an upgrade refuses an image older than the running one.
   * Only when asked: a label changes the parent images' ids, so every child is built again, not taken from the cache.
   */
  buildDate?: string | undefined;
  /** Start the engine and make the debootstrap base when needed (default true). */
  prepare?: boolean | undefined;
  onEvent?: ((event: BuildEvent) => void) | undefined;
  /** Every chunk of `docker build` output, with the image it belongs to. */
  onOutput?: ((image: string, chunk: string) => void) | undefined;
}

export type ImageStatus = 'built' | 'cached' | 'failed' | 'skipped';

export interface ImageResult {
  name: string;
  ref: string;
  parent?: string | undefined;
  status: ImageStatus;
  seconds: number;
  steps: number;
  cachedSteps: number;
  sizeBytes?: number | undefined;
  imageId?: string | undefined;
  pushed: boolean;
  /** Why it failed, or which failed parent made it skip. */
  error?: string | undefined;
}

export interface BuildSummary {
  ok: boolean;
  seconds: number;
  /** Selected images, parents first. */
  images: ImageResult[];
}

export type BuildEvent =
  | { type: 'loaded'; images: ImageSpec[]; selected: string[] }
  | { type: 'start'; image: string; ref: string }
  | { type: 'pushing'; image: string; ref: string }
  | { type: 'done'; result: ImageResult };

export function loadOptions(options: ImageOptions): LoadOptions {
  const base = options.base ?? 'debian';
  if (!(SUPPORTED_BASES as readonly string[]).includes(base)) {
    throw new UsageError(`unsupported base "${base}" (supported: ${SUPPORTED_BASES.join(', ')})`);
  }
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const tag = options.tag ?? DEFAULT_TAG;
  if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/.test(namespace)) throw new UsageError(`invalid namespace "${namespace}"`);
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new UsageError(`invalid tag "${tag}"`);
  if (options.registry !== undefined && !/^[\w.-]+(?::\d+)?$/.test(options.registry)) {
    throw new UsageError(`invalid registry "${options.registry}" (expected host[:port])`);
  }
  return {
    imagesDir: resolve(options.imagesDir ?? DEFAULT_IMAGES_DIR),
    namespace,
    imagePrefix: options.imagePrefix ?? '',
    tag,
    registry: options.registry,
    baseDistro: base,
    installType: options.installType ?? 'binary',
    maintainer: options.maintainer ?? 'kolla-run',
    baseImage: options.baseImage ?? BASE_IMAGE,
    vars: options.vars,
    imageVars: options.imageVars,
  };
}

export interface ImagePlan {
  /** Every image of the tree, parents first. */
  images: ImageSpec[];
  /** The selected ones (with their parents), parents first. */
  selected: ImageSpec[];
}

/** Renders and orders the images without building anything (`build --list`). */
export async function planImages(options: ImageOptions = {}): Promise<ImagePlan> {
  const specs = await loadImages(loadOptions(options));
  const order = buildOrder(specs);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const images = order.map((n) => byName.get(n) as ImageSpec);
  const chosen = selectImages(specs, options.patterns ?? []);
  return { images, selected: images.filter((s) => chosen.has(s.name)) };
}

export async function buildImages(options: BuildOptions = {}): Promise<BuildSummary> {
  const started = Date.now();
  if (options.push && !options.registry) throw new UsageError('--push needs --registry (there is no default registry to push to)');
  const threads = options.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UsageError(`--threads must be a whole number from 1 to 64, got ${String(threads)}`);
  // Everything is rendered and checked before the engine is touched.
  const plan = await planImages(options);
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'loaded', images: plan.images, selected: plan.selected.map((s) => s.name) });
  if (options.prepare !== false) {
    await ensureEngine();
    const resolvedBase = options.baseImage ?? BASE_IMAGE;
    if (resolvedBase === BASE_IMAGE && plan.selected.some((s) => s.external.includes(BASE_IMAGE))) await ensureBaseImage(() => undefined);
  }
  const byName = new Map(plan.selected.map((s) => [s.name, s]));
  const results = new Map<string, ImageResult>();
  const outcome = await schedule(plan.selected, {
    threads,
    run: async (name) => {
      const spec = byName.get(name) as ImageSpec;
      const result = await buildOne(spec, options, emit);
      results.set(name, result);
      emit({ type: 'done', result });
      return result.status === 'failed' ? 'failed' : 'ok';
    },
    onSkip: (name, because) => {
      const spec = byName.get(name) as ImageSpec;
      const result: ImageResult = {
        name,
        ref: spec.ref,
        parent: spec.parent,
        status: 'skipped',
        seconds: 0,
        steps: 0,
        cachedSteps: 0,
        pushed: false,
        error: `parent ${because} failed`,
      };
      results.set(name, result);
      emit({ type: 'done', result });
    },
  });
  const images = plan.selected.map((s) => results.get(s.name) as ImageResult);
  const ok = [...outcome.outcome.values()].every((o) => o === 'ok');
  return { ok, seconds: (Date.now() - started) / 1000, images };
}

async function buildOne(spec: ImageSpec, options: BuildOptions, emit: (event: BuildEvent) => void): Promise<ImageResult> {
  const started = Date.now();
  emit({ type: 'start', image: spec.name, ref: spec.ref });
  const elapsed = () => (Date.now() - started) / 1000;
  const base = { name: spec.name, ref: spec.ref, parent: spec.parent, pushed: false };
  let built;
  try {
    built = await engineBuild(spec.ref, spec.dockerfile, spec.dir, {
      noCache: options.noCache,
      labels: options.buildDate !== undefined ? { [BUILD_DATE_LABEL]: options.buildDate } : undefined,
      onOutput: options.onOutput ? (chunk) => options.onOutput?.(spec.name, chunk) : undefined,
    });
  } catch (err) {
    return { ...base, status: 'failed', seconds: elapsed(), steps: 0, cachedSteps: 0, error: err instanceof Error ? err.message : String(err) };
  }
  const counts = { steps: built.steps, cachedSteps: built.cachedSteps };
  if (!built.ok) return { ...base, ...counts, status: 'failed', seconds: elapsed(), error: built.error };
  const info = await imageInfo(spec.ref);
  const status: ImageStatus = built.steps > 0 && built.cachedSteps === built.steps ? 'cached' : 'built';
  let pushed = false;
  if (options.push) {
    emit({ type: 'pushing', image: spec.name, ref: spec.ref });
    const pushError = await enginePush(spec.ref);
    if (pushError) {
      return { ...base, ...counts, status: 'failed', seconds: elapsed(), sizeBytes: info?.size, imageId: info?.id, error: `push failed: ${pushError}` };
    }
    pushed = true;
  }
  return { ...base, ...counts, status, pushed, seconds: elapsed(), sizeBytes: info?.size, imageId: info?.id };
}
