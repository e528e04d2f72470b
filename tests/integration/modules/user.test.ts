import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { groupModule } from '../../../src/modules/group.js';
import { planUser, userModule, userParams } from '../../../src/modules/user.js';
import { ansibleTasks, pick } from '../../support/ansible-task.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let node2: ModuleHost;
let node3: ModuleHost;
const tag = process.pid.toString(36);
const name = `kru${tag}`;
const extra = `krug${tag}`;
// A SHA-512 crypt hash of "secret" (pre-hashed, as the module takes it).
const HASH = '$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/';

before(async () => {
  node2 = await moduleHost(1);
  node3 = await moduleHost(2);
  await Promise.all([node2, node3].map((h) => h.sh(`groupadd ${extra}`)));
});
after(async () => {
  await Promise.all([node2, node3].map((h) => h.sh(`userdel -r ${name} 2>/dev/null; userdel -r ${name}b 2>/dev/null; groupdel ${extra} 2>/dev/null; true`)));
  await Promise.all([node2.close(), node3.close()]);
});

const args = { name, uid: 23456, shell: '/bin/bash', groups: [extra], comment: 'kolla run', password: HASH };
const getent = (h: ModuleHost, n = name) => h.sh(`getent passwd ${n} || true; id -Gn ${n} 2>/dev/null || true`);

test('create: check mode changes nothing, first run changes, second is ok; the hash is set and never shown', { timeout: 60_000 }, async () => {
  const checked = await node3.run(userModule, args, { check: true, diff: true });
  assert.equal(checked.status, 'changed');
  assert.equal(await getent(node3), '');
  const first = await node3.run(userModule, args);
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.equal(first.result.uid, 23456);
  assert.equal(first.result.shell, '/bin/bash');
  assert.equal(first.result.password, 'NOT_LOGGING_PASSWORD');
  assert.equal(first.result.create_home, true);
  assert.ok(!JSON.stringify([checked, first]).includes('saltsalt'), 'the hash never appears in results');
  assert.equal((await node3.sh(`getent shadow ${name} | cut -d: -f2`)).trim(), HASH);
  const second = await node3.run(userModule, args);
  assert.equal(second.status, 'ok', JSON.stringify(second.result));
  assert.equal(second.result.append, false);
  assert.equal(second.result.groups, extra);
});

test('modify: a new shell changes, appending a group already there does not', { timeout: 60_000 }, async () => {
  const changed = await node3.run(userModule, { name, shell: '/bin/sh' });
  assert.equal(changed.status, 'changed');
  assert.match(await getent(node3), /:\/bin\/sh\n/);
  const appended = await node3.run(userModule, { name, groups: extra, append: true });
  assert.equal(appended.status, 'ok');
  const missing = await node3.run(userModule, { name, groups: ['no-such-group-kr'] });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.msg, 'Group no-such-group-kr does not exist');
});

test('remove: changes, then ok; check mode leaves the account', { timeout: 60_000 }, async () => {
  const checked = await node3.run(userModule, { name, state: 'absent', remove: true }, { check: true });
  assert.equal(checked.status, 'changed');
  assert.notEqual(await getent(node3), '');
  const removed = await node3.run(userModule, { name, state: 'absent', remove: true });
  assert.equal(removed.status, 'changed');
  // userdel's stderr ("mail spool not found") is registered beside, as Ansible does.
  const { stderr: _stderr, stderr_lines: _lines, ...fields } = removed.result;
  assert.deepEqual(fields, { changed: true, name, state: 'absent', force: false, remove: true });
  assert.equal(await getent(node3), '');
  assert.equal((await node3.run(userModule, { name, state: 'absent' })).status, 'ok');
});

test('command construction: useradd/usermod words, no password on the command line', () => {
  const p = userParams.parse({ ...args, system: true, create_home: 'no' });
  const create = planUser(p, { ownGroup: true, missingGroups: [] });
  assert.equal(create?.command?.toDisplay(), `useradd -u 23456 -N -G ${extra} -c 'kolla run' -s /bin/bash -M -r ${name}`);
  assert.equal(String(create?.password), '********');
  const current = { uid: 23456, gid: 100, comment: 'kolla run', home: `/home/${name}`, shell: '/bin/bash', groups: [extra], hash: HASH };
  assert.equal(planUser(p, { user: current, ownGroup: false, missingGroups: [] }), undefined);
  const mod = planUser(userParams.parse({ name, groups: ['a', 'b'], append: true, home: '/srv/x', move_home: true }), { user: current, ownGroup: false, missingGroups: [] });
  assert.equal(mod?.command?.toDisplay(), `usermod -d /srv/x -m -a -G a,b ${name}`);
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await node3.run(userModule, { name, state: 'gone' })).result.msg), /"state"/);
  assert.match(String((await node3.run(userModule, { name, uid: 'abc' })).result.msg), /"uid"/);
  assert.match(String((await node3.run(userModule, { name, passwd: 'x' })).result.msg), /"passwd"/);
  assert.match(String((await node3.run(userModule, {})).result.msg), /"name"/);
});

test('differential: ansible-playbook on node2 and kolla-run on node3 give the same account and fields', { timeout: 240_000 }, async () => {
  const n = `${name}b`;
  const task = { name: n, uid: 23457, shell: '/bin/bash', groups: [extra], comment: 'diff', password: HASH, home: `/home/${n}` };
  const rounds = [task, task, { name: n, shell: '/bin/sh', groups: extra, append: true }, { name: n, state: 'absent', remove: true }, { name: n, state: 'absent' }];
  const theirs = await ansibleTasks(rounds.map((a) => ({ user: a })));
  const ours: Record<string, unknown>[] = [];
  for (const a of rounds) ours.push((await node3.run(userModule, a)).result);
  const keys = ['changed', 'failed', 'name', 'state', 'uid', 'group', 'groups', 'comment', 'home', 'shell', 'system', 'create_home', 'append', 'move_home', 'password', 'force', 'remove'];
  rounds.forEach((_, i) => {
    const t = pick(theirs[i] ?? {}, keys);
    // The primary group is the new user's own group on both nodes, but its gid differs by node.
    if (typeof t.group === 'number') t.group = 'gid';
    const o = pick(ours[i] ?? {}, keys);
    if (typeof o.group === 'number') o.group = 'gid';
    assert.deepEqual(o, t, `round ${i + 1}`);
  });
  const groupDiff = await Promise.all([ansibleTasks([{ group: { name: `${extra}d`, gid: 23458 } }, { group: { name: `${extra}d`, state: 'absent' } }]),
    (async () => [(await node3.run(groupModule, { name: `${extra}d`, gid: 23458 })).result, (await node3.run(groupModule, { name: `${extra}d`, state: 'absent' })).result])()]);
  assert.deepEqual(groupDiff[1].map((r) => pick(r, ['changed', 'name', 'state', 'gid', 'system'])), groupDiff[0].map((r) => pick(r, ['changed', 'name', 'state', 'gid', 'system'])));
});
