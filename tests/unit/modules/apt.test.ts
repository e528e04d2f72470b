/**
 * apt on a scripted host: the query is one command printing the cache's
 * age and dpkg-query's lines (and apt-cache policy's candidate for
 * `latest`); the table answers with what they print on Debian 12. The
 * proof against a real mirror is tests/integration/modules/apt.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aptModule } from '../../../src/modules/apt.js';
import { scriptedHost, type RecordedRun } from '../../support/scripted-host.js';

const NOW = 1796437533;
const LOCK = '-o DPkg::Lock::Timeout=60';
const KEEP_CONF = '-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';
/** apt-get install's output on this machine (its simulation prints the same head). */
const INSTALL_OUT = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\nThe following NEW packages will be installed:\n  tree\n0 upgraded, 1 newly installed, 0 to remove and 143 not upgraded.\n';

interface Pkg {
  /** dpkg's db:Status-Abbrev: 'ii ' installed, 'rc ' config files left. */
  status: string;
  version: string;
}

/** A host with these packages and apt cache time; apply's apt-get changes them as `after` says. */
function aptHost(pkgs: Record<string, Pkg>, cacheTime: number, candidates: Record<string, string> = {}) {
  const state = { pkgs: { ...pkgs }, cacheTime };
  const query = (run: RecordedRun) => {
    // dpkg-query prints a line for each package it knows, none for the others.
    const names = (/^' (.*) 2>\/dev\/null; true$/m.exec(run.text)?.[1] ?? '').split(' ');
    const known = Object.entries(state.pkgs).filter(([name]) => names.includes(name));
    const lines = [`cachetime=${state.cacheTime}`, `now=${NOW}`, 'lists=4', ...known.map(([name, p]) => `pkg=${name}\t${p.status}\t${p.version}`)];
    if (run.text.includes('apt-cache policy')) lines.push(...names.map((n) => `cand=${n}\t${candidates[n] ?? ''}`));
    return { stdout: `${lines.join('\n')}\n` };
  };
  const h = scriptedHost().on((run) => run.text.startsWith('if [ -e /var/lib/apt/periodic/update-success-stamp ]'), query);
  return { h, state };
}

/** The apt-get part of apply's command (before it reads the cache time again). */
const aptGet = (run: RecordedRun | undefined) => run?.text.split('; rc=$?;')[0];

test('a package installed: ok, no command that writes; cache_update_time is the cache stamp', async () => {
  const { h } = aptHost({ bash: { status: 'ii ', version: '5.2.15-2+b8' } }, NOW - 60);
  const out = await h.run(aptModule, { name: 'bash' });
  assert.deepEqual([out.status, out.result], ['ok', { changed: false, cache_updated: false, cache_update_time: NOW - 60 }]);
  assert.deepEqual(h.writes(), []);
});

test('a package to install with an old cache: check mode writes nothing; apply updates the cache then installs, non-interactively; then ok', async () => {
  const { h, state } = aptHost({}, NOW - 7200);
  h.onWrite(/^apt-get /, () => {
    state.pkgs.tree = { status: 'ii ', version: '2.1.0-1' };
    state.cacheTime = NOW;
    return { stdout: `${INSTALL_OUT}\ncachetime=${NOW}\n` };
  });
  const args = { name: 'tree', update_cache: true, cache_valid_time: 3600, install_recommends: false };
  const checked = await h.run(aptModule, args, { check: true });
  assert.deepEqual([checked.status, checked.result], ['changed', { changed: true, cache_updated: true, cache_update_time: NOW - 7200 }]);
  assert.deepEqual(h.writes(), []);
  const first = await h.run(aptModule, args);
  const run = h.runs.at(-1);
  assert.equal(aptGet(run), `apt-get update -q ${LOCK} && apt-get install -y -q ${LOCK} -o APT::Install-Recommends=no ${KEEP_CONF} tree`);
  assert.deepEqual(run?.env, { DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none' });
  assert.equal(first.status, 'changed');
  assert.deepEqual(first.result, {
    changed: true, cache_updated: true, cache_update_time: NOW,
    stdout: INSTALL_OUT, stderr: '', stdout_lines: INSTALL_OUT.trimEnd().split('\n'), stderr_lines: [],
  });
  h.clear();
  const again = await h.run(aptModule, args);
  assert.deepEqual([again.status, again.result.cache_updated, h.writes()], ['ok', false, []]);
});

test('a cache younger than cache_valid_time is not updated; update_cache alone updates it', async () => {
  const { h } = aptHost({}, NOW - 600);
  h.onWrite(/^apt-get /, { stdout: `Hit:1 http://deb.debian.org/debian bookworm InRelease\nReading package lists...\n\ncachetime=${NOW}\n` });
  h.onWrite(/^apt-get update/, () => ({ stdout: `\ncachetime=${NOW}\n` }));
  await h.run(aptModule, { name: 'tree', update_cache: true, cache_valid_time: 3600 });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} tree`);
  const cacheOnly = await h.run(aptModule, { update_cache: true });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get update -q ${LOCK}`);
  assert.equal(cacheOnly.result.cache_updated, true);
});

test('names are quoted words on the command line, a version spec is kept', async () => {
  const { h } = aptHost({}, NOW);
  h.onWrite(/^apt-get /, { stdout: '\ncachetime=1\n' });
  await h.run(aptModule, { name: ['tree;id', 'nano=7.2-1'] });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} 'tree;id' nano=7.2-1`);
  assert.match(h.runs[0]?.text ?? '', /' 'tree;id' nano 2>\/dev\/null; true$/m, 'dpkg-query is asked about the bare names, quoted');
});

test('a version spec: the installed version matching it is ok, another version is installed', async () => {
  const { h } = aptHost({ bash: { status: 'ii ', version: '5.2.15-2+b8' } }, NOW);
  h.onWrite(/^apt-get /, { stdout: '\ncachetime=1\n' });
  assert.equal((await h.run(aptModule, { name: 'bash=5.2.15-2+b8' })).status, 'ok');
  assert.equal((await h.run(aptModule, { name: 'bash=5.2.15-2+b13' })).status, 'changed');
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} bash=5.2.15-2+b13`);
});

