/**
 * The launcher's code cache: which file a run uses, and, through the real
 * bin/kolla-run, that a cache is written once, reused, replaced when V8
 * rejects it, and never needed for a run to succeed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cacheFileName, cacheKind, codeCacheDir } from '../../../src/cli/launch.js';
import { tempDirSync } from '../../support/temp-dir.js';

const launcher = fileURLToPath(new URL('../../../../bin/kolla-run', import.meta.url));
const ARGS = ['inventory', '-i', 'alpha,beta,', '--list'];

function run(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [launcher, ...ARGS], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let uncachedRun: ReturnType<typeof run> | undefined;
/** The run without a code cache, made once: what every cached run must print. */
function uncached(): ReturnType<typeof run> {
  uncachedRun ??= run({ KOLLA_RUN_CODE_CACHE: 'off', XDG_CACHE_HOME: tempDirSync('kr-code-cache-') });
  assert.equal(uncachedRun.status, 0, uncachedRun.stderr);
  assert.match(uncachedRun.stdout, /alpha[\s\S]*beta/, 'the inventory listed');
  return uncachedRun;
}

function cacheFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'kolla-run')).sort();
  } catch {
    return [];
  }
}

test('each sub-command has its own cache; playbook paths and options share one', () => {
  assert.equal(cacheKind(['adhoc', 'all', '-m', 'ping']), 'adhoc');
  assert.equal(cacheKind(['testbed', 'up']), 'testbed');
  assert.equal(cacheKind(['site.yml', '-i', 'inv']), 'default');
  assert.equal(cacheKind(['--version']), 'default');
  assert.equal(cacheKind([]), 'default');
});

test("a cache file names the bundle's build and the Node that compiled it", () => {
  const bundle = { size: 2_000_000, mtimeMs: 1_700_000_000_123.4, ino: 42 };
  const name = cacheFileName('adhoc', bundle);
  assert.match(name, new RegExp(`^adhoc\\..*\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
  assert.notEqual(cacheFileName('adhoc', { ...bundle, size: bundle.size + 1 }), name);
  assert.notEqual(cacheFileName('adhoc', { ...bundle, mtimeMs: bundle.mtimeMs + 1000 }), name);
  assert.notEqual(cacheFileName('adhoc', { ...bundle, ino: 43 }), name);
  assert.notEqual(cacheFileName('playbook', bundle), name);
});

test('the cache lives under XDG_CACHE_HOME, else ~/.cache; KOLLA_RUN_CODE_CACHE=off turns it off', () => {
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/kolla-run');
  assert.equal(codeCacheDir({ HOME: '/home/u' }), '/home/u/.cache/kolla-run');
  assert.equal(codeCacheDir({ HOME: '/home/u', KOLLA_RUN_CODE_CACHE: 'off' }), undefined);
  assert.equal(codeCacheDir({ HOME: '/home/u', KOLLA_RUN_CODE_CACHE: '0' }), undefined);
});

test('the first run writes its cache (mode 0600), later runs reuse it unchanged, with the same output', () => {
  const home = tempDirSync('kr-code-cache-');
  const off = run({ KOLLA_RUN_CODE_CACHE: 'off', XDG_CACHE_HOME: home });
  assert.equal(off.status, 0, off.stderr);
  assert.equal(off.stderr, '', 'no Node warning without a cache either');
  assert.deepEqual(cacheFiles(home), [], 'off writes nothing');
  uncachedRun ??= off;

  const first = run({ XDG_CACHE_HOME: home });
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, uncached().stdout);
  const [file, ...others] = cacheFiles(home);
  assert.ok(file !== undefined && file.startsWith('inventory.') && others.length === 0, `one inventory cache, got ${cacheFiles(home).join(', ')}`);
  const path = join(home, 'kolla-run', file);
  const written = statSync(path);
  assert.equal(written.mode & 0o777, 0o600);
  assert.ok(written.size > 10_000, `a cache of compiled code, got ${written.size} bytes`);

  const second = run({ XDG_CACHE_HOME: home });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stderr, '');
  assert.equal(second.stdout, uncached().stdout);
  const reused = statSync(path);
  assert.equal(reused.ino, written.ino, 'not rewritten');
  assert.equal(reused.mtimeMs, written.mtimeMs, 'not rewritten');
});

test('a cache V8 rejects (corrupt, or of another build) is replaced, and the run is unaffected', () => {
  const home = tempDirSync('kr-code-cache-');
  assert.equal(run({ XDG_CACHE_HOME: home }).status, 0);
  const [file] = cacheFiles(home);
  assert.ok(file);
  const path = join(home, 'kolla-run', file);
  const garbage = Buffer.alloc(50_000, 0x5a);
  writeFileSync(path, garbage);
  // A leftover of an older build of the same command, and another command's cache.
  writeFileSync(join(home, 'kolla-run', 'inventory.old-build.v8cache'), 'stale');
  writeFileSync(join(home, 'kolla-run', 'adhoc.some-build.v8cache'), 'other');

  const after = run({ XDG_CACHE_HOME: home });
  assert.equal(after.status, 0, after.stderr);
  assert.equal(after.stdout, uncached().stdout);
  assert.notDeepEqual(readFileSync(path), garbage, 'the rejected cache was replaced');
  assert.deepEqual(cacheFiles(home), ['adhoc.some-build.v8cache', file].sort(), "the old build's cache is gone, other commands' stay");
});

test('a cache that cannot be written costs nothing but time', () => {
  const home = tempDirSync('kr-code-cache-');
  writeFileSync(join(home, 'kolla-run'), 'a file where the cache folder should be');
  const blocked = run({ XDG_CACHE_HOME: home });
  assert.equal(blocked.status, 0, blocked.stderr);
  assert.equal(blocked.stderr, '');
  assert.equal(blocked.stdout, uncached().stdout);
});

test('the bundle makes no import(): a script started from a code cache has no dynamic-import callback', () => {
  const bundle = readFileSync(fileURLToPath(new URL('../../../../dist/bundle/kolla-run.cjs', import.meta.url)), 'latin1');
  // A dynamic import of a module names it; the one comment that mentions import() does not.
  const calls = bundle.match(/\bimport\(\s*[^)\s]/g) ?? [];
  assert.deepEqual(calls, [], 'scripts/bundle.mjs turns every import() into require()');
});
