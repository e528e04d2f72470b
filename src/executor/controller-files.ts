/** Files on the controller by their own paths, as modules that write there (fetch) see them through ctx.local.controller. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ControllerFiles } from '../modules/contract.js';

export const controllerFiles: ControllerFiles = {
  async read(path) {
    const st = await stat(path).catch(() => undefined);
    return st?.isFile() ? readFile(path) : undefined;
  },
  async isDir(path) {
    return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  },
  async write(path, content) {
    await mkdir(dirname(path), { recursive: true });
    // Written whole under a temporary name, then renamed: a reader never sees half a file.
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, content);
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  },
};
