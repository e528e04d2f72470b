/**
 * Starts the bundled CLI (dist/bundle/kolla-run.cjs, see scripts/bundle.mjs)
 * from a V8 code cache. Compiling the 2 MB bundle is about a third of the
 * CPU of a short run such as an ad-hoc command (bench/README.md); with the
 * cache V8 deserialises the functions the sub-command used last time instead.
 *
 * Each sub-command gets its own cache, written once, after its first run on
 * this bundle and this Node, under $XDG_CACHE_HOME/kolla-run or
 * ~/.cache/kolla-run; KOLLA_RUN_CODE_CACHE=off runs without one. A cache
 * that cannot be read or written only costs the compile time, never the run.
 *
 * Only node: built-ins here: this file is loaded before the bundle, outside it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The code cache's folder, or undefined when it is turned off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KOLLA_RUN_CODE_CACHE === 'off' || env.KOLLA_RUN_CODE_CACHE === '0') return undefined;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : join(homedir(), '.cache'));
  return join(base, 'kolla-run');
}

/** Which cache a run uses: its sub-command's (a playbook path and options share one). */
export function cacheKind(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  return /^[a-z][a-z-]{0,30}$/.test(first) ? first : 'default';
}

/**
 * The cache file of one kind for one build of the bundle on one Node. V8 itself only checks the
 * source's length, so the bundle's size, mtime and inode stand for its content.
 */
export function cacheFileName(kind: string, bundle: { size: number; mtimeMs: number; ino: number }): string {
  const build = `${bundle.size.toString(36)}-${Math.trunc(bundle.mtimeMs).toString(36)}-${bundle.ino.toString(36)}`;
  return `${kind}.${build}.${process.version}-${process.arch}.v8cache`;
}

function readCache(file: string | undefined): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically and removes this kind's caches of older builds. */
function writeCache(dir: string, file: string, data: Buffer, kind: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`${kind}.`) && name.endsWith('.v8cache') && name !== basename(file)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // A read-only or full disk: the next run compiles again.
  }
}

/** Runs the CommonJS bundle at `bundlePath` as the main program, with the code cache of `argv`'s sub-command. */
export function launch(bundlePath: string, argv: readonly string[] = process.argv.slice(2)): void {
  // scripts/bundle.mjs makes the bundle ASCII: latin1 reads it without UTF-8 decoding.
  const source = readFileSync(bundlePath, 'latin1');
  const dir = codeCacheDir();
  const kind = cacheKind(argv);
  const file = dir === undefined ? undefined : join(dir, cacheFileName(kind, statSync(bundlePath)));
  const cachedData = readCache(file);
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, {
    filename: bundlePath,
    ...(cachedData ? { cachedData } : {}),
    // No importModuleDynamically: V8 drops it from a script deserialised from a cache, so the
    // bundle has no import() (scripts/bundle.mjs turns each into require()).
  });
  if (dir !== undefined && file !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => writeCache(dir, file, script.createCachedData(), kind));
  }
  const start: unknown = script.runInThisContext();
  const module = { exports: {} };
  if (typeof start !== 'function') throw new Error(`${bundlePath} is not a CommonJS bundle`);
  start.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
}
