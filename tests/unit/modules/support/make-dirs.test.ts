/**
 * make-dirs' shell, run by /bin/sh in a temp folder: each missing level made
 * with the mode and owner asked for (a setgid parent's inheritance dropped
 * when the mode lacks it), existing levels left alone, names quoted, and the
 * script stopped at a level it cannot make.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { levelsOf, makeEach, makeLevels } from '../../../../src/modules/support/make-dirs.js';
import { tempDir } from '../../../support/temp-dir.js';

function run(script: string): { rc: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', `set -e; ${script}; echo AFTER`], { encoding: 'utf8' });
  return { rc: r.status, stdout: r.stdout, stderr: r.stderr };
}

const modeOf = async (path: string) => ((await lstat(path)).mode & 0o7777).toString(8);

test('levelsOf lists each folder from the outermost', () => {
  assert.deepEqual(levelsOf('/a/b/c'), ['/a', '/a/b', '/a/b/c']);
  assert.deepEqual(levelsOf('rel/x/'), ['rel', 'rel/x']);
});

test('missing levels get the mode exactly, below a setgid folder too; an existing level keeps its own', async () => {
  const root = await tempDir('kr-mkdirs-');
  await mkdir(join(root, 'p'));
  await chmod(join(root, 'p'), 0o2775);
  const r = run(makeLevels(join(root, 'p', 'a', "it's b"), { mode: 0o750 }));
  assert.equal(r.rc, 0, r.stderr);
  assert.equal(await modeOf(join(root, 'p')), '2775');
  assert.equal(await modeOf(join(root, 'p', 'a')), '750');
  assert.equal(await modeOf(join(root, 'p', 'a', "it's b")), '750');
});

test('without a mode a new level keeps what it inherits; a mode with setgid keeps it', async () => {
  const root = await tempDir('kr-mkdirs-');
  await mkdir(join(root, 'p'));
  await chmod(join(root, 'p'), 0o2775);
  assert.equal(run(makeEach([join(root, 'p', 'plain')])).rc, 0);
  assert.equal(run(makeEach([join(root, 'p', 'sg')], { mode: 0o2750 })).rc, 0);
  assert.equal(await modeOf(join(root, 'p', 'plain')), (0o2777 & ~process.umask()).toString(8));
  assert.equal(await modeOf(join(root, 'p', 'sg')), '2750');
});

test('each new level gets the owner and group', async () => {
  const root = await tempDir('kr-mkdirs-');
  assert.equal(run(makeLevels(join(root, 'x', 'y'), { owner: 'nobody', group: 'nogroup', mode: 'u=rwx,g=,o=' })).rc, 0);
  for (const dir of [join(root, 'x'), join(root, 'x', 'y')]) {
    const st = await lstat(dir);
    assert.equal(st.uid, 65534);
    assert.equal((st.mode & 0o777).toString(8), '700');
  }
});

test('a level that cannot be made stops the script', async () => {
  const root = await tempDir('kr-mkdirs-');
  await writeFile(join(root, 'file'), 'x');
  const r = run(makeLevels(join(root, 'file', 'sub'), { mode: 0o755 }));
  assert.notEqual(r.rc, 0);
  assert.doesNotMatch(r.stdout, /AFTER/);
  assert.match(r.stderr, /mkdir/);
});
