/**
 * git over the local connection, with this machine's git and repositories
 * made in a temp folder (no network): clone, update, versions, check
 * mode, local changes, remote URL; the commands recorded, to assert the
 * flags the module gives git. The proof against ansible-playbook is the
 * differential test's git cases and tests/integration/modules/git.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { gitModule } from '../../../src/modules/git.js';
import { localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

let h: LocalModuleHost;
let src = '';
let first = '';
const GIT = 'git -c user.email=t@example.org -c user.name=t';
const commit = async (repo: string, msg: string): Promise<string> => (await h.sh(`${GIT} -C '${repo}' commit -q --allow-empty -m ${msg} && git -C '${repo}' rev-parse HEAD`)).trim();

before(async () => {
  h = await localModuleHost();
  src = h.path('src');
  await h.sh(`git init -q -b main '${src}'`);
  first = await commit(src, 'one');
  await h.sh(`git -C '${src}' tag v1 && ${GIT} -C '${src}' tag -a v1a -m annotated`);
});
after(() => h.close());

/** Runs git with the commands recorded. */
async function git(args: Record<string, unknown>, flags: { check?: boolean; diff?: boolean } = {}) {
  const rec = recordRuns(h.ctx);
  const out = await runModule(gitModule, args, rec.ctx, { check: flags.check ?? false, diff: flags.diff ?? false });
  return { ...out, commands: rec.runs.map((r) => r.text), runs: rec.runs };
}

test('a clone into a folder with a space: check mode names the commit and writes nothing; the clone runs once; then ok', async () => {
  const dest = h.path('co dir', 'a');
  const args = { repo: src, dest, version: 'main' };
  const snapshot = await localSnapshot(h.root);
  const checked = await git(args, { check: true });
  assert.deepEqual([checked.status, checked.result.before, checked.result.after], ['changed', null, first]);
  assert.equal(await localSnapshot(h.root), snapshot, 'check mode changes nothing');
  assert.ok(checked.commands.every((c) => !/ clone | fetch |mkdir/.test(c)), checked.commands.join('\n'));
  const cloned = await git(args);
  assert.deepEqual([cloned.status, cloned.result.before, cloned.result.after], ['changed', null, first]);
  // A plain path gets file:// (as the module does), dest is one quoted word.
  assert.ok(cloned.commands.includes(`git clone --origin origin file://${src} '${dest}'`), cloned.commands.join('\n'));
  assert.ok(cloned.runs.every((r) => r.env?.LC_ALL === 'C' || !r.text.startsWith('git ')), 'git runs in the C locale');
  const again = await git(args);
  assert.deepEqual([again.status, again.result.before, again.result.after, again.result.remote_url_changed], ['ok', first, first, false]);
});

test('a tag with depth: clone --depth 1 --branch TAG; an annotated tag names the same commit (its peeled line)', async () => {
  const dest = h.path('tag');
  const cloned = await git({ repo: `file://${src}`, dest, version: 'v1', depth: 1 });
  assert.deepEqual([cloned.status, cloned.result.after], ['changed', first]);
  assert.ok(cloned.commands.includes(`git clone --origin origin --depth 1 --branch v1 file://${src} ${dest}`), cloned.commands.join('\n'));
  const annotated = await git({ repo: `file://${src}`, dest, version: 'v1a' });
  assert.equal(annotated.status, 'ok', JSON.stringify(annotated.result));
});

test('a branch follows new commits: check mode tells the new commit and fetches nothing; the run moves; a short sha is checked out', async () => {
  const dest = h.path('follow');
  const args = { repo: src, dest };
  assert.equal((await git(args)).status, 'changed');
  const second = await commit(src, 'two');
  const checked = await git(args, { check: true });
  assert.deepEqual([checked.status, checked.result.before, checked.result.after], ['changed', first, second]);
  assert.equal((await h.sh(`git -C ${dest} rev-parse HEAD`)).trim(), first, 'check mode fetched nothing into the checkout');
  const moved = await git(args, { diff: true });
  assert.deepEqual([moved.status, moved.result.before, moved.result.after, moved.result.remote_url_changed], ['changed', first, second, false]);
  assert.ok(moved.commands.includes('git fetch --tags origin'), moved.commands.join('\n'));
  assert.equal((await git(args)).status, 'ok');
  const pinned = await git({ ...args, version: first.slice(0, 10) });
  assert.deepEqual([pinned.status, pinned.result.after], ['changed', first]);
  assert.equal((await git({ ...args, version: first.slice(0, 10) })).status, 'ok');
});

test('local modifications fail without force and are reset with it; a new remote URL is set and reported', async () => {
  const repo = h.path('mods-src');
  await h.sh(`git init -q -b main ${repo} && echo x > ${repo}/f && git -C ${repo} add f && ${GIT} -C ${repo} commit -q -m one`);
  const dest = h.path('mods');
  const args = { repo, dest };
  await git(args);
  await h.write('mods/f', 'changed\n');
  const refused = await git(args);
  assert.deepEqual([refused.status, refused.result.msg], ['failed', `Local modifications exist in the destination: ${dest} (force=no).`]);
  const forced = await git({ ...args, force: true });
  assert.equal(forced.status, 'changed');
  assert.ok(forced.commands.includes('git reset --hard HEAD'));
  assert.ok(forced.commands.includes('git fetch --tags --force origin'));
  assert.equal(await h.read('mods/f'), 'x\n');
  await h.sh(`git clone -q --mirror ${repo} ${h.path('mirror.git')}`);
  const moved = await git({ ...args, repo: h.path('mirror.git') });
  assert.deepEqual([moved.status, moved.result.remote_url_changed], ['changed', true]);
  assert.ok(moved.commands.includes(`git remote set-url origin file://${h.path('mirror.git')}`));
  // The same URL spelled with a trailing slash or .git is no change.
  assert.equal((await git({ ...args, repo: `file://${h.path('mirror.git')}/` })).status, 'ok');
});

test('clone=no reads the remote and clones nothing; a repository git cannot read fails with its message', async () => {
  const r = await git({ repo: src, dest: h.path('none'), clone: false, version: 'v1' });
  assert.deepEqual([r.status, r.result.before, r.result.after], ['changed', null, first]);
  assert.equal(await h.sh(`test -e ${h.path('none')} && echo yes || echo no`), 'no\n');
  const missing = await git({ repo: h.path('no-such-repo'), dest: h.path('d') });
  assert.equal(missing.status, 'failed');
  assert.match(String(missing.result.msg), /does not appear to be a git repository/);
  assert.equal(missing.result.rc, 128);
});

test("ssh options reach git's environment (key_file, accept_hostkey), umask prefixes the command", async () => {
  const r = await git({ repo: src, dest: h.path('env'), key_file: '/k/id_ed', accept_hostkey: true, umask: '027' }, { check: true });
  const lsRemote = r.runs.find((run) => run.text.includes(' ls-remote '));
  assert.equal(lsRemote?.env?.GIT_SSH_COMMAND, 'ssh -i /k/id_ed -o IdentitiesOnly=yes -o StrictHostKeyChecking=no');
  assert.match(lsRemote?.text ?? '', /^umask 027; git ls-remote /);
});
