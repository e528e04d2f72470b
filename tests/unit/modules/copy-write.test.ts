/**
 * How copy writes and what --diff shows (local connection), as Ansible's
 * copy action does it: the diff of text within MAX_FILE_SIZE_FOR_DIFF,
 * none for binary content, validate with a private temp file, backup only
 * when asked, owner and group fixed alone, failures that change nothing.
 */
import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

/** Ansible's MAX_FILE_SIZE_FOR_DIFF default. */
const MAX_DIFF = 104448;

test('--diff shows the old and new text; an attribute fix alone shows no content', async () => {
  const dest = await h.write('f', 'old\n', 0o644);
  const r = await h.run('copy', { content: 'new\n', dest }, { check: true, diff: true });
  assert.deepEqual(r.diff, { path: dest, before: 'old\n', after: 'new\n' });
  const attrs = await h.run('copy', { content: 'old\n', dest, mode: '0600' }, { check: true, diff: true });
  assert.equal(attrs.status, 'changed');
  assert.notEqual(attrs.diff?.after, 'old\n', 'no content diff for a mode fix');
});

test('--diff leaves out binary content, and an old file with a NUL in its first 8192 bytes', async () => {
  const dest = await h.write('f', 'old\n');
  for (const content of ['\0abc', `${'a'.repeat(9000)}\0`]) {
    const r = await h.run('copy', { content, dest }, { check: true, diff: true });
    assert.equal(r.status, 'changed');
    assert.notEqual(r.diff?.after, content, 'binary content is not shown');
  }
  for (const old of ['\0old', `${'a'.repeat(8191)}\0`]) {
    await writeFile(dest, old);
    assert.equal((await h.run('copy', { content: 'new\n', dest }, { check: true, diff: true })).diff?.before, '');
  }
  await writeFile(dest, `${'a'.repeat(8192)}\0`);
  assert.equal((await h.run('copy', { content: 'new\n', dest }, { check: true, diff: true })).diff?.before, `${'a'.repeat(8192)}\0`, 'a NUL past the peek is not seen');
});

test('--diff takes files up to MAX_FILE_SIZE_FOR_DIFF bytes, new or old', async () => {
  const dest = await h.write('f', 'old\n');
  const atMax = 'a'.repeat(MAX_DIFF);
  assert.equal((await h.run('copy', { content: atMax, dest }, { check: true, diff: true })).diff?.after, atMax);
  const over = (await h.run('copy', { content: `${atMax}b`, dest }, { check: true, diff: true })).diff;
  assert.notEqual(over?.after, `${atMax}b`);
  await writeFile(dest, atMax);
  assert.equal((await h.run('copy', { content: 'new\n', dest }, { check: true, diff: true })).diff?.before, atMax);
  await writeFile(dest, `${atMax}b`);
  assert.equal((await h.run('copy', { content: 'new\n', dest }, { check: true, diff: true })).diff?.before, '');
});

test('no backup unless asked', async () => {
  const dest = await h.write('f', 'old\n');
  for (const diff of [true, false]) {
    await h.run('copy', { content: `new ${diff}\n`, dest }, { diff });
    assert.deepEqual(await readdir(h.root), ['f']);
  }
});

test('validate runs on a temp file only the owner can read; a failure registers its output and changes nothing', async () => {
  const dest = await h.write('f', 'old\n');
  for (const diff of [true, false]) {
    // sh -c as a word of its own: validate is no shell text (run_command splits it), the temp file is $1.
    const ok = await h.run('copy', { content: `v ${diff}\n`, dest, validate: `sh -c 'test "$(stat -c %a "$1")" = 600' sh %s` }, { diff });
    assert.equal(ok.status, 'changed', JSON.stringify(ok.result));
  }
  for (const diff of [true, false]) {
    const r = await h.run('copy', { content: 'bad\n', dest, validate: 'sh -c "echo out; echo err >&2; exit 3" %s' }, { diff });
    assert.deepEqual([r.status, r.result.changed, r.result.msg, r.result.exit_status], ['failed', false, 'failed to validate', 3]);
    assert.deepEqual([r.result.stdout_lines, r.result.stderr_lines], [['out'], ['err']]);
    const quiet = await h.run('copy', { content: 'bad\n', dest, validate: 'false %s' }, { diff });
    assert.deepEqual([quiet.result.stdout_lines, quiet.result.stderr_lines], [[], []]);
  }
  assert.equal(await h.read('f'), 'v false\n');
});

test('owner alone, group alone: only that changes on a file whose content is right', async () => {
  for (const diff of [true, false]) {
    const dest = await h.write(`o-${diff}`, 'x\n');
    assert.equal((await h.run('copy', { content: 'x\n', dest, owner: 'nobody' }, { diff })).status, 'changed');
    assert.deepEqual([(await stat(dest)).uid, (await stat(dest)).gid], [65534, 0]);
    const g = await h.write(`g-${diff}`, 'x\n');
    assert.equal((await h.run('copy', { content: 'x\n', dest: g, group: 'nogroup' }, { diff })).status, 'changed');
    assert.deepEqual([(await stat(g)).uid, (await stat(g)).gid], [0, 65534]);
  }
});

