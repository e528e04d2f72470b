/**
 * user on a scripted host. The query is one shell command printing
 * key=value lines; the table answers it with what it prints on this
 * machine (Debian 12) for an account made with useradd: `getent passwd`
 * and `id -gn`/`id -Gn` output. The proof on a real host, against
 * ansible-playbook, is tests/integration/modules/user.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { userModule } from '../../../src/modules/user.js';
import { scriptedHost, type RecordedRun } from '../../support/scripted-host.js';

/** A name and comment with a space and a shell character: every command must quote them. */
const NAME = 'kr $user';
const Q = `'kr $user'`;
const HASH = '$6$salt$Yq0yZs5m0b1x';

interface Account {
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
  primary: string;
  /** `id -Gn`: the primary group first, as id prints it. */
  groups: string;
  hash?: string;
  homeExists?: boolean;
}

/**
 * What userQuery prints for the account (absent: nothing but the group probes), as on a real host:
 * the shadow hash only when the command asks getent shadow for it.
 */
function printed(account: Account | undefined, probes: string, run?: RecordedRun): string {
  if (!account) return probes;
  const a = account;
  const hash = a.hash !== undefined && (run === undefined || run.text.includes('echo "hash=$(getent shadow "$N" | cut -d: -f2)"')) ? `hash=${a.hash}\n` : '';
  return `${probes}passwd=${NAME}:x:${a.uid}:${a.gid}:${a.comment}:${a.home}:${a.shell}\nprimary=${a.primary}\ngroups=${a.groups}\n${hash}home=${a.homeExists === false ? 0 : 1}\n`;
}

/** A probe's line, printed only when the command runs that probe. */
type Probes = string | ((run: RecordedRun) => string);
const probe = (asked: string, line: string) => (run: RecordedRun) => (run.text.includes(asked) ? line : '');

