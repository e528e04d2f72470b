/**
 * Controller files read for tasks (copy's src, folders included), shared
 * by every host of a run: a 50 MB source is read (and hashed) once, not
 * once per host. A file whose size or mtime changed since is read again,
 * so a file a task wrote on the controller earlier in the run is fresh.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalTree } from '../modules/contract.js';

interface Cached {
  mtimeMs: number;
  size: number;
  content: Promise<Buffer>;
}

export class LocalReads {
  readonly #files = new Map<string, Cached>();

  async read(path: string): Promise<Buffer> {
    const info = await stat(path);
    const hit = this.#files.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.content;
    const content = readFile(path);
    this.#files.set(path, { mtimeMs: info.mtimeMs, size: info.size, content });
    content.catch(() => this.#files.delete(path));
    return content;
  }

  /** A file's permission bits (links followed). */
  async mode(path: string): Promise<number> {
    return (await stat(path)).mode & 0o7777;
  }

  /** The folder read whole (links followed, as copy's local_follow does); undefined when it is not a folder. */
  async tree(root: string): Promise<LocalTree | undefined> {
    const top = await stat(root).catch(() => undefined);
    if (!top?.isDirectory()) return undefined;
    const tree: LocalTree = { root, dirs: [], files: [] };
    const walk = async (rel: string): Promise<void> => {
      for (const name of (await readdir(join(root, rel))).sort()) {
        const path = rel === '' ? name : `${rel}/${name}`;
        const full = join(root, path);
        const info = await stat(full);
        if (info.isDirectory()) {
          tree.dirs.push(path);
          await walk(path);
        } else if (info.isFile()) tree.files.push({ path, content: await this.read(full), mode: info.mode & 0o7777 });
      }
    };
    await walk('');
    return tree;
  }
}