test('latest: a newer candidate (apt-cache policy) is installed; then ok', async () => {
  const { h, state } = aptHost({ bash: { status: 'ii ', version: '5.2.15-2+b8' } }, NOW, { bash: '5.2.15-2+b13' });
  h.onWrite(/^apt-get /, () => {
    state.pkgs.bash = { status: 'ii ', version: '5.2.15-2+b13' };
    return { stdout: '\ncachetime=1\n' };
  });
  assert.equal((await h.run(aptModule, { name: 'bash' })).status, 'ok', 'present does not look at the candidate');
  assert.equal((await h.run(aptModule, { name: 'bash', state: 'latest' })).status, 'changed');
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} bash`);
  assert.equal((await h.run(aptModule, { name: 'bash', state: 'latest' })).status, 'ok');
});

test('absent: an installed package is removed (purge and autoremove as asked); config files left count only for purge', async () => {
  const { h } = aptHost({ tree: { status: 'ii ', version: '2.1.0-1' }, vim: { status: 'rc ', version: '2:9.0.1378-2' } }, NOW);
  h.onWrite(/^apt-get /, { stdout: '\ncachetime=1\n' });
  assert.equal((await h.run(aptModule, { name: 'vim', state: 'absent' })).status, 'ok');
  assert.equal((await h.run(aptModule, { name: ['tree', 'nano'], state: 'absent', autoremove: true })).status, 'changed');
  assert.equal(aptGet(h.runs.at(-1)), `apt-get remove -y -q ${LOCK} --auto-remove tree`);
  assert.equal((await h.run(aptModule, { name: 'vim', state: 'absent', purge: true })).status, 'changed');
  assert.equal(aptGet(h.runs.at(-1)), `apt-get purge -y -q ${LOCK} vim`);
});

test("apt-get's failure fails the task with its rc and stderr", async () => {
  const { h } = aptHost({}, NOW);
  h.onWrite(/^apt-get /, { rc: 100, stdout: 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n\ncachetime=1\n', stderr: 'E: Unable to locate package nosuchpkg\n' });
  const out = await h.run(aptModule, { name: 'nosuchpkg', lock_timeout: 5 });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.rc, 100);
  assert.equal(out.result.msg, "'apt-get install -y -q -o DPkg::Lock::Timeout=5 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold nosuchpkg' failed: E: Unable to locate package nosuchpkg");
  assert.deepEqual(out.result.stderr_lines, ['E: Unable to locate package nosuchpkg']);
});

test('without update_cache nor cache_valid_time an old cache is left as it is: the package is installed from it', async () => {
  const { h } = aptHost({}, NOW - 30 * 86400);
  h.onWrite(/^apt-get /, { stdout: `${INSTALL_OUT}\ncachetime=${NOW - 30 * 86400}\n` });
  const out = await h.run(aptModule, { name: 'tree' });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} tree`);
  assert.deepEqual([out.status, out.result.cache_updated], ['changed', false]);
});

