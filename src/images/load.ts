/**
 * Loads the image tree: every images/<name>/Dockerfile.j2 rendered with the
 * build's variables, its parent found from its FROM line. Any mistake in a
 * template or a tree (syntax, undefined variable, missing parent, cycle) is
 * an InputError naming the file and line, raised before anything is built.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { Templar } from '../template/index.js';
import { classifyFrom, fullNamespace, imageRef, parseFromLines, type ImageNaming } from './dockerfile.js';
import { buildOrder, CycleError } from './graph.js';
import { KOLLA_GROUP_GID, KOLLA_USERS } from './users.js';

export const TEMPLATE_FILE = 'Dockerfile.j2';

export interface LoadOptions extends ImageNaming {
  imagesDir: string;
  baseDistro: string;
  installType: string;
  maintainer: string;
  baseImage: string;
  /** Extra variables for every image. */
  vars?: Record<string, unknown> | undefined;
  /** Extra variables for one image, by image name (win over `vars`). */
  imageVars?: Record<string, Record<string, unknown>> | undefined;
}

export interface ImageSpec {
  name: string;
  /** Full reference the image is tagged with. */
  ref: string;
  /** The build context: the image's directory. */
  dir: string;
  /** The template, as a path relative to the working directory when shorter. */
  file: string;
  dockerfile: string;
  /** Our images this one is built FROM; `parent` is the final stage's. */
  deps: string[];
  parent?: string | undefined;
  /** Line of the template's FROM naming the parent. */
  fromLine?: number | undefined;
  /** FROM references outside our tree (the root image). */
  external: string[];
}

/** Image directories holding a Dockerfile.j2, by name. */
export async function discoverImages(imagesDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(imagesDir);
  } catch (cause) {
    throw new UsageError(`no images directory at ${imagesDir}`, { cause });
  }
  const names: string[] = [];
  for (const entry of entries.sort()) {
    const file = join(imagesDir, entry, TEMPLATE_FILE);
    if (await stat(file).then((s) => s.isFile(), () => false)) names.push(entry);
  }
  return names;
}

/** The variables a Dockerfile.j2 sees. */
export function templateVars(name: string, options: LoadOptions): Record<string, unknown> {
  return {
    namespace: fullNamespace(options),
    image_prefix: options.imagePrefix,
    tag: options.tag,
    base_distro: options.baseDistro,
    install_type: options.installType,
    maintainer: options.maintainer,
    base_image: options.baseImage,
    image_name: name,
    image_ref: imageRef(name, options),
    kolla_group_gid: KOLLA_GROUP_GID,
    kolla_users: KOLLA_USERS.map((u) => ({ ...u })),
    ...options.vars,
    ...options.imageVars?.[name],
  };
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.length < file.length && !rel.startsWith('..') ? rel : file;
}

/** Turns whatever the template engine threw into an InputError at file:line. */
export function templateFailure(err: unknown, file: string): InputError {
  if (err instanceof InputError) {
    return new InputError(err.reason, { file, line: err.location.line, col: err.location.col }, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  const fields = (err ?? {}) as { lineno?: unknown; line?: unknown; colno?: unknown };
  const lineField = typeof fields.lineno === 'number' ? fields.lineno : typeof fields.line === 'number' ? fields.line : undefined;
  const fromText = /\bline (\d+)/i.exec(message)?.[1];
  const line = lineField ?? (fromText ? Number(fromText) : undefined);
  return new InputError(message.split('\n')[0] ?? message, { file, line }, { cause: err });
}

export async function renderImage(name: string, options: LoadOptions, templar: Templar): Promise<{ file: string; text: string; source: string }> {
  const path = resolve(options.imagesDir, name, TEMPLATE_FILE);
  const file = displayPath(path);
  const source = await readFile(path, 'utf8');
  try {
    return { file, source, text: templar.renderText(source, templateVars(name, options), file) };
  } catch (err) {
    const failure = templateFailure(err, file);
    // "end of file" errors (an unclosed block) come without a line: the last one.
    if (failure.location.line === undefined && /end of file/i.test(failure.reason)) {
      throw new InputError(failure.reason, { file, line: source.replace(/\n$/, '').split('\n').length }, { cause: err });
    }
    throw failure;
  }
}

/** Renders every image and links each to its parent; all in memory. */
export async function loadImages(options: LoadOptions): Promise<ImageSpec[]> {
  const names = await discoverImages(options.imagesDir);
  if (names.length === 0) throw new UsageError(`no ${TEMPLATE_FILE} under ${options.imagesDir}`);
  const known = new Set(names);
  const templar = new Templar();
  const specs: ImageSpec[] = [];
  for (const name of names) {
    const { file, text, source } = await renderImage(name, options, templar);
    specs.push(linkImage({ name, file, dir: resolve(options.imagesDir, name), dockerfile: text, source }, known, options));
  }
  try {
    buildOrder(specs);
  } catch (err) {
    if (!(err instanceof CycleError)) throw err;
    const first = specs.find((s) => s.name === err.cycle[0]);
    throw new InputError(err.message, { file: first?.file ?? options.imagesDir, line: first?.fromLine }, { cause: err });
  }
  return specs;
}

/** One rendered image with its parents; a FROM in our namespace that names no image is an InputError. */
export function linkImage(
  image: { name: string; file: string; dir: string; dockerfile: string; source?: string },
  known: ReadonlySet<string>,
  naming: ImageNaming,
): ImageSpec {
  const { name, file, dockerfile } = image;
  const froms = parseFromLines(dockerfile);
  const sourceLines = templateFromLines(image.source, froms.length);
  const lineOf = (index: number): number | undefined => sourceLines?.[index] ?? froms[index]?.line;
  if (froms.length === 0) throw new InputError('the rendered Dockerfile has no FROM line', { file, line: 1 });
  const stages = new Set<string>();
  const deps: string[] = [];
  const external: string[] = [];
  let fromLine: number | undefined;
  froms.forEach((from, index) => {
    const target = classifyFrom(from.ref, known, naming, stages);
    if (target.kind === 'missing') {
      throw new InputError(`FROM ${from.ref}: there is no image "${target.name}" (no ${target.name}/${TEMPLATE_FILE})`, { file, line: lineOf(index) });
    }
    if (target.kind === 'image') {
      if (target.name === name) throw new InputError(`FROM ${from.ref}: an image cannot be built from itself`, { file, line: lineOf(index) });
      if (!deps.includes(target.name)) deps.push(target.name);
      fromLine = lineOf(index);
    } else if (target.kind === 'external' && !external.includes(from.ref)) {
      external.push(from.ref);
    }
    if (from.stage) stages.add(from.stage);
  });
  const { source: _source, ...rest } = image;
  return { ...rest, ref: imageRef(name, naming), deps, parent: deps[deps.length - 1], fromLine, external };
}

/**
 * Lines of the template's FROM instructions, when the template has as many
 * as the rendered file: errors then point at the template, not at the
 * rendered text (which may have lost comment lines).
 */
function templateFromLines(source: string | undefined, count: number): number[] | undefined {
  if (source === undefined) return undefined;
  const found = parseFromLines(source).map((f) => f.line);
  return found.length === count ? found : undefined;
}
