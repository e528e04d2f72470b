/** Reading a folder of the controller whole, for copy's folder sources (LocalFiles.tree). */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalTree } from '../modules/contract.js';

export async function readLocalTree(root: string): Promise<LocalTree | undefined> {
  const top = await stat(root).catch(() => undefined);
  if (!top?.isDirectory()) return undefined;
  const tree: LocalTree = { root, dirs: [], files: [] };
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const full = join(root, path);
      // Links are followed, as copy's local_follow (default yes) does.
      const info = await stat(full);
      if (info.isDirectory()) {
        tree.dirs.push(path);
        await walk(path);
      } else if (info.isFile()) tree.files.push({ path, content: await readFile(full), mode: info.mode & 0o7777 });
    }
  };
  await walk('');
  return tree;
}
