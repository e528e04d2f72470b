/**
 * Reading a rendered Dockerfile: its FROM lines (the image's parents), and
 * nothing else. Pure functions, no I/O.
 */

/** One FROM instruction; line is 1-based in the rendered text. */
export interface FromLine {
  ref: string;
  /** The stage name after AS, when given. */
  stage?: string;
  line: number;
}

/**
 * The FROM instructions of a Dockerfile, in order. Comments, parser
 * directives and continuation lines are understood; flags such as
 * --platform are skipped.
 */
export function parseFromLines(text: string): FromLine[] {
  const result: FromLine[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let logical = lines[i] ?? '';
    // A trailing backslash continues the instruction on the next line.
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      i += 1;
      const next = lines[i] ?? '';
      if (/^\s*#/.test(next)) continue;
      logical = logical.replace(/\\\s*$/, ' ') + next;
    }
    i += 1;
    const trimmed = logical.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^from\s+(.*)$/i.exec(trimmed);
    if (!match) continue;
    const words = (match[1] ?? '').split(/\s+/).filter((w) => !w.startsWith('--'));
    const ref = words[0];
    if (ref === undefined) continue;
    const entry: FromLine = { ref, line: startLine };
    if (words.length >= 3 && words[1]?.toLowerCase() === 'as' && words[2]) entry.stage = words[2];
    result.push(entry);
  }
  return result;
}

/** How images are named: `[registry/]namespace/<prefix><name>:<tag>`. */
export interface ImageNaming {
  namespace: string;
  imagePrefix: string;
  tag: string;
  registry?: string | undefined;
}

/** The namespace as templates see it: the registry, when given, is part of it. */
export function fullNamespace(naming: ImageNaming): string {
  return naming.registry ? `${naming.registry}/${naming.namespace}` : naming.namespace;
}

export function imageRef(name: string, naming: ImageNaming): string {
  return `${fullNamespace(naming)}/${naming.imagePrefix}${name}:${naming.tag}`;
}

/** What a FROM reference points at. */
export type FromTarget =
  | { kind: 'image'; name: string }
  | { kind: 'missing'; name: string }
  | { kind: 'stage'; stage: string }
  | { kind: 'external' };

/**
 * Classifies a FROM reference: one of our images (by its full name), an
 * earlier stage of the same file, a name in our namespace that no image
 * has (a missing parent), or anything else (the root, e.g. the debootstrap
 * base image).
 */
export function classifyFrom(ref: string, known: ReadonlySet<string>, naming: ImageNaming, stages: ReadonlySet<string> = new Set()): FromTarget {
  if (stages.has(ref)) return { kind: 'stage', stage: ref };
  const prefix = `${fullNamespace(naming)}/${naming.imagePrefix}`;
  const suffix = `:${naming.tag}`;
  if (ref.startsWith(prefix) && ref.endsWith(suffix) && ref.length > prefix.length + suffix.length) {
    const name = ref.slice(prefix.length, ref.length - suffix.length);
    if (!name.includes('/')) return known.has(name) ? { kind: 'image', name } : { kind: 'missing', name };
  }
  return { kind: 'external' };
}
