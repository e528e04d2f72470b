/**
 * group on a scripted host: the getent lines are this machine's (Debian 12)
 * for a group made with groupadd; the proof on a real host is
 * tests/integration/modules/group.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupModule } from '../../../src/modules/group.js';
import { scriptedHost } from '../../support/scripted-host.js';

/** A group name with a space and a shell character: every command must quote it. */
const NAME = 'kolla $ops';
const Q = `'kolla $ops'`;

/** A host whose group database holds `entry` (undefined: no such group; getent exits 2), changed by the group tools. */
function groupHost(entry: { gid: number } | undefined) {
  const state = { entry };
  const line = () => (state.entry ? `${NAME}:x:${state.entry.gid}:\n` : '');
  const h = scriptedHost().on(`getent group ${Q}`, () => (state.entry ? { stdout: line() } : { rc: 2 }));
  h.onWrite(/^group(add|mod|del) /, (run) => {
    const gid = /-g (\d+)/.exec(run.text)?.[1];
    state.entry = run.text.startsWith('groupdel') ? undefined : { gid: Number(gid ?? 1000) };
    return { stdout: line() };
  });
  return { h, state };
}

test('a new group: check mode only reads; apply runs groupadd with gid, system and the name quoted; a second run is ok', async () => {
  const { h } = groupHost(undefined);
  const args = { name: NAME, gid: 24567, system: true };
  const checked = await h.run(groupModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  // Ansible registers only `changed` for a group it would add.
  assert.deepEqual(checked.result, { changed: true });
  assert.deepEqual(h.writes(), []);
  const first = await h.run(groupModule, args);
  assert.deepEqual(h.commands().at(-1), `groupadd -g 24567 -r ${Q} && { getent group ${Q} || true; }`);
  assert.deepEqual(first.result, { changed: true, name: NAME, state: 'present', system: true, gid: 24567 });
  h.clear();
  const again = await h.run(groupModule, args);
  assert.equal(again.status, 'ok');
  assert.deepEqual(again.result, { changed: false, name: NAME, state: 'present', system: true, gid: 24567 });
  assert.deepEqual(h.writes(), []);
});

test('a group with another gid: groupmod -g (non_unique adds -o); check mode registers the current gid', async () => {
  const { h } = groupHost({ gid: 24567 });
  const checked = await h.run(groupModule, { name: NAME, gid: 24568 }, { check: true });
  assert.deepEqual(checked.result, { changed: true, name: NAME, state: 'present', system: false, gid: 24567 });
  assert.deepEqual(h.writes(), []);
  const first = await h.run(groupModule, { name: NAME, gid: 24568, non_unique: true });
  assert.equal(first.status, 'changed');
  assert.equal(h.commands().at(-1), `groupmod -g 24568 -o ${Q} && { getent group ${Q} || true; }`);
  assert.equal(first.result.gid, 24568);
  assert.equal((await h.run(groupModule, { name: NAME, gid: 24568 })).status, 'ok');
});

test('no gid given: an existing group is left as it is, whatever its gid', async () => {
  const { h } = groupHost({ gid: 999 });
  const out = await h.run(groupModule, { name: NAME });
  assert.deepEqual([out.status, out.result.gid, h.writes()], ['ok', 999, []]);
});

test('absent: groupdel, registering name and state only; then ok; a missing group is ok without running anything', async () => {
  const { h } = groupHost({ gid: 24567 });
  const out = await h.run(groupModule, { name: NAME, state: 'absent' });
  assert.equal(h.commands().at(-1), `groupdel ${Q} && { getent group ${Q} || true; }`);
  assert.deepEqual(out.result, { changed: true, name: NAME, state: 'absent' });
  h.clear();
  const again = await h.run(groupModule, { name: NAME, state: 'absent' });
  assert.deepEqual([again.status, again.result, h.writes()], ['ok', { changed: false, name: NAME, state: 'absent' }, []]);
});

test("the tool's failure is the task's msg, as its stderr", async () => {
  const h = scriptedHost().on(`getent group ${Q}`, { rc: 2 }).onWrite(/^groupadd /, { rc: 4, stderr: "groupadd: GID '0' already exists\n" });
  const out = await h.run(groupModule, { name: NAME, gid: 0 });
  assert.equal(out.status, 'failed');
  assert.deepEqual(out.result, { changed: false, failed: true, name: NAME, msg: "groupadd: GID '0' already exists\n" });
});

test('getent failing otherwise than "not found" fails the task rather than adding the group', async () => {
  const h = scriptedHost().on(`getent group ${Q}`, { rc: 1, stderr: 'getent: broken nsswitch\n' });
  const out = await h.run(groupModule, { name: NAME });
  assert.equal(out.status, 'failed');
  assert.match(String(out.result.msg), /cannot read group kolla \$ops: getent: broken nsswitch/);
  assert.deepEqual(h.writes(), []);
});

test('an empty name goes to the tools as Ansible lets it: check mode says changed, groupadd refuses it with its message', async () => {
  const h = scriptedHost().on("getent group ''", { rc: 2 }).onWrite("groupadd '' && { getent group '' || true; }", { rc: 3, stderr: "groupadd: '' is not a valid group name\n" });
  assert.equal((await h.run(groupModule, { name: '' }, { check: true })).status, 'changed');
  const out = await h.run(groupModule, { name: '' });
  assert.deepEqual(out.result, { changed: false, failed: true, name: '', msg: "groupadd: '' is not a valid group name\n" });
});

test('--diff: the group as read before, and its name and gid after', async () => {
  const { h } = groupHost({ gid: 24567 });
  const out = await h.run(groupModule, { name: NAME, gid: 24568 }, { check: true, diff: true });
  assert.deepEqual(out.diff, {
    path: '',
    before: `{\n    "gid": 24567,\n    "members": [],\n    "name": "${NAME}"\n}\n`,
    after: `{\n    "gid": 24568,\n    "name": "${NAME}"\n}\n`,
  });
  const added = await groupHost(undefined).h.run(groupModule, { name: NAME }, { check: true, diff: true });
  assert.deepEqual(added.diff, { path: '', before: '', after: `{\n    "gid": null,\n    "name": "${NAME}"\n}\n` });
  const removed = await groupHost({ gid: 24567 }).h.run(groupModule, { name: NAME, state: 'absent' }, { check: true, diff: true });
  assert.equal(removed.diff?.after, '');
});
