/**
 * git over the local connection, with this machine's git and repositories
 * made in a temp folder (no network): clone, update, versions, check
 * mode, local changes, remote URL; the commands recorded, to assert the
 * flags the module gives git. The proof against ansible-playbook is the
 * differential test's git cases and tests/integration/modules/git.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { quote } from '../../../src/connection/command.js';
import { runModule } from '../../../src/executor/module-runner.js';
import { gitModule, gitParams } from '../../../src/modules/git.js';
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

test('HEAD follows the branch checked out (not the remote HEAD), a detached checkout the remote HEAD; a branch only here cannot be resolved', async () => {
  const repo = h.path('br-src');
  await h.sh(`git init -q -b main ${repo}`);
  await commit(repo, 'm1');
  await h.sh(`git -C ${repo} checkout -q -b dev`);
  const dev1 = await commit(repo, 'd1');
  await h.sh(`git -C ${repo} branch z/refs/heads/dev main && git -C ${repo} checkout -q main`);
  const main2 = await commit(repo, 'm2');
  const dest = h.path('br');
  const planned = await git({ repo, dest, version: 'dev' }, { check: true });
  assert.deepEqual([planned.status, planned.result.after], ['changed', dev1], 'the branch dev, not a ref that only ends like it');
  const onDev = await git({ repo, dest, version: 'dev' });
  assert.deepEqual([onDev.status, onDev.result.after], ['changed', dev1], 'the branch dev, not a ref that only ends like it');
  const head = await git({ repo, dest });
  assert.deepEqual([head.status, head.result.after], ['ok', dev1], JSON.stringify(head.result));
  await h.sh(`git -C ${repo} checkout -q dev`);
  const dev2 = await commit(repo, 'd2');
  await h.sh(`git -C ${repo} checkout -q main`);
  const moved = await git({ repo, dest });
  assert.deepEqual([moved.status, moved.result.before, moved.result.after], ['changed', dev1, dev2]);
  assert.equal((await h.sh(`git -C ${dest} rev-parse HEAD`)).trim(), dev2);
  await git({ repo, dest, version: dev1 });
  const detached = await git({ repo, dest });
  assert.deepEqual([detached.status, detached.result.before, detached.result.after], ['changed', dev1, main2]);
  assert.equal((await h.sh(`git -C ${dest} rev-parse HEAD`)).trim(), main2);
  await h.sh(`git -C ${dest} checkout -q -b only-here`);
  const unknown = await git({ repo, dest });
  assert.deepEqual([unknown.status, unknown.result.changed, unknown.result.msg, unknown.result.rc], ['failed', false, 'Could not determine remote revision for HEAD', 0]);
  const fixed = await git({ repo, dest, update: false });
  assert.deepEqual([fixed.status, fixed.result.before, fixed.result.after], ['ok', main2, main2], 'update=no leaves it');
});

test('clone flags as the module gives them: depth only for HEAD, a branch or a tag (0 is none), single_branch, another remote name, bare, refspec', async () => {
  const repo = h.path('br-src');
  const url = `file://${repo}`;
  const cloneOf = (r: { commands: string[] }) => r.commands.find((c) => c.startsWith('git clone')) ?? '';
  const run = async (name: string, args: Record<string, unknown>) => {
    const dest = h.path('flags', name);
    const r = await git({ repo, dest, ...args });
    assert.equal(r.status, 'changed', `${name}: ${JSON.stringify(r.result)}`);
    return { r, dest, clone: cloneOf(r) };
  };
  const head = await run('head', { depth: 1 });
  assert.equal(head.clone, `git clone --origin origin --depth 1 ${url} ${head.dest}`);
  assert.ok(!head.r.commands.some((c) => c.startsWith('git fetch') || c.startsWith('git submodule')), head.r.commands.join('\n'));
  const older = (await h.sh(`git -C ${repo} rev-parse main~1`)).trim();
  const sha = await run('sha', { depth: 1, version: older.slice(0, 12) });
  assert.equal(sha.clone, `git clone --origin origin ${url} ${sha.dest}`);
  assert.equal((await run('zero', { depth: 0 })).clone, `git clone --origin origin ${url} ${h.path('flags', 'zero')}`);
  const single = await run('single', { single_branch: true });
  assert.equal(single.clone, `git clone --origin origin --single-branch ${url} ${single.dest}`);
  const singleDev = await run('single-dev', { single_branch: true, version: 'dev' });
  assert.equal(singleDev.clone, `git clone --origin origin --single-branch --branch dev ${url} ${singleDev.dest}`);
  const deepDev = await run('deep-dev', { single_branch: true, version: 'dev', depth: 2 });
  assert.equal(deepDev.clone, `git clone --origin origin --depth 2 --branch dev --single-branch ${url} ${deepDev.dest}`);
  const upstream = await run('upstream', { remote: 'upstream' });
  assert.equal(upstream.clone, `git clone --origin upstream ${url} ${upstream.dest}`);
  assert.ok(!upstream.r.commands.some((c) => c.startsWith('git remote')), upstream.r.commands.join('\n'));
  const bare = await run('bare', { bare: true });
  assert.equal(bare.clone, `git clone --bare ${url} ${bare.dest}`);
  assert.ok(!bare.r.commands.some((c) => c.startsWith('git remote')), bare.r.commands.join('\n'));
  const bareUp = await run('bare-up', { bare: true, remote: 'upstream' });
  assert.ok(bareUp.r.commands.includes(`git remote add upstream ${url}`), bareUp.r.commands.join('\n'));
  const spec = await run('spec', { refspec: 'refs/heads/dev:refs/remotes/origin/dev', depth: 1 });
  assert.ok(spec.r.commands.includes('git fetch --depth 1 origin refs/heads/dev:refs/remotes/origin/dev'), spec.r.commands.join('\n'));
});

test('submodules are updated when .gitmodules is there (not with recursive=no or bare), with --force when forced', async () => {
  const repo = h.path('sub-src');
  await h.sh(`git init -q -b main ${repo} && touch ${repo}/.gitmodules && git -C ${repo} add .gitmodules && ${GIT} -C ${repo} commit -q -m mods`);
  const update = 'git submodule update --init --recursive';
  const cloned = await git({ repo, dest: h.path('sub', 'a') });
  assert.ok(cloned.commands.includes(update), cloned.commands.join('\n'));
  const forced = await git({ repo, dest: h.path('sub', 'b'), force: true });
  assert.ok(forced.commands.includes(`${update} --force`), forced.commands.join('\n'));
  for (const args of [{ recursive: false }, { bare: true }]) {
    const r = await git({ repo, dest: h.path('sub', JSON.stringify(args).replace(/\W/g, '')), ...args });
    assert.equal(r.status, 'changed');
    assert.ok(!r.commands.some((c) => c.includes('submodule')), r.commands.join('\n'));
  }
  const plain = await git({ repo: src, dest: h.path('sub', 'none') });
  assert.ok(!plain.commands.some((c) => c.includes('submodule')), plain.commands.join('\n'));
});

test('an annotated tag is its commit before the clone too; --diff of a clone; clone=no has none; a failure is no change', async () => {
  const checked = await git({ repo: src, dest: h.path('ann'), version: 'v1a' }, { check: true });
  assert.deepEqual([checked.status, checked.result.after], ['changed', first]);
  const cloned = await git({ repo: src, dest: h.path('ann') }, { diff: true });
  assert.match(JSON.stringify(cloned.diff), new RegExp(cloned.result.after as string));
  const noClone = await git({ repo: src, dest: h.path('ann-none'), clone: false }, { diff: true });
  assert.equal(noClone.diff, undefined);
  const missing = await git({ repo: h.path('no-such-repo'), dest: h.path('d2') });
  assert.deepEqual([missing.status, missing.result.changed], ['failed', false]);
});

test('argument checks: an empty repo, no dest, a negative depth, unsupported options, both host key options; none runs git', async () => {
  for (const [args, message] of [
    [{ repo: '', dest: h.path('x') }, /repo/],
    [{ repo: src }, /the destination directory must be specified unless clone=no/],
    [{ repo: src, dest: h.path('x'), gpg_whitelist: ['ABC'] }, /not supported by kolla-run: archive/],
    [{ repo: src, dest: h.path('x'), archive: h.path('x.tar') }, /not supported by kolla-run: archive/],
    [{ repo: src, dest: h.path('x'), accept_hostkey: true, accept_newhostkey: true }, /mutually exclusive: accept_hostkey\|accept_newhostkey/],
  ] as const) {
    const r = await git(args);
    assert.equal(r.status, 'failed', JSON.stringify(args));
    assert.match(String(r.result.msg), message);
    assert.deepEqual(r.commands, [], JSON.stringify(args));
  }
});

test("ssh_opts alone, with a host key option appended unless one is there, or nothing: GIT_SSH_COMMAND as the module builds it; dest under ~", async () => {
  const sshOf = async (args: Record<string, unknown>) => {
    const r = await git({ repo: src, dest: h.path('ssh'), ...args }, { check: true });
    return r.runs.find((run) => run.text.includes(' ls-remote '))?.env?.GIT_SSH_COMMAND;
  };
  assert.equal(await sshOf({}), undefined);
  assert.equal(await sshOf({ ssh_opts: '-o Foo=bar' }), 'ssh -o Foo=bar');
  assert.equal(await sshOf({ key_file: '/k/id' }), 'ssh -i /k/id -o IdentitiesOnly=yes');
  assert.equal(await sshOf({ ssh_opts: '-o Foo=bar', accept_newhostkey: true }), 'ssh -o Foo=bar -o StrictHostKeyChecking=accept-new');
  assert.equal(await sshOf({ ssh_opts: '-o StrictHostKeyChecking=accept-new', accept_hostkey: true }), 'ssh -o StrictHostKeyChecking=accept-new');
  assert.equal(await sshOf({ ssh_opts: '-o StrictHostKeyChecking=no', accept_newhostkey: true }), 'ssh -o StrictHostKeyChecking=no');
  const home = process.env.HOME;
  process.env.HOME = h.path('home');
  try {
    const r = await git({ repo: src, dest: '~/co' });
    assert.equal(r.status, 'changed', JSON.stringify(r.result));
    assert.equal((await h.sh(`git -C ${h.path('home', 'co')} rev-parse HEAD`)).trim(), r.result.after);
  } finally {
    process.env.HOME = home;
  }
});

test('a remote that moves back between query and apply: HEAD unchanged after the run is no change (Ansible: before != after or local_mods or remote_url_changed)', async () => {
  const remote = h.path('moves-back');
  await h.sh(`git clone -q '${src}' '${remote}'`);
  const dest = h.path('moves-back-dest');
  const p = gitParams.parse({ repo: remote, dest });
  assert.equal((await git({ repo: remote, dest })).status, 'changed');
  const start = (await h.sh(`git -C '${remote}' rev-parse HEAD`)).trim();
  await commit(remote, 'ahead');
  const q = await gitModule.query(p, h.ctx);
  assert.equal(q.changed, true);
  assert.ok(q.plan !== undefined);
  // The new commit is taken back before the run: the fetch finds the commit the checkout already has.
  await h.sh(`git -C '${remote}' reset -q --hard '${start}'`);
  const r = await gitModule.apply(p, q.plan, h.ctx);
  assert.deepEqual([r.changed, r.before, r.after], [false, start, start]);
});

test('key_file is one quoted word of GIT_SSH_COMMAND (git hands it to a shell): a $(...) in its name never runs', async () => {
  // Port 1 refuses at once: git runs GIT_SSH_COMMAND through sh, then fails to clone.
  const ran = h.path('ran');
  for (const key of [`${h.root}/k$(touch ${ran})`, h.path('a b', "q'uote$x")]) {
    const r = await git({ repo: 'ssh://git@127.0.0.1:1/x.git', dest: h.path('viassh'), key_file: key });
    assert.equal(r.status, 'failed', JSON.stringify(r.result));
    assert.equal(existsSync(ran), false, 'the $(...) in key_file ran');
    const env = r.runs.find((run) => run.env?.GIT_SSH_COMMAND !== undefined)?.env?.GIT_SSH_COMMAND;
    assert.equal(env, `ssh -i ${quote(key)} -o IdentitiesOnly=yes`);
  }
});

test('a repo, remote or refspec starting with "-" is refused: git would read it as an option (--upload-pack=CMD runs CMD in a shell)', async () => {
  const ran = h.path('ran');
  const payload = `--upload-pack=touch ${ran};`;
  const dest = h.path('opts');
  const cloned = await git({ repo: src, dest });
  assert.equal(cloned.status, 'changed', JSON.stringify(cloned.result));
  for (const args of [{ repo: payload, dest: h.path('opts2') }, { repo: src, dest, remote: payload }, { repo: src, dest, refspec: payload }]) {
    for (const check of [true, false]) {
      const r = await git(args, { check });
      assert.equal(r.status, 'failed', JSON.stringify(r.result));
      assert.match(String(r.result.msg), /starts with "-": git would read it as an option/);
      assert.equal(existsSync(ran), false, `${JSON.stringify(args)}: the --upload-pack command ran`);
    }
  }
});
