/** blockinfile: where the block goes (pure), then the module on this machine: idempotency, markers, removal, check mode. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { blockinfileParams, placeBlock } from '../../../src/modules/blockinfile.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

const place = (text: string | undefined, args: Record<string, unknown>) => placeBlock(text, blockinfileParams.parse({ path: '/x', ...args }));
const B = '# BEGIN ANSIBLE MANAGED BLOCK\n';
const E = '# END ANSIBLE MANAGED BLOCK\n';

describe('blockinfile: placing the block', () => {
  test('at the end, after a last line without newline, with a newline added to the block', () => {
    assert.equal(place('a\n', { block: 'x' }), `a\n${B}x\n${E}`);
    assert.equal(place('a', { block: 'x\ny\n' }), `a\n${B}x\ny\n${E}`);
    assert.equal(place(undefined, { block: 'x' }), `${B}x\n${E}`);
  });

  test('an existing block is replaced where it is; the same block gives the same text', () => {
    const text = `a\n${B}old\n${E}z\n`;
    assert.equal(place(text, { block: 'new' }), `a\n${B}new\n${E}z\n`);
    assert.equal(place(`a\n${B}new\n${E}z\n`, { block: 'new' }), `a\n${B}new\n${E}z\n`);
  });

  test('insertbefore and insertafter a pattern (its last match), BOF', () => {
    assert.equal(place('a\nm\nb\nm\n', { block: 'x', insertafter: '^m' }), `a\nm\nb\nm\n${B}x\n${E}`);
    assert.equal(place('a\nm\nb\n', { block: 'x', insertbefore: '^b' }), `a\nm\n${B}x\n${E}b\n`);
    assert.equal(place('a\n', { block: 'x', insertbefore: 'BOF' }), `${B}x\n${E}a\n`);
  });

  test('an empty block or state=absent removes the block and its markers', () => {
    assert.equal(place(`a\n${B}x\n${E}z\n`, { block: '' }), 'a\nz\n');
    assert.equal(place(`a\n${B}x\n${E}z\n`, { state: 'absent' }), 'a\nz\n');
  });

  test('custom markers: {mark} filled in with marker_begin and marker_end', () => {
    assert.equal(place('', { block: 'x', marker: '<!-- {mark} -->', marker_begin: 'start', marker_end: 'stop' }), '<!-- start -->\nx\n<!-- stop -->\n');
  });
});

describe('blockinfile: on a host', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  test('insert, then the same block is no change', async () => {
    const path = await h.write('my "hosts"', '127.0.0.1 localhost\n');
    const first = await assertChangesOnce(h, 'blockinfile', { path, block: '10.0.0.1 a\n10.0.0.2 b' });
    assert.equal(first.result.msg, 'Block inserted');
    assert.equal(await h.read('my "hosts"'), `127.0.0.1 localhost\n${B}10.0.0.1 a\n10.0.0.2 b\n${E}`);
  });

  test('a changed block replaces the old one; absent removes it', async () => {
    const path = await h.write('f', `a\n${B}old\n${E}`);
    await assertChangesOnce(h, 'blockinfile', { path, block: 'new' });
    assert.equal(await h.read('f'), `a\n${B}new\n${E}`);
    await assertChangesOnce(h, 'blockinfile', { path, state: 'absent' });
    assert.equal(await h.read('f'), 'a\n');
  });

  test('create with a mode; a missing file without create fails and creates nothing', async () => {
    const path = h.path('sub', 'new');
    const before = await localSnapshot(h.root);
    const r = await h.run('blockinfile', { path, block: 'x' });
    assert.equal(r.status, 'failed');
    assert.equal(await localSnapshot(h.root), before);
    await assertChangesOnce(h, 'blockinfile', { path, block: 'x', create: true, mode: '0600' });
    assert.equal(await h.read('sub/new'), `${B}x\n${E}`);
    assert.equal((await h.sh(`stat -c %a '${path}'`)).trim(), '600');
  });
});
