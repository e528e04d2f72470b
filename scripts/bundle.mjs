// Bundles the compiled CLI (dist/src) into dist/bundle: Node 20 spends
// about a millisecond per ES module it loads, and the CLI would otherwise
// load ~300 of them on every start. ssh2 stays external (native addons).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'kolla-run': join(root, 'dist', 'src', 'cli', 'entry.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['ssh2', 'cpu-features'],
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as kollaRunRequire } from 'node:module'; const require = kollaRunRequire(import.meta.url);" },
  logLevel: 'warning',
});
