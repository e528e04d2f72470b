// Bundles the compiled CLI (dist/src) and its dependencies into one
// CommonJS file, dist/bundle/kolla-run.cjs: Node 20 spends about a
// millisecond per ES module it loads (the CLI has ~300), and only a classic
// script can be started from a V8 code cache (src/cli/launch.ts). Modules
// the CLI imports lazily stay lazy: esbuild runs their top level on first use.
//
// ssh2 is bundled too (its JS is compiled on every start otherwise); its
// native crypto addon is still loaded from node_modules. testcontainers
// stays external: 3 MB that only `build` and `testbed` load.
import { build } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKey, upToDate, writeStamp } from './build-stamp.mjs';
import { nativeAddons } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const outfile = join(outdir, 'kolla-run.cjs');

const stampPath = join(outdir, '.stamp.json');
const key = await buildKey(await readFile(fileURLToPath(import.meta.url)));
if (!(await upToDate(stampPath, key))) await bundle();

async function bundle() {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'dist', 'src', 'cli', 'entry.js')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    charset: 'ascii',
    external: ['cpu-features', 'testcontainers'],
    // import() becomes require(): a script started from a V8 code cache loses its dynamic-import
    // callback (src/cli/launch.ts), and testcontainers, the one external imported lazily, is CommonJS.
    supported: { 'dynamic-import': false },
    plugins: [nativeAddons],
    // The sources are ES modules: their import.meta.url becomes the bundle's own URL.
    define: { 'import.meta.url': 'kollaRunBundleUrl' },
    banner: { js: "const kollaRunBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
    write: false,
    metafile: true,
    absWorkingDir: root,
  });
  // The launcher reads the bundle as latin1, ten times faster than UTF-8. esbuild escapes every
  // non-ASCII character in code; only comments can still hold one, so escaping them changes nothing.
  for (const file of result.outputFiles) {
    const text = file.path === outfile ? file.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : file.text;
    // A bundle that has not changed keeps its file, and with it the V8 code caches made from it
    // (src/cli/launch.ts keys them by the bundle's size, mtime and inode).
    if ((await readFile(file.path, 'utf8').catch(() => undefined)) === text) continue;
    // Each file appears whole under its name: a kolla-run started during a build (another
    // terminal, a test) runs the previous bundle or this one, never a missing or half-written one.
    const partial = `${file.path}.${process.pid}.tmp`;
    await writeFile(partial, text);
    await rename(partial, file.path);
  }
  await writeStamp(stampPath, key, result.metafile, root);
}
