// Bundles each unit test file (dist/tests/unit/**/*.test.js) with what it imports, our code and
// its packages, into dist/unit-bundle/, the chunks they share split out. node --test starts one
// process per file, and loading a file's few hundred ES modules one by one cost more CPU than
// most tests themselves (about 12 of the suite's 61 CPU seconds on 2 cores): the bundled suite
// runs the same compiled code, as the CLI runs bundled (bundle.mjs). A single test file can
// still be run from dist/tests/unit/, with readable stack traces.
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeAddons, ownImportMetaUrl } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'unit-bundle');

const entries = (await readdir(join(dist, 'tests', 'unit'), { recursive: true }))
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => join(dist, 'tests', 'unit', file));

// A test file removed since the last build must not run from an old bundle.
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  outbase: dist,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['cpu-features', 'testcontainers'],
  plugins: [nativeAddons, ownImportMetaUrl],
  // The packages bundled are CommonJS: in an ES module they need require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as kollaRunCreateRequire } from 'node:module';",
      "import { fileURLToPath as kollaRunFileURLToPath } from 'node:url';",
      "import { dirname as kollaRunDirname } from 'node:path';",
      'const require = kollaRunCreateRequire(import.meta.url);',
      'const __filename = kollaRunFileURLToPath(import.meta.url);',
      'const __dirname = kollaRunDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