test('cache_valid_time alone asks for the update (as Ansible since 2.4), even at 1 second', async () => {
  const { h } = aptHost({}, NOW - 10);
  h.onWrite(/^apt-get /, { stdout: `${INSTALL_OUT}\ncachetime=${NOW}\n` });
  await h.run(aptModule, { name: 'tree', cache_valid_time: 1 });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get update -q ${LOCK} && apt-get install -y -q ${LOCK} ${KEEP_CONF} tree`);
});

test('a cache exactly cache_valid_time old is still valid (Ansible: mtime + valid >= now)', async () => {
  const { h } = aptHost({}, NOW - 3600);
  h.onWrite(/^apt-get /, { stdout: `${INSTALL_OUT}\ncachetime=${NOW - 3600}\n` });
  await h.run(aptModule, { name: 'tree', update_cache: true, cache_valid_time: 3600 });
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q ${LOCK} ${KEEP_CONF} tree`);
});

// kolla-run's choice (apt.ts planApt): Ansible refreshes a due cache anyway and registers cache_updated true, changed false.
test('an old cache with every package present: ok, the cache is not refreshed for nothing', async () => {
  const { h } = aptHost({ bash: { status: 'ii ', version: '5.2.15-2+b8' } }, NOW - 7200);
  const out = await h.run(aptModule, { name: 'bash', update_cache: true, cache_valid_time: 3600 });
  assert.deepEqual([out.status, out.result.cache_updated, h.writes()], ['ok', false, []]);
});

test('cache_valid_time 0 and lock_timeout 0 are accepted: 0 waits for no lock', async () => {
  const { h } = aptHost({}, NOW);
  h.onWrite(/^apt-get /, { stdout: '\ncachetime=1\n' });
  const out = await h.run(aptModule, { name: 'tree', cache_valid_time: 0, lock_timeout: 0 });
  assert.equal(out.status, 'changed', String(out.result.msg));
  assert.equal(aptGet(h.runs.at(-1)), `apt-get install -y -q -o DPkg::Lock::Timeout=0 ${KEEP_CONF} tree`);
});

test('a held package (dpkg "hi ") is installed: ok; latest with no candidate (apt-cache policy "(none)") is ok', async () => {
  const { h } = aptHost({ bash: { status: 'hi ', version: '5.2.15-2+b8' }, 'kr-local': { status: 'ii ', version: '1.0' } }, NOW, { 'kr-local': '(none)' });
  assert.deepEqual([(await h.run(aptModule, { name: 'bash' })).status, h.writes()], ['ok', []]);
  assert.deepEqual([(await h.run(aptModule, { name: 'kr-local', state: 'latest' })).status, h.writes()], ['ok', []]);
});

test('apt-get gets 15 minutes before it is killed', async () => {
  const { h } = aptHost({}, NOW);
  h.onWrite(/^apt-get /, { stdout: `${INSTALL_OUT}\ncachetime=1\n` });
  await h.run(aptModule, { name: 'tree' });
  assert.equal(h.runs.at(-1)?.timeoutMs, 15 * 60_000);
});

test('a host without apt-get: failed with the shell\'s message, stdout empty (only the cache line is taken off)', async () => {
  const { h } = aptHost({}, NOW);
  h.onWrite(/^apt-get /, { rc: 127, stdout: '\ncachetime=0\n', stderr: 'sh: 1: apt-get: not found\n' });
  const out = await h.run(aptModule, { name: 'tree' });
  assert.deepEqual([out.status, out.result.rc, out.result.stdout, out.result.stdout_lines], ['failed', 127, '', []]);
});

test("a name apt-get would read as an option (-oDPkg::Pre-Invoke::=CMD runs CMD) is refused with Ansible's message and reaches no command", async () => {
  // ansible localhost -m apt -a 'name=-oDPkg::Pre-Invoke::=touch' --check: "No package matching '-oDPkg::Pre-Invoke::' is available".
  const { h } = aptHost({ bash: { status: 'ii ', version: '5.2.15-2+b8' } }, NOW);
  h.onWrite(/^apt-get /, { stdout: '\ncachetime=1\n' });
  const name = `-oDPkg::Pre-Invoke::=touch /tmp/ran`;
  for (const check of [true, false]) {
    const out = await h.run(aptModule, { name: ['tree', name] }, { check });
    assert.deepEqual([out.status, out.result.msg], ['failed', "No package matching '-oDPkg::Pre-Invoke::' is available"]);
  }
  assert.deepEqual(h.writes(), []);
  // absent: no such package is installed (Ansible: ok); the others are still looked up and removed.
  h.onWrite(/^apt-get remove/, { stdout: '\ncachetime=1\n' });
  const absent = await h.run(aptModule, { name: [name, 'bash'], state: 'absent' });
  assert.equal(absent.status, 'changed');
  assert.ok(h.runs.every((r) => !r.text.includes('Pre-Invoke')), h.runs.map((r) => r.text).join('\n'));
  assert.equal(aptGet(h.runs.at(-1)), `apt-get remove -y -q ${LOCK} bash`);
});