/** A host with the account (or none); `change` turns the tools' command into the account after it. */
function userHost(account: Account | undefined, probes: Probes = '', change: (run: RecordedRun, before: Account | undefined) => Account | undefined = () => account) {
  const state = { account };
  const isQuery = (run: RecordedRun) => run.text.startsWith(`N=${Q}; `);
  const probed = (run: RecordedRun) => (typeof probes === 'string' ? probes : probes(run));
  const h = scriptedHost().on(isQuery, (run) => ({ stdout: printed(state.account, probed(run), run) }));
  h.onWrite(/^(useradd|usermod|userdel|chpasswd|\{ H=)/, (run) => {
    state.account = change(run, state.account);
    return { stdout: printed(state.account, probed(run), run) };
  });
  return { h, state };
}

/** The change a command made: the part before the query that reads the account again. */
const changeOf = (text: string | undefined) => text?.split(' || exit $?; ')[0];

const created: Account = { uid: 4601, gid: 4601, comment: 'Kolla $ix', home: '/home/kr', shell: '/bin/bash', primary: 'kr', groups: 'kr', hash: HASH };

test('a new account: check mode only reads; useradd gets every flag with its value quoted, the hash goes to chpasswd on stdin', async () => {
  const { h } = userHost(undefined, '', () => created);
  const args = { name: NAME, uid: 4601, comment: 'Kolla $ix', home: '/home/kr', shell: '/bin/bash', password: HASH, system: true };
  const checked = await h.run(userModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  // Ansible registers only `changed` for an account it would create.
  assert.deepEqual(checked.result, { changed: true });
  assert.deepEqual(h.writes(), []);
  const first = await h.run(userModule, args);
  const apply = h.runs.at(-1);
  assert.equal(changeOf(apply?.text), `useradd -u 4601 -c 'Kolla $ix' -d /home/kr -s /bin/bash -m -r ${Q} && chpasswd -e`);
  assert.equal(apply?.stdin, `${NAME}:${HASH}\n`);
  assert.ok(!h.runs.some((r) => r.text.includes(HASH) || r.display.includes(HASH)), 'the hash is never on a command line');
  assert.deepEqual(first.result, {
    changed: true, name: NAME, state: 'present', system: true, create_home: true, password: 'NOT_LOGGING_PASSWORD',
    uid: 4601, group: 4601, comment: 'Kolla $ix', home: '/home/kr', shell: '/bin/bash',
  });
  h.clear();
  const again = await h.run(userModule, args);
  assert.equal(again.status, 'ok', JSON.stringify(again.result));
  assert.deepEqual(again.result, {
    changed: false, name: NAME, state: 'present', append: false, move_home: false, password: 'NOT_LOGGING_PASSWORD',
    uid: 4601, group: 4601, comment: 'Kolla $ix', home: '/home/kr', shell: '/bin/bash',
  });
  assert.deepEqual(h.writes(), []);
});

test("a group named like the user already exists: useradd -N (not a failing attempt to make it); create_home false gives -M", async () => {
  const { h } = userHost(undefined, probe('getent group "$N" >/dev/null && echo owngroup=1', 'owngroup=1\n'), () => ({ ...created, gid: 100, primary: 'users', groups: 'users' }));
  await h.run(userModule, { name: NAME, create_home: false });
  assert.equal(changeOf(h.runs.at(-1)?.text), `useradd -N -M ${Q}`);
});

test('a primary group and supplementary groups: -g and -G a,b; a missing group fails the creation in apply, not in check mode', async () => {
  const { h } = userHost(undefined, probe('g=$(getent group staff | cut -d: -f3) && echo "groupgid=$g"; ', 'groupgid=50\n'), () => ({ ...created, gid: 50, primary: 'staff', groups: 'staff adm daemon' }));
  await h.run(userModule, { name: NAME, group: 'staff', groups: ['adm', 'daemon'] });
  assert.equal(changeOf(h.runs.at(-1)?.text), `useradd -g staff -G adm,daemon -m ${Q}`);
  const missing = userHost(undefined, probe('getent group no-such-group-kr >/dev/null || echo missing=no-such-group-kr; ', 'missing=no-such-group-kr\n')).h;
  const checked = await missing.run(userModule, { name: NAME, groups: ['no-such-group-kr'] }, { check: true });
  assert.equal(checked.status, 'changed');
  const out = await missing.run(userModule, { name: NAME, groups: ['no-such-group-kr'] });
  assert.deepEqual([out.status, out.result.msg], ['failed', 'Group no-such-group-kr does not exist']);
  assert.deepEqual(missing.writes(), []);
});

const existing: Account = { uid: 4605, gid: 100, comment: '', home: '/srv/kr', shell: '/bin/sh', primary: 'users', groups: 'users bin' };

test('an existing account: the supplementary groups compared without the primary one id -Gn lists first', async () => {
  const { h } = userHost(existing);
  const out = await h.run(userModule, { name: NAME, groups: ['bin'], shell: '/bin/sh' });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.equal(out.result.groups, 'bin');
  assert.deepEqual(h.writes(), []);
});

test('modify: usermod with only what differs; append adds -a and is ok when the groups are there; replacing is a change', async () => {
  const { h } = userHost(existing, '', () => ({ ...existing, shell: '/bin/bash', comment: 'changed', groups: 'users bin daemon adm' }));
  const args = { name: NAME, shell: '/bin/bash', comment: 'changed', groups: ['daemon', 'adm'], append: true };
  const checked = await h.run(userModule, args, { check: true });
  // Check mode registers the account as it is now.
  assert.deepEqual([checked.status, checked.result.shell, checked.result.append], ['changed', '/bin/sh', true]);
  assert.deepEqual(h.writes(), []);
  const first = await h.run(userModule, args);
  assert.equal(changeOf(h.runs.at(-1)?.text), `usermod -c changed -s /bin/bash -a -G daemon,adm ${Q}`);
  assert.deepEqual(first.result, { changed: true, name: NAME, state: 'present', append: true, move_home: false, uid: 4605, group: 100, comment: 'changed', home: '/srv/kr', shell: '/bin/bash', groups: 'daemon,adm' });
  assert.equal((await h.run(userModule, args)).status, 'ok');
  // Without append the same groups are not enough: bin must go.
  const replace = await h.run(userModule, { name: NAME, groups: ['daemon', 'adm'] }, { check: true });
  assert.equal(replace.status, 'changed');
});

test('a uid and a home to move: -u with -o for non_unique, -d with -m for move_home', async () => {
  const { h } = userHost(existing, '', () => ({ ...existing, uid: 4608, home: '/srv/new' }));
  await h.run(userModule, { name: NAME, uid: 4608, non_unique: true, home: '/srv/new', move_home: true });
  assert.equal(changeOf(h.runs.at(-1)?.text), `usermod -u 4608 -o -d /srv/new -m ${Q}`);
});

test('the password: the same hash is no change; another is set through chpasswd only; on_create leaves it', async () => {
  const withHash = { ...existing, hash: HASH };
  assert.equal((await userHost(withHash).h.run(userModule, { name: NAME, password: HASH })).status, 'ok');
  const { h } = userHost({ ...withHash, hash: '$6$old$x' }, '', () => withHash);
  assert.equal((await h.run(userModule, { name: NAME, password: HASH, update_password: 'on_create' })).status, 'ok');
  const out = await h.run(userModule, { name: NAME, password: HASH });
  assert.equal(out.status, 'changed');
  assert.equal(changeOf(h.runs.at(-1)?.text), 'chpasswd -e');
  assert.equal(h.runs.at(-1)?.stdin, `${NAME}:${HASH}\n`);
});

test("an existing account whose home is missing gets it made from /etc/skel, owned by the account", async () => {
  const { h } = userHost({ ...existing, homeExists: false }, '', () => existing);
  const out = await h.run(userModule, { name: NAME });
  assert.equal(out.status, 'changed');
  const make = h.runs.at(-1)?.text ?? '';
  assert.match(make, /^\{ H=\/srv\/kr; .*cp -a \/etc\/skel "\$H"/s);
  assert.match(make, new RegExp(`chown -R "\\$\\(id -u ${Q.replace(/\$/g, '\\$')}\\):\\$\\(id -g ${Q.replace(/\$/g, '\\$')}\\)" "\\$H"`));
  assert.equal((await h.run(userModule, { name: NAME, create_home: false })).status, 'ok');
});

test("absent with remove: userdel -r; userdel's warnings are registered as stderr beside force and remove", async () => {
  const stderr = `userdel: ${NAME} mail spool (/var/mail/${NAME}) not found\n`;
  const state = { account: existing as Account | undefined };
  const h = scriptedHost()
    .on((run) => run.text.startsWith(`N=${Q}; `), () => ({ stdout: printed(state.account, '') }))
    .onWrite(/^userdel /, () => {
      state.account = undefined;
      return { stderr };
    });
  assert.deepEqual((await h.run(userModule, { name: NAME, state: 'absent', remove: true }, { check: true })).result, { changed: true });
  assert.deepEqual(h.writes(), []);
  const out = await h.run(userModule, { name: NAME, state: 'absent', remove: true });
  assert.equal(changeOf(h.runs.at(-1)?.text), `userdel -r ${Q}`);
  assert.deepEqual(out.result, { changed: true, name: NAME, state: 'absent', stderr, stderr_lines: [stderr.trim()], force: false, remove: true });
  h.clear();
  assert.deepEqual((await h.run(userModule, { name: NAME, state: 'absent' })).result, { changed: false, name: NAME, state: 'absent' });
  assert.deepEqual(h.writes(), []);
});

test("a tool's failure is the task's msg, with the hash masked if chpasswd echoes it", async () => {
  const h = scriptedHost()
    .on((run) => run.text.startsWith(`N=${Q}; `), { stdout: printed(existing, '') })
    .onWrite(/^chpasswd/, { rc: 1, stderr: `chpasswd: line 1: bad hash ${HASH}\n` });
  const out = await h.run(userModule, { name: NAME, password: HASH });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.msg, 'chpasswd: line 1: bad hash ********\n');
  assert.equal(out.result.rc, 1);
});

test('an empty name goes to the tools as Ansible lets it: check mode says changed, useradd refuses it with its message and rc', async () => {
  const stderr = "useradd: invalid user name '': use --badname to ignore\n";
  const h = scriptedHost().on((run) => run.text.startsWith("N=''; "), {}).onWrite(/^useradd -m '' \|\| exit \$\?; /, { rc: 3, stderr });
  assert.equal((await h.run(userModule, { name: '' }, { check: true })).status, 'changed');
  const out = await h.run(userModule, { name: '' });
  assert.deepEqual(out.result, { changed: false, failed: true, name: '', rc: 3, msg: stderr });
});

test('uid 0 is a uid like another (with non_unique: a second root)', async () => {
  const { h } = userHost(undefined, '', () => ({ ...created, uid: 0, gid: 0 }));
  const out = await h.run(userModule, { name: NAME, uid: 0, non_unique: true });
  assert.equal(changeOf(h.runs.at(-1)?.text), `useradd -u 0 -o -m ${Q}`);
  assert.equal(out.result.uid, 0);
});

test('absent without remove: userdel alone, remove and force registered false', async () => {
  const { h } = userHost(existing, '', () => undefined);
  const out = await h.run(userModule, { name: NAME, state: 'absent' });
  assert.equal(changeOf(h.runs.at(-1)?.text), `userdel ${Q}`);
  assert.deepEqual(out.result, { changed: true, name: NAME, state: 'absent', force: false, remove: false });
});

test('empty groups on creation: no -G', async () => {
  const { h } = userHost(undefined, '', () => created);
  await h.run(userModule, { name: NAME, groups: '' });
  assert.equal(changeOf(h.runs.at(-1)?.text), `useradd -m ${Q}`);
});

test('a new home for an existing account: the query probes the wanted folder, and the missing one is made after usermod -d', async () => {
  const state = { home: existing.home };
  const h = scriptedHost().on((run) => run.text.startsWith(`N=${Q}; `), (run) => ({
    // Only /srv/kr exists; H is the wanted home, else the account's.
    stdout: printed({ ...existing, home: state.home, homeExists: !run.text.startsWith(`N=${Q}; H=/srv/new;`) }, ''),
  }));
  h.onWrite(/^usermod /, () => {
    state.home = '/srv/new';
    return {};
  });
  const out = await h.run(userModule, { name: NAME, home: '/srv/new' });
  assert.equal(out.status, 'changed');
  assert.match(changeOf(h.runs.at(-1)?.text) ?? '', /^usermod -d \/srv\/new 'kr \$user' && \{ H=\/srv\/new; /);
});

test('--diff: the account before, and the changes after (nothing after for absent)', async () => {
  const modified = await userHost(existing).h.run(userModule, { name: NAME, shell: '/bin/bash' }, { check: true, diff: true });
  assert.deepEqual(modified.diff, {
    path: '',
    before: `{\n    "comment": "",\n    "gid": 100,\n    "groups": [\n        "bin"\n    ],\n    "home": "/srv/kr",\n    "shell": "/bin/sh",\n    "uid": 4605\n}\n`,
    after: `{\n    "changes": [\n        "shell"\n    ],\n    "name": "${NAME}"\n}\n`,
  });
  const removed = await userHost(existing).h.run(userModule, { name: NAME, state: 'absent' }, { check: true, diff: true });
  assert.equal(removed.diff?.after, '');
});

test("a hash with a colon or a line break is refused before anything runs (chpasswd would read another account's line), and not echoed", async () => {
  for (const hash of [`${HASH}\nroot:$6$evil$x`, `${HASH}:0:99999`, `${HASH}\r`]) {
    const { h } = userHost(existing);
    const out = await h.run(userModule, { name: NAME, password: hash });
    assert.equal(out.status, 'failed', JSON.stringify(hash));
    assert.match(String(out.result.msg), /a password hash cannot hold a colon or a line break/);
    assert.ok(!String(out.result.msg).includes('evil') && !String(out.result.msg).includes(HASH), 'the hash is not in the message');
    assert.deepEqual(h.runs, [], 'nothing ran');
  }
});
