/** git on a real host, from a repository made on it (file:// and plain paths, no network): clone, update, check mode, local changes, remote URL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitModule } from '../../../src/modules/git.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('git');
const commit = (repo: string, msg: string) => `git -C ${repo} -c user.email=t@example.org -c user.name=t commit -q --allow-empty -m ${msg} && git -C ${repo} rev-parse HEAD`;
let first = '';

/** The source repository on the host: one commit, a tag and an annotated tag on it (made once, by the first test). */
async function source(): Promise<void> {
  if (first !== '') return;
  await b.host.sh(`git init -q -b main ${b.dir}/src`);
  first = (await b.host.sh(commit(`${b.dir}/src`, 'one'))).trim();
  await b.host.sh(`git -C ${b.dir}/src tag v1 && git -C ${b.dir}/src -c user.email=t@example.org -c user.name=t tag -a v1a -m annotated`);
}

test('a clone: check mode names the commit and clones nothing, then cloned once, then unchanged', async () => {
  await source();
  const args = { repo: `${b.dir}/src`, dest: `${b.dir}/a`, version: 'v1' };
  const check = await b.host.run(gitModule, args, { check: true });
  assert.equal(check.status, 'changed');
  assert.deepEqual([check.result.before, check.result.after], [null, first]);
  assert.equal((await b.host.sh(`test -e ${b.dir}/a && echo yes || echo no`)).trim(), 'no');
  const cloned = await b.host.run(gitModule, args);
  assert.equal(cloned.status, 'changed');
  assert.deepEqual([cloned.result.before, cloned.result.after], [null, first]);
  assert.equal((await b.host.sh(`git -C ${b.dir}/a rev-parse HEAD`)).trim(), first);
  const again = await b.host.run(gitModule, args);
  assert.equal(again.status, 'ok');
  assert.deepEqual([again.result.before, again.result.after, again.result.remote_url_changed], [first, first, false]);
  const annotated = await b.host.run(gitModule, { ...args, version: 'v1a' });
  assert.equal(annotated.status, 'ok', 'an annotated tag names the same commit');
});

test('a branch follows new commits: check mode tells the new commit, the run moves to it, a second run does not', async () => {
  const args = { repo: `file://${b.dir}/src`, dest: `${b.dir}/b`, version: 'main' };
  assert.equal((await b.host.run(gitModule, args)).status, 'changed');
  const second = (await b.host.sh(commit(`${b.dir}/src`, 'two'))).trim();
  const check = await b.host.run(gitModule, args, { check: true, diff: true });
  assert.equal(check.status, 'changed');
  assert.deepEqual([check.result.before, check.result.after], [first, second]);
  assert.equal((await b.host.sh(`git -C ${b.dir}/b rev-parse HEAD`)).trim(), first, 'check mode fetched nothing into the checkout');
  const moved = await b.host.run(gitModule, args);
  assert.deepEqual([moved.status, moved.result.before, moved.result.after, moved.result.remote_url_changed], ['changed', first, second, false]);
  assert.equal((await b.host.run(gitModule, args)).status, 'ok');
  const pinned = await b.host.run(gitModule, { ...args, version: first.slice(0, 10) });
  assert.deepEqual([pinned.status, pinned.result.after], ['changed', first], 'a commit given short is checked out');
  assert.equal((await b.host.run(gitModule, { ...args, version: first.slice(0, 10) })).status, 'ok');
});

test('local modifications fail without force and are reset with it; a new remote URL is set and reported', async () => {
  const args = { repo: `${b.dir}/src`, dest: `${b.dir}/c` };
  await b.host.run(gitModule, args);
  await b.host.sh(`git -C ${b.dir}/src -c user.email=t@example.org -c user.name=t commit -q --allow-empty -m three; echo x > ${b.dir}/src/f && git -C ${b.dir}/src add f && git -C ${b.dir}/src -c user.email=t@example.org -c user.name=t commit -q -m four`);
  await b.host.run(gitModule, args);
  await b.host.sh(`echo changed >> ${b.dir}/c/f`);
  const refused = await b.host.run(gitModule, args);
  assert.equal(refused.status, 'failed');
  assert.equal(refused.result.msg, `Local modifications exist in the destination: ${b.dir}/c (force=no).`);
  const forced = await b.host.run(gitModule, { ...args, force: true });
  assert.equal(forced.status, 'changed');
  assert.equal(await b.host.sh(`cat ${b.dir}/c/f`), 'x\n');
  await b.host.sh(`git clone -q --mirror ${b.dir}/src ${b.dir}/mirror.git`);
  const moved = await b.host.run(gitModule, { ...args, repo: `${b.dir}/mirror.git` });
  assert.deepEqual([moved.status, moved.result.remote_url_changed], ['changed', true]);
  assert.equal((await b.host.sh(`git -C ${b.dir}/c remote get-url origin`)).trim(), `file://${b.dir}/mirror.git`);
  assert.equal((await b.host.run(gitModule, { ...args, repo: `${b.dir}/mirror.git` })).status, 'ok');
});

test('clone=no reads the remote and clones nothing', async () => {
  await source();
  const r = await b.host.run(gitModule, { repo: `${b.dir}/src`, dest: `${b.dir}/none`, clone: false, version: 'v1' });
  assert.deepEqual([r.status, r.result.before, r.result.after], ['changed', null, first]);
  assert.equal((await b.host.sh(`test -e ${b.dir}/none && echo yes || echo no`)).trim(), 'no');
});

test('a repository the host cannot reach fails with git\'s message; bad parameters are refused', async () => {
  const r = await b.host.run(gitModule, { repo: `${b.dir}/no-such-repo`, dest: `${b.dir}/d` });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /does not appear to be a git repository|not found/);
  await assertRejected(b.host, gitModule, { dest: `${b.dir}/d` }, 'repo');
  await assertRejected(b.host, gitModule, { repo: 'x', dest: `${b.dir}/d`, archive: '/tmp/x.zip' }, 'archive');
});
