/**
 * blockinfile's placements and messages beyond the common case, each
 * answer written by `ansible localhost -m blockinfile` on the same file:
 * insertbefore/insertafter a line or a (?m) pattern, a lone BEGIN marker,
 * markers in reverse order; then the module's failures and messages.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { blockinfileParams, placeBlock } from '../../../src/modules/blockinfile.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

const BEGIN = '# BEGIN ANSIBLE MANAGED BLOCK\n';
const END = '# END ANSIBLE MANAGED BLOCK\n';
const place = (text: string, args: Record<string, unknown>) => placeBlock(text, blockinfileParams.parse({ path: '/x', block: 'X', ...args }));

describe('blockinfile: where the block goes (answers of Ansible on the same text)', () => {
  test('insertbefore and insertafter a matching line', () => {
    assert.equal(place('a\nb\nc\n', { insertbefore: '^b' }), `a\n${BEGIN}X\n${END}b\nc\n`);
    assert.equal(place('a\nb\nc\n', { insertafter: '^b' }), `a\nb\n${BEGIN}X\n${END}c\n`);
  });

  test('a (?m) pattern is searched over the whole text, lines counted up to the match', () => {
    assert.equal(place('\nb\nc\n', { insertafter: '(?m)^b$' }), `\nb\n${BEGIN}X\n${END}c\n`);
    assert.equal(place('\nb\nc\n', { insertbefore: '(?m)^b$' }), `\n${BEGIN}X\n${END}b\nc\n`);
    // A match that holds a newline: after counts to its end, before to its start.
    assert.equal(place('\nb\nc\n', { insertafter: '(?m)^b\\n' }), `\nb\nc\n${BEGIN}X\n${END}`);
    assert.equal(place('\nb\nc\n', { insertbefore: '(?m)^b\\n' }), `\n${BEGIN}X\n${END}b\nc\n`);
  });

  test('a BEGIN marker without its END is no block: a new one goes to the end', () => {
    assert.equal(place(`a\n${BEGIN}b\n`, {}), `a\n${BEGIN}b\n${BEGIN}X\n${END}`);
  });

  test('markers in reverse order: everything from END to BEGIN is replaced by the block', () => {
    assert.equal(place(`p\n${END}old\n${BEGIN}z\n`, {}), `p\n${BEGIN}X\n${END}z\n`);
  });
});

describe('blockinfile: on a host', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  test('failures with Ansible\'s rc: a directory 256, a missing file without create 257', async () => {
    await h.write('d/.keep', '');
    const dir = await h.run('blockinfile', { path: h.path('d'), block: 'x' });
    assert.deepEqual([dir.status, dir.result.rc, dir.result.msg], ['failed', 256, `Path ${h.path('d')} is a directory !`]);
    const missing = await h.run('blockinfile', { path: h.path('none'), block: 'x' });
    assert.deepEqual([missing.status, missing.result.rc, missing.result.msg], ['failed', 257, `Path ${h.path('none')} does not exist !`]);
  });

  test('absent on a missing file (create: yes) is no change and makes nothing', async () => {
    const r = await h.run('blockinfile', { path: h.path('none'), state: 'absent', create: true });
    assert.deepEqual([r.status, r.result.msg], ['ok', `File ${h.path('none')} not present`]);
    assert.deepEqual(await readdir(h.root), []);
  });

  test('absent with a block given still says Block removed', async () => {
    const path = await h.write('f', `a\n${BEGIN}x\n${END}`);
    const r = await h.run('blockinfile', { path, state: 'absent', block: 'x' });
    assert.deepEqual([r.status, r.result.msg], ['changed', 'Block removed']);
    assert.equal(await h.read('f'), 'a\n');
  });

  test('backup on a new file: no backup_file (Ansible backs up only a file that exists)', async () => {
    const r = await h.run('blockinfile', { path: h.path('new'), block: 'x', create: true, backup: true });
    assert.deepEqual([r.status, r.result.msg, 'backup_file' in r.result], ['changed', 'File created', false]);
  });

  test('an empty path is refused', () => {
    assert.equal(blockinfileParams.safeParse({ path: '', block: 'x' }).success, false);
  });
});
