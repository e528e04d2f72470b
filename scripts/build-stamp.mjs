// A bundle is made again only when something it was made from has changed, as `tsc -b` does for
// the compiled tree: esbuild's metafile names every file it read, and a stamp beside the bundle
// keeps each one's size and mtime with a key for everything else the bundle depends on (the
// scripts that make it, esbuild's version, the entry files' text). Making both bundles costs
// about 2.5 s of CPU that a test run with nothing changed does not need.
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = fileURLToPath(new URL('.', import.meta.url));

/** A digest of the bundling scripts, esbuild's version and whatever else the caller names. */
export async function buildKey(...parts) {
  const hash = createHash('sha256');
  for (const script of ['build-stamp.mjs', 'esbuild-plugins.mjs']) hash.update(await readFile(join(scripts, script)));
  hash.update(JSON.parse(await readFile(join(scripts, '..', 'node_modules', 'esbuild', 'package.json'), 'utf8')).version);
  for (const part of parts) hash.update('\0').update(part);
  return hash.digest('hex');
}

async function fingerprint(path) {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** True when the stamp was written with this key and no input or output has changed since. */
export async function upToDate(stampPath, key) {
  let stamp;
  try {
    stamp = JSON.parse(await readFile(stampPath, 'utf8'));
  } catch {
    return false;
  }
  if (stamp?.key !== key || typeof stamp.files !== 'object' || stamp.files === null) return false;
  const entries = Object.entries(stamp.files);
  const now = await Promise.all(entries.map(([path]) => fingerprint(path)));
  return entries.every(([, was], i) => was === now[i]);
}

/** Records the key and the fingerprint of every input and output of a build (esbuild's metafile, paths relative to `cwd`). */
export async function writeStamp(stampPath, key, metafile, cwd) {
  const paths = [...Object.keys(metafile.inputs), ...Object.keys(metafile.outputs)].map((p) => join(cwd, p));
  const files = Object.fromEntries(await Promise.all(paths.map(async (path) => [path, await fingerprint(path)])));
  await writeFile(`${stampPath}.tmp`, JSON.stringify({ key, files }));
  await rename(`${stampPath}.tmp`, stampPath);
}
