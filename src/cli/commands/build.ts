/** `kolla-run build [REGEX...]`: Kolla's images, built on the local Docker engine. */
import { ExitCode, UsageError } from '../../errors.js';
import {
  buildImages,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG,
  DEFAULT_THREADS,
  formatTree,
  planImages,
  type BuildEvent,
  type ImageOptions,
  type ImageResult,
} from '../../images/index.js';
import { pushToRegistry, testbedRegistry } from '../../testbed/index.js';
import { intOption, parseCommand } from '../args.js';
import type { CliIO } from '../output.js';

export const buildUsage = `Usage: kolla-run build [REGEX...] [--tag T] [--base debian] [--threads N]
                       [--build-date YYYYMMDD] [--namespace N] [--image-prefix P]
                       [--registry R] [--push]
                       [--images-dir DIR] [--no-cache] [--list] [--verbose]

Renders images/<name>/Dockerfile.j2 and builds the images on the local
Docker engine, parents first (each image's parent is read from its FROM
line), independent images in parallel, reusing the engine's build cache.
A REGEX selects the images whose name it matches, and their parents.

  --tag T            image tag (default ${DEFAULT_TAG})
  --build-date D     stamp Kolla's build-date label (YYYYMMDD) on every image:
                     an upgrade refuses images older than those running
                     (release builds; it also rebuilds every image from its
                     parent's new id instead of the cache)
  --base debian      base distribution (only debian)
  --threads N        images built at the same time (default ${DEFAULT_THREADS})
  --namespace N      image namespace (default ${DEFAULT_NAMESPACE})
  --image-prefix P   prefix of every image name (default none)
  --registry R       registry host[:port], part of every image name
  --push             push each built image to --registry; without --registry,
                     to the registry of the running testbed (--testbed NAME,
                     default kolla-run), where its nodes pull from
  --testbed NAME     the testbed whose registry --push uses
  --images-dir DIR   where the Dockerfile.j2 templates are (default images/)
  --no-cache         build without the engine's cache
  --list             print the images and their parents; build nothing
  --verbose          print docker build's own output

Exit codes: 0 all built, 1 an image failed (its children are skipped),
2 wrong command line, 3 a template or the image tree is wrong.`;

const options = {
  tag: { type: 'string' },
  'build-date': { type: 'string' },
  base: { type: 'string' },
  threads: { type: 'string' },
  namespace: { type: 'string' },
  'image-prefix': { type: 'string' },
  registry: { type: 'string' },
  push: { type: 'boolean' },
  testbed: { type: 'string' },
  'images-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  list: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${Math.round(bytes / 1e6)} MB`;
}

function describe(result: ImageResult): string {
  switch (result.status) {
    case 'built':
      return `built   ${seconds(result.seconds).padStart(8)}  ${megabytes(result.sizeBytes).padStart(7)}${result.pushed ? '  pushed' : ''}`;
    case 'cached':
      return `cached  ${seconds(result.seconds).padStart(8)}  ${megabytes(result.sizeBytes).padStart(7)}${result.pushed ? '  pushed' : ''}`;
    case 'failed':
      return `FAILED  ${seconds(result.seconds).padStart(8)}`;
    case 'skipped':
      return `skipped (${result.error ?? 'parent failed'})`;
  }
}

function progress(event: BuildEvent, io: CliIO): void {
  switch (event.type) {
    case 'loaded':
      io.err(`building ${event.selected.length} of ${event.images.length} images: ${event.selected.join(', ')}`);
      return;
    case 'start':
      io.err(`${event.image}: building ${event.ref}`);
      return;
    case 'pushing':
      io.err(`${event.image}: pushing ${event.ref}`);
      return;
    case 'done': {
      const r = event.result;
      if (r.status === 'failed') io.err(`${r.name}: FAILED after ${seconds(r.seconds)}: ${r.error ?? ''}`);
      else if (r.status === 'skipped') io.err(`${r.name}: skipped, ${r.error ?? ''}`);
      else io.err(`${r.name}: ${r.status} in ${seconds(r.seconds)} (${r.cachedSteps}/${r.steps} steps cached)`);
      return;
    }
  }
}

export async function buildCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(argv, options);
  if (values.help) {
    io.out(buildUsage);
    return ExitCode.ok;
  }
  if (values.base !== undefined && values.base !== 'debian') throw new UsageError(`--base supports only debian, got "${values.base}"`);
  const testbed = values.push && !values.registry ? await testbedRegistry({ name: values.testbed }) : undefined;
  if (values.push && !values.registry && !testbed) {
    throw new UsageError(`--push needs --registry, or a running testbed (\`kolla-run testbed up${values.testbed ? ` --name ${values.testbed}` : ''}\`) whose registry to use`);
  }
  const imageOptions: ImageOptions = {
    patterns: positionals,
    tag: values.tag,
    base: values.base,
    namespace: values.namespace,
    imagePrefix: values['image-prefix'],
    registry: values.registry,
    imagesDir: values['images-dir'],
  };
  if (values.list) {
    const plan = await planImages(imageOptions);
    for (const line of formatTree(plan.selected.map((s) => ({ name: s.name, parent: s.parent, detail: `${s.ref}${s.parent ? `  (parent ${s.parent})` : `  (from ${s.external.join(', ')})`}` })))) {
      io.out(line);
    }
    return ExitCode.ok;
  }
  const threads = intOption(values.threads, '--threads', DEFAULT_THREADS);
  if (threads < 1) throw new UsageError(`--threads must be at least 1, got ${threads}`);
  const buildDate = values['build-date'];
  if (buildDate !== undefined && !/^\d{8}$/.test(buildDate)) throw new UsageError(`--build-date must be YYYYMMDD, got "${buildDate}"`);
  const summary = await buildImages({
    ...imageOptions,
    buildDate,
    threads,
    push: values.push && !testbed,
    noCache: values['no-cache'],
    onEvent: (event) => progress(event, io),
    onOutput: values.verbose ? (image, chunk) => {
      for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) io.err(`${image} | ${line}`);
    } : undefined,
  });
  if (testbed) {
    for (const image of summary.images) {
      if (image.status !== 'built' && image.status !== 'cached') continue;
      io.err(`${image.name}: pushing to the testbed registry`);
      await pushToRegistry(image.ref, testbed.names, testbed.hostPort);
      image.pushed = true;
    }
  }
  io.out('');
  for (const line of formatTree(summary.images.map((r) => ({ name: r.name, parent: r.parent, detail: describe(r) })))) io.out(line);
  const count = (status: ImageResult['status']) => summary.images.filter((r) => r.status === status).length;
  const parts = [`${count('built')} built`, `${count('cached')} cached`];
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  io.out(`${summary.images.length} images in ${seconds(summary.seconds)}: ${parts.join(', ')}`);
  for (const failed of summary.images.filter((r) => r.status === 'failed')) {
    io.out(`failed: ${failed.name}: ${(failed.error ?? '').replace(/\n/g, '\n  ')}`);
  }
  return summary.ok ? ExitCode.ok : ExitCode.error;
}
