/** lineinfile: the pure edit (present/absent), then the module on this machine: create, mode, backrefs, check mode, quoting. */
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { absent, lineinfileParams, present } from '../../../src/modules/lineinfile.js';
import { splitLines } from '../../../src/modules/support/lines.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

/** The text after `present`, from the text before and the task's arguments. */
const put = (text: string, args: Record<string, unknown>) => present(splitLines(text), lineinfileParams.parse({ path: '/x', ...args })).lines.join('');
const drop = (text: string, args: Record<string, unknown>) => absent(splitLines(text), lineinfileParams.parse({ path: '/x', state: 'absent', ...args })).lines.join('');

describe('lineinfile: the edit', () => {
  test('a missing line goes at the end; a last line without newline gets one first', () => {
    assert.equal(put('a\nb\n', { line: 'c' }), 'a\nb\nc\n');
    assert.equal(put('a\nb', { line: 'c' }), 'a\nb\nc\n');
    assert.equal(put('', { line: 'c' }), 'c\n');
  });

  test('a line already there is no change; as the last line without its newline it gets one (Ansible: line replaced)', () => {
    assert.equal(present(splitLines('a\nc\n'), lineinfileParams.parse({ path: '/x', line: 'c' })).msg, '');
    const last = present(splitLines('a\nc'), lineinfileParams.parse({ path: '/x', line: 'c' }));
    assert.deepEqual([last.msg, last.lines.join('')], ['line replaced', 'a\nc\n']);
  });

  test('regexp replaces the last match only', () => {
    assert.equal(put('k=1\nx\nk=2\n', { regexp: '^k=', line: 'k=3' }), 'k=1\nx\nk=3\n');
    assert.equal(put('k=1\nx\nk=2\n', { regexp: '^k=', line: 'k=3', firstmatch: true }), 'k=3\nx\nk=2\n');
  });

  test('a line of regex characters is compared as text, not as a pattern', () => {
    assert.equal(put('a.b\n', { line: 'a.b' }), 'a.b\n');
    assert.equal(put('axb\n', { line: 'a.b' }), 'axb\na.b\n');
  });

  test('insertafter and insertbefore: last match, BOF, no match goes to EOF', () => {
    assert.equal(put('[s]\nx\n[s]\ny\n', { line: 'n', insertafter: '^\\[s\\]' }), '[s]\nx\n[s]\nn\ny\n');
    assert.equal(put('a\nb\n', { line: 'n', insertbefore: '^b' }), 'a\nn\nb\n');
    assert.equal(put('a\nb\n', { line: 'n', insertbefore: 'BOF' }), 'n\na\nb\n');
    assert.equal(put('a\nb\n', { line: 'n', insertafter: '^zzz' }), 'a\nb\nn\n');
  });

  test('backrefs: the groups fill the line; no match leaves the file as it is', () => {
    assert.equal(put('port = 80\n', { regexp: '^port = (\\d+)$', line: 'port = \\1\\1', backrefs: true }), 'port = 8080\n');
    assert.equal(put('none\n', { regexp: '^port = (\\d+)$', line: 'x', backrefs: true }), 'none\n');
  });

  test('absent removes every matching line, by regexp, search_string or the whole line', () => {
    assert.equal(drop('a\nb\na\n', { line: 'a' }), 'b\n');
    assert.equal(drop('ab\nb\nxab\n', { regexp: '^a' }), 'b\nxab\n');
    assert.equal(drop('a.b\naxb\n', { search_string: 'a.b' }), 'axb\n');
  });
});

