/** assemble on this machine: fragments in name order, newlines, delimiter, regexp, hidden, from the host or the controller. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assembleFragments, assembleParams, escapeDecode } from '../../../src/modules/assemble.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

const frag = (name: string, text: string) => ({ name, content: Buffer.from(text) });
const join = (fragments: Array<{ name: string; content: Buffer }>, args: Record<string, unknown> = {}) =>
  assembleFragments(fragments, assembleParams.parse({ src: '/s', dest: '/d', ...args })).toString();

describe('assemble: joining fragments', () => {
  test('a newline after a fragment that lacks one, none added to one that has it', () => {
    assert.equal(join([frag('a', 'x'), frag('b', 'y\n')]), 'x\ny\n');
  });

  test('the delimiter between fragments, escapes decoded, none before the first', () => {
    assert.equal(join([frag('a', 'x\n'), frag('b', 'y\n')], { delimiter: '#--\\n' }), 'x\n#--\ny\n');
    assert.deepEqual([...escapeDecode('\\t\\x41\\101\\\\')], [9, 65, 65, 92]);
    // Answers of Python's codecs.escape_decode.
    assert.deepEqual(escapeDecode('\\r\\a\\b\\f\\v\\\'\\"'), Buffer.from('\r\x07\x08\x0c\x0b\'"', 'latin1'));
    assert.equal(escapeDecode('a\\\nb').toString(), 'ab');
    assert.equal(escapeDecode('\\x41B').toString(), 'AB');
    assert.equal(escapeDecode('\\1014').toString(), 'A4');
  });

  test('regexp chooses fragments by name (search, not match); hidden ones left out when asked', () => {
    assert.equal(join([frag('10-a.conf', 'a\n'), frag('20-b.txt', 'b\n')], { regexp: '\\.conf$' }), 'a\n');
    assert.equal(join([frag('.h', 'h\n'), frag('a', 'a\n')], { ignore_hidden: true }), 'a\n');
    assert.equal(join([frag('.h', 'h\n'), frag('a', 'a\n')]), 'h\na\n');
  });
});

describe('assemble: on a host', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  for (const diff of [true, false]) {
    test(`fragments on the host, in name order (10 before 9: text order), into a file with a mode (diff ${diff})`, async () => {
      await h.write('frag dir/9-b', 'nine\n');
      await h.write('frag dir/10-a', 'ten');
      await h.write("frag dir/it's", 'q\n');
      const first = await assertChangesOnce(h, 'assemble', { src: h.path('frag dir'), dest: h.path('out'), mode: '0600' }, { diff });
      assert.equal(await h.read('out'), "ten\nnine\nq\n");
      assert.equal(first.result.msg, 'OK');
      assert.equal((await h.sh(`stat -c %a '${h.path('out')}'`)).trim(), '600');
    });
  }

  test('a fragment named with a tab or a newline is read whole, in its place by name, never as two fragments', async () => {
    await h.write('g/a\tb', 'tab\n');
    await h.write('g/a\nzz', 'newline\n');
    await h.write('g/b', 'plain\n');
    await assertChangesOnce(h, 'assemble', { src: h.path('g'), dest: h.path('out') });
    // name order: 'a\t' (0x09) and 'a\n' (0x0a) before 'b'
    assert.equal(await h.read('out'), 'tab\nnewline\nplain\n');
  });

  test('a new fragment changes the file; the same fragments again do not', async () => {
    await h.write('f/a', 'a\n');
    const args = { src: h.path('f'), dest: h.path('out') };
    assert.equal((await h.run('assemble', args)).status, 'changed');
    await h.write('f/b', 'b\n');
    await assertChangesOnce(h, 'assemble', args);
    assert.equal(await h.read('out'), 'a\nb\n');
  });

  test('fragments from the controller with remote_src: no', async () => {
    await h.source('files', 'parts/1', 'one\n');
    await h.source('files', 'parts/2', 'two\n');
    await assertChangesOnce(h, 'assemble', { src: 'parts', dest: h.path('out'), remote_src: false });
    assert.equal(await h.read('out'), 'one\ntwo\n');
  });

  test('a missing source folder fails with Ansible words and writes nothing', async () => {
    const before = await localSnapshot(h.root);
    const r = await h.run('assemble', { src: h.path('none'), dest: h.path('out') });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `Source (${h.path('none')}) does not exist`);
    assert.equal(await localSnapshot(h.root), before);
  });

  test('fragments in code point order: a hidden one before upper case, upper before lower, whatever the host\'s glob gives', async () => {
    for (const name of ['b', 'B', 'a', 'A', '_', '.h']) await h.write(`f/${name}`, `${name}\n`);
    await h.run('assemble', { src: h.path('f'), dest: h.path('out') });
    assert.equal(await h.read('out'), '.h\nA\nB\n_\na\nb\n');
  });

  test('fragments in code point order past the BMP: U+FF01 before U+1F600 (Python sorted(os.listdir)), not UTF-16 order', async () => {
    for (const name of ['\u{1F600}', '\uFF01', 'z']) await h.write(`f/${name}`, `${name}\n`);
    await h.run('assemble', { src: h.path('f'), dest: h.path('out') });
    assert.equal(await h.read('out'), 'z\n\uFF01\n\u{1F600}\n');
  });

  test('check mode skips every task as Ansible\'s action does (_supports_check_mode False): a missing source, a change, a dest already assembled', async () => {
    // What `ansible localhost -C -m assemble` registers in each case, remote_src yes and no.
    const skipped = { changed: false, skipped: true, msg: 'check mode is not supported for this task.' };
    await h.source('files', 'parts/1', 'one\n');
    await h.write('f/a', 'a\n');
    for (const remote_src of [true, false]) {
      for (const diff of [false, true]) {
        const missing = await h.run('assemble', { src: h.path('none'), dest: h.path('out'), remote_src }, { check: true, diff });
        assert.deepEqual([missing.status, missing.result], ['skipped', skipped], `missing source, remote_src ${remote_src}, diff ${diff}`);
        const src = remote_src ? h.path('f') : 'parts';
        const before = await localSnapshot(h.root);
        const change = await h.run('assemble', { src, dest: h.path(`out-${remote_src}`), remote_src }, { check: true, diff });
        assert.deepEqual([change.status, change.result], ['skipped', skipped], `a change, remote_src ${remote_src}, diff ${diff}`);
        assert.equal(await localSnapshot(h.root), before);
      }
      await h.run('assemble', { src: remote_src ? h.path('f') : 'parts', dest: h.path(`out-${remote_src}`), remote_src });
      const same = await h.run('assemble', { src: remote_src ? h.path('f') : 'parts', dest: h.path(`out-${remote_src}`), remote_src }, { check: true });
      assert.deepEqual([same.status, same.result], ['skipped', skipped], `already assembled, remote_src ${remote_src}`);
    }
  });

  test('no backup unless asked', async () => {
    await h.write('f/a', 'a\n');
    await h.write('d/out', 'old\n');
    await h.run('assemble', { src: h.path('f'), dest: h.path('d', 'out') });
    assert.deepEqual(await h.sh(`ls -A '${h.path('d')}'`), 'out\n');
  });

  test('an empty src or dest is refused', async () => {
    for (const args of [{ src: '', dest: h.path('out') }, { src: h.path('f'), dest: '' }]) assert.equal(assembleParams.safeParse(args).success, false);
  });

  test('remote_src: no gives copy\'s result (no msg); a failed validate keeps its own message', async () => {
    await h.source('files', 'parts/1', 'one\n');
    const local = await h.run('assemble', { src: 'parts', dest: h.path('out'), remote_src: false });
    assert.equal(local.status, 'changed');
    assert.equal(local.result.msg, undefined);
    await h.write('f/a', 'a\n');
    const bad = await h.run('assemble', { src: h.path('f'), dest: h.path('v'), validate: 'false %s' });
    assert.equal(bad.status, 'failed');
    assert.notEqual(bad.result.msg, 'OK');
  });

  test('a missing source fails unchanged, with and without diff; a second run with diff still reports the file', async () => {
    for (const diff of [false, true]) {
      const r = await h.run('assemble', { src: h.path('none'), dest: h.path('out') }, { diff });
      assert.deepEqual([r.status, r.result.changed, r.result.msg], ['failed', false, `Source (${h.path('none')}) does not exist`], `diff ${diff}`);
    }
    await h.write('f/a', 'a\n');
    await h.run('assemble', { src: h.path('f'), dest: h.path('out') });
    const again = await h.run('assemble', { src: h.path('f'), dest: h.path('out') }, { diff: true });
    assert.equal(again.status, 'ok');
    assert.equal(again.result.mode, `0${(0o666 & ~process.umask()).toString(8)}`);
    assert.equal(again.result.md5sum, '60b725f10c9c85c70d97880dfe8191b3');
  });
});
