import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { quote } from '../../../src/connection/index.js';
import { commandModule, shellModule, splitLines } from '../../../src/modules/command.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

describe('command: stdout_lines', () => {
  it('splits as Python splitlines does: any line ending, no empty line after the last one', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a'), ['a']);
    assert.deepEqual(splitLines('\n\na\n\nb\n\n'), ['', '', 'a', '', 'b', '']);
    assert.deepEqual(splitLines('a\r\nb\rc\fd\ve\u2028f'), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(splitLines('\na'), ['', 'a']);
    assert.deepEqual(splitLines('a\n\nb'), ['a', '', 'b']);
  });
});

describe('command and shell on this machine', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  it('command runs argv without a shell: a quote and a space stay in one argument', async () => {
    const r = await h.run('command', { argv: ['printf', '%s|', "it's a", 'b'] });
    assert.equal(r.status, 'changed');
    assert.equal(r.result.stdout, "it's a|b|");
    assert.equal(r.result.rc, 0);
    // No shell: quotes keep words together and `|` is a word; but Ansible's run_command expands
    // variables (set ones only) and a leading ~ in each word (expand_user_and_vars).
    const words = await h.run('command', { _raw_params: 'echo $HOME "a  b" | $NO_SUCH_VAR_KR ~/x a~b' });
    assert.equal(words.result.stdout, `${process.env.HOME ?? ''} a  b | $NO_SUCH_VAR_KR ${process.env.HOME ?? ''}/x a~b`);
  });

  it('shell expands and pipes; a non-zero rc fails with the rc kept', async () => {
    const ok = await h.run('shell', { _raw_params: 'echo one two | wc -w' });
    assert.equal(String(ok.result.stdout).trim(), '2');
    const bad = await h.run('shell', { _raw_params: 'echo out; echo err >&2; exit 3' });
    assert.equal(bad.status, 'failed');
    assert.deepEqual([bad.result.rc, bad.result.stdout, bad.result.stderr, bad.result.msg], [3, 'out', 'err', 'non-zero return code']);
  });

  it('without creates or removes, check mode skips the task and runs nothing', async () => {
    const before = await localSnapshot(h.root);
    for (const diff of [true, false]) {
      const r = await h.run('shell', { _raw_params: `touch ${h.path('x')}` }, { check: true, diff });
      assert.equal(r.status, 'skipped');
    }
    assert.equal(await localSnapshot(h.root), before);
  });

  it('creates: runs once, then skips; check mode reports the change without running', async () => {
    const marker = h.path("made it's");
    const first = await assertChangesOnce(h, 'shell', { _raw_params: `echo done > ${quote(marker)}`, creates: marker }, { inCheck: 'changed' });
    assert.equal(first.result.rc, 0);
    const again = await h.run('shell', { _raw_params: 'false', creates: marker });
    assert.equal(again.status, 'ok');
    assert.equal(again.result.msg, `Did not run command since '${marker}' exists`);
  });

  it('creates relative to chdir, in a folder with a space', async () => {
    await h.write('work dir/.keep', '');
    const args = { _raw_params: 'touch out.txt', chdir: h.path('work dir'), creates: 'out.txt' };
    await assertChangesOnce(h, 'command', args, { inCheck: 'changed' });
    assert.equal(await h.read('work dir/out.txt'), '');
  });

  it('removes: runs while the path exists, skips once it is gone', async () => {
    const victim = await h.write('victim', 'v');
    const args = { cmd: `rm -- ${victim}`, removes: victim };
    await assertChangesOnce(h, 'command', args, { inCheck: 'changed' });
    const skipped = await h.run('command', args);
    assert.equal(skipped.result.msg, `Did not run command since '${victim}' does not exist`);
  });

  it('a chdir that does not exist fails with Python\'s words', async () => {
    const r = await h.run('command', { _raw_params: 'true', chdir: h.path('none') });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `Unable to change directory before execution: [Errno 2] No such file or directory: b'${h.path('none')}'`);
  });

  it('stdin is fed with a newline added, unless told not to', async () => {
    assert.equal((await h.run('command', { argv: ['wc', '-c'], stdin: 'a' })).result.stdout, '2');
    assert.equal((await h.run('command', { argv: ['wc', '-c'], stdin: 'a', stdin_add_newline: false })).result.stdout, '1');
  });

  it('a program that does not exist fails as Python\'s OSError, with the words as Ansible quotes them', async () => {
    const r = await h.run('command', { _raw_params: "nosuchprog_kr 'a b'" });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.result, { changed: false, failed: true, cmd: "nosuchprog_kr 'a b'", rc: 2, msg: "[Errno 2] No such file or directory: b'nosuchprog_kr'", stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] });
  });

  it('shell: a program\'s own stderr that reads like the not-found marker is just its output', async () => {
    const r = await h.run('shell', { _raw_params: "echo 'kolla-run: program not found' >&2; exit 2" });
    assert.deepEqual([r.result.rc, r.result.stderr, r.result.msg], [2, 'kolla-run: program not found', 'non-zero return code']);
  });

  it('a chdir that is a file fails with errno 20, changing nothing', async () => {
    const file = await h.write('plain', '');
    const r = await h.run('command', { _raw_params: 'true', chdir: file });
    assert.equal(r.status, 'failed');
    assert.deepEqual([r.result.changed, r.result.rc, r.result.msg], [false, null, `Unable to change directory before execution: [Errno 20] Not a directory: b'${file}'`]);
  });

  it('creates is a glob: any match skips, and the skip is rc 0', async () => {
    await h.write('made-1.txt', '');
    const r = await h.run('command', { _raw_params: 'false', creates: h.path('made-*.txt') });
    assert.equal(r.status, 'ok');
    // Ansible names the pattern, not the file it matched.
    assert.equal(r.result.msg, `Did not run command since '${h.path('made-*.txt')}' exists`);
    assert.equal(r.result.rc, 0);
  });

  it('check mode registers the command as not run, rc 0', async () => {
    const r = await h.run('command', { _raw_params: 'true' }, { check: true });
    assert.deepEqual([r.status, r.result.rc, r.result.msg], ['skipped', 0, 'Command would have run if not in check mode']);
  });

  it('start and end in Ansible\'s local time format, delta the time between them', async () => {
    const r = await h.run('command', { _raw_params: 'true' });
    const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;
    assert.match(String(r.result.start), stamp);
    assert.match(String(r.result.end), stamp);
    assert.match(String(r.result.delta), /^0:00:0\d\.\d{6}$/);
    const seconds = (t: unknown) => Date.parse(String(t).replace(' ', 'T').slice(0, 23));
    assert.ok(seconds(r.result.end) - seconds(r.result.start) < 10_000);
  });
});

describe('command and shell in ad-hoc output', () => {
  it('print as text after `rc=N >>`, as Ansible\'s MODULE_NO_JSON modules do', () => {
    assert.deepEqual([commandModule.commandLike, shellModule.commandLike], [true, true]);
  });
});