describe('lineinfile: on a host', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  test('replace by regexp in a file named with a space and a quote', async () => {
    const path = await h.write("my 'conf", 'a=1\nb=2\n');
    const first = await assertChangesOnce(h, 'lineinfile', { path, regexp: '^b=', line: 'b=3' });
    assert.equal(first.result.msg, 'line replaced');
    assert.equal(await h.read("my 'conf"), 'a=1\nb=3\n');
  });

  test('create makes the file and its folder with the mode; without create a missing file fails', async () => {
    const path = h.path('new dir', 'f');
    const missing = await h.run('lineinfile', { path, line: 'x' });
    assert.equal(missing.status, 'failed');
    assert.equal(missing.result.msg, `Destination ${path} does not exist !`);
    await assertChangesOnce(h, 'lineinfile', { path, line: 'x', create: true, mode: '0600' });
    assert.equal(await h.read('new dir/f'), 'x\n');
    assert.equal(((await stat(path)).mode & 0o777).toString(8), '600');
  });

  test("only the mode differs ('640' against 0640 on disk is none)", async () => {
    const path = await h.write('m', 'x\n', 0o644);
    const first = await assertChangesOnce(h, 'lineinfile', { path, line: 'x', mode: '0640' });
    assert.equal(first.result.msg, 'ownership, perms or SE linux context changed');
    assert.equal((await h.run('lineinfile', { path, line: 'x', mode: '640' })).status, 'ok');
  });

  test('absent on a missing file is no change and creates nothing', async () => {
    const before = await localSnapshot(h.root);
    const r = await h.run('lineinfile', { path: h.path('none'), line: 'x', state: 'absent' });
    assert.equal(r.status, 'ok');
    assert.equal(await localSnapshot(h.root), before);
  });

  test('absent removes the lines and says how many', async () => {
    const path = await h.write('a', 'x\ny\nx\n');
    const first = await assertChangesOnce(h, 'lineinfile', { path, line: 'x', state: 'absent' });
    assert.equal(first.result.found, 2);
    assert.equal(await h.read('a'), 'y\n');
  });

  test('backup keeps the old text and validate refuses a bad one', async () => {
    const path = await h.write('v', 'ok\n');
    const backed = await h.run('lineinfile', { path, line: 'more', backup: true });
    assert.equal(backed.status, 'changed');
    assert.equal(await h.read('v'), 'ok\nmore\n');
    assert.equal(await h.read(String(backed.result.backup_file ?? backed.result.backup).slice(h.root.length + 1)), 'ok\n');
    const refused = await h.run('lineinfile', { path, line: 'bad', validate: 'grep -q no-such-text %s' });
    assert.equal(refused.status, 'failed');
    assert.equal(await h.read('v'), 'ok\nmore\n');
    assert.equal((await readdir(h.root)).filter((n) => n.includes('validate')).length, 0, 'no temp file left');
  });

  test('validate is split into words as run_command does, never read by the host\'s shell: a $(...) in it is text, not a command', async () => {
    // ansible-playbook: lineinfile validate='grep -q "x$(touch RAN)" %s' fails ("failed to validate: rc:1 error:"), RAN not made.
    const ran = h.path('ran');
    const path = await h.write('v', 'ok\n');
    const r = await h.run('lineinfile', { path, line: 'x', validate: `grep -q "x$(touch ${ran})" %s` });
    assert.deepEqual([r.status, r.result.msg], ['failed', 'failed to validate: rc:1 error:']);
    assert.equal(await h.read('v'), 'ok\n');
    assert.equal(existsSync(ran), false, 'the $(...) in validate ran');
    // What Ansible accepts keeps working: $VARS expanded, the temp file one word whatever the file's name.
    for (const name of ['a b', "q'uote", 'd$ollar']) {
      const p = await h.write(name, 'ok\n');
      const ok = await h.run('lineinfile', { path: p, line: 'x', validate: 'test -d $HOME -a -f %s' });
      assert.equal(ok.status, 'changed', `${name}: ${JSON.stringify(ok.result)}`);
      assert.equal(await h.read(name), 'ok\nx\n');
    }
  });

  test('a missing file without create fails with Ansible\'s rc 257', async () => {
    // ansible localhost -m lineinfile -a "path=NONE line=x": msg "Destination NONE does not exist !", rc 257, changed false.
    const path = h.path('none.txt');
    const r = await h.run('lineinfile', { path, line: 'x' });
    assert.deepEqual([r.status, r.result.rc, r.result.msg, r.result.changed], ['failed', 257, `Destination ${path} does not exist !`, false]);
  });

  test('an unknown owner fails the task unchanged with Ansible\'s words, in check mode too, the file as it was', async () => {
    // Ansible: "chown failed: failed to look up user no-such-user-kr", changed false; the read's failure is no change.
    const path = await h.write('o', 'x\n');
    const before = await localSnapshot(h.root);
    for (const check of [false, true]) {
      const r = await h.run('lineinfile', { path, line: 'y', owner: 'no-such-user-kr' }, { check });
      assert.deepEqual([r.status, r.result.changed, r.result.msg], ['failed', false, 'chown failed: failed to look up user no-such-user-kr'], `check: ${check}`);
    }
    assert.equal(await localSnapshot(h.root), before);
  });

  test('a directory as path fails with Ansible words', async () => {
    await h.write('d/.keep', '');
    const r = await h.run('lineinfile', { path: h.path('d'), line: 'x' });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `Path ${h.path('d')} is a directory !`);
    assert.equal(r.result.rc, 256);
  });
});
