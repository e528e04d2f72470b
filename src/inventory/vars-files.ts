/**
 * group_vars/ and host_vars/ beside an inventory source, as Ansible's
 * host_group_vars plugin finds them: for a name N the first of N, N.yml,
 * N.yaml, N.json that exists; if that is a directory, every file in it
 * (recursively, hidden ones skipped, extensions '', .yml, .yaml, .json)
 * merged in name order, later files winning.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.js';
import { loadYamlFile } from '../yaml/load.js';
import type { Vars } from './model.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export type VarsKind = 'group_vars' | 'host_vars';

async function entriesOf(dir: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(dir));
  } catch {
    return new Set();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of [...(await readdir(dir))].sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    if (await isDirectory(full)) out.push(...(await filesUnder(full)));
    else if (EXTENSIONS.includes(extname(name))) out.push(full);
  }
  return out;
}

/** Reads one vars file: a mapping, or nothing at all (an empty file). */
export async function loadVarsFile(file: string): Promise<Vars> {
  const doc = await loadYamlFile(file);
  if (doc.value === null || doc.value === undefined) return {};
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    throw new InputError('a vars file must hold a mapping of variable names to values', doc.locate([]));
  }
  return doc.value as Vars;
}

/** Finds vars files under one base directory; listings are read once. */
export class VarsDir {
  private readonly listings = new Map<VarsKind, Promise<Set<string>>>();
  constructor(readonly baseDir: string) {}

  /** The files holding vars for `name`, in merge order; none when there are none. */
  async filesFor(kind: VarsKind, name: string): Promise<string[]> {
    let listing = this.listings.get(kind);
    if (!listing) {
      listing = entriesOf(join(this.baseDir, kind));
      this.listings.set(kind, listing);
    }
    const entries = await listing;
    for (const ext of EXTENSIONS) {
      if (!entries.has(name + ext)) continue;
      const full = join(this.baseDir, kind, name + ext);
      return (await isDirectory(full)) ? filesUnder(full) : [full];
    }
    return [];
  }

  async varsFor(kind: VarsKind, name: string): Promise<Vars> {
    let merged: Vars = {};
    for (const file of await this.filesFor(kind, name)) merged = { ...merged, ...(await loadVarsFile(file)) };
    return merged;
  }
}
