/** The controller side of a module test: files and templates from one fixture folder, rendered with given vars. */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { controllerImage } from '../../src/containers/local-images.js';
import { controllerFiles } from '../../src/executor/controller-files.js';
import { LocalReads } from '../../src/executor/local-reads.js';
import type { LocalFiles } from '../../src/modules/contract.js';
import { Templar } from '../../src/template/index.js';

/** `layout: 'kinds'` looks in dir/files and dir/templates (a role's layout); 'flat' in dir itself. */
export function localFiles(dir: string, vars: Record<string, unknown>, layout: 'kinds' | 'flat' = 'kinds'): LocalFiles {
  const templar = new Templar();
  const reads = new LocalReads();
  const find = (path: string, kind: 'files' | 'templates') => (isAbsolute(path) ? path : layout === 'kinds' ? join(dir, kind, path) : join(dir, path));
  return {
    controller: controllerFiles,
    find,
    exists: (path, kind) => existsSync(find(path, kind)),
    read: (path, kind) => reads.read(find(path, kind)),
    tree: (path, kind) => reads.tree(find(path, kind)),
    mode: (path, kind) => reads.mode(find(path, kind)),
    render: async (path, whitespace) => templar.renderFile(find(path, 'templates'), vars, whitespace),
    image: controllerImage,
  };
}