test('owner and group as numbers equal to the current ids, and +x on an executable file: no change', async () => {
  const dest = await h.write('f', 'x\n', 0o755);
  for (const diff of [true, false]) {
    const r = await h.run('copy', { content: 'x\n', dest, owner: String(process.getuid?.()), group: String(process.getgid?.()), mode: '+x' }, { diff });
    assert.equal(r.status, 'ok', JSON.stringify(r.result));
  }
});

test('+x on a file without o+x: umask 022 lets it through', async () => {
  const dest = await h.write('f', 'x\n', 0o754);
  const r = await h.run('copy', { content: 'x\n', dest, mode: '+x' }, { diff: true });
  assert.equal(r.status, 'changed');
  assert.equal(((await stat(dest)).mode & 0o777).toString(8), '755');
});

test('an unknown owner fails without a change; a missing folder fails with changed false', async () => {
  const dest = await h.write('f', 'x\n');
  for (const diff of [true, false]) {
    const r = await h.run('copy', { content: 'x\n', dest, owner: 'no-such-user-kr' }, { diff });
    assert.deepEqual([r.status, r.result.changed], ['failed', false]);
    for (const force of [true, false]) {
      const missing = await h.run('copy', { content: 'x\n', dest: h.path('no', 'f'), force }, { diff });
      assert.deepEqual([missing.status, missing.result.changed, missing.result.msg], ['failed', false, `Destination directory ${h.path('no')} does not exist`], `force ${force}`);
    }
    const src = await h.write('src.txt', 'r\n');
    const remote = await h.run('copy', { src, remote_src: true, dest: h.path('no', 'f') }, { diff });
    assert.deepEqual([remote.status, remote.result.src, remote.result.md5sum], ['failed', undefined, undefined], 'a failure registers no src or md5sum');
  }
});

test('src into an existing folder: the result names the file in it', async () => {
  await h.source('files', 'a.txt', 'A\n');
  await h.write('d/.keep', '');
  for (const diff of [true, false]) {
    const r = await h.run('copy', { src: 'a.txt', dest: h.path('d'), mode: diff ? '0600' : '0644' }, { diff });
    assert.equal(r.result.dest, h.path('d', 'a.txt'));
  }
});

test('an empty dest is refused as a parameter', async () => {
  assert.match(String((await h.run('copy', { content: 'x', dest: '' })).result.msg), /^copy: parameter "dest"/);
});

test('a symbolic mode is made a number as Ansible reads it (X and g=u from the mode before), both ways', async () => {
  for (const diff of [true, false]) {
    const dest = await h.write(`x-${diff}`, 'x\n', 0o755);
    await assertChangesOnce(h, 'copy', { content: 'x\n', dest, mode: 'a=rw,a+X' }, { diff });
    assert.equal(((await stat(dest)).mode & 0o7777).toString(8), '777', 'X from the executable file it was');
    const fresh = h.path(`new-${diff}`);
    // Ansible's own first run gives 0764 and its second 0774 (g=u then reads u=rwx): one run here.
    assert.equal((await h.run('copy', { content: 'y', dest: fresh, mode: 'u+x,g=u' }, { diff })).status, 'changed');
    assert.equal(((await stat(fresh)).mode & 0o7777).toString(8), '764', 'g=u from a new file\'s 0644');
    const plain = h.path(`plain-${diff}`);
    await assertChangesOnce(h, 'copy', { content: 'z', dest: plain, mode: 'a+X' }, { diff });
    assert.equal(((await stat(plain)).mode & 0o7777).toString(8), '644', 'no X for a file without x');
  }
});

test('validate is split into words as run_command does, never read by the host\'s shell: a $(...) in it is text, not a command', async () => {
  // ansible-playbook: copy validate='grep -q "x$(touch RAN)" %s' fails to validate (rc 1) and RAN is not made.
  const ran = h.path('ran');
  const r = await h.run('copy', { content: 'x\n', dest: h.path('f'), validate: `grep -q "x$(touch ${ran})" %s` });
  assert.deepEqual([r.status, r.result.msg, r.result.exit_status], ['failed', 'failed to validate', 1]);
  assert.equal(await stat(ran).then(() => true, () => false), false, 'the $(...) in validate ran');
  // What Ansible accepts keeps working: $VARS expanded (expandvars), the temp file one word whatever dest's name.
  for (const name of ['a b', "q'uote", 'd$ollar']) {
    const ok = await h.run('copy', { content: 'x\n', dest: h.path(name), validate: 'test -d $HOME -a -f %s' });
    assert.equal(ok.status, 'changed', `${name}: ${JSON.stringify(ok.result)}`);
    assert.equal(await h.read(name), 'x\n');
  }
});
