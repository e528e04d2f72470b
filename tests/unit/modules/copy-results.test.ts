/**
 * copy's parameters and registered fields (local connection), as Ansible's
 * copy action and module answer them: content that is no string, mode
 * preserve, remote_src's src and md5sum, force=no on an existing file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { type LocalModuleHost, localModuleHost, modeOf } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

test('content that is no string is written as Python writes it (str, json.dumps)', async () => {
  const cases: [unknown, string][] = [
    [true, 'True'],
    [false, 'False'],
    [42, '42'],
    [{ a: [1, 'é', null], b: { c: 'x' } }, '{"a": [1, "\\u00e9", null], "b": {"c": "x"}}'],
  ];
  for (const [content, written] of cases) {
    const r = await h.run('copy', { content, dest: h.path('c') });
    assert.equal(r.status, 'changed', JSON.stringify(r.result));
    assert.equal(await h.read('c'), written, JSON.stringify(content));
  }
});

test('content null is no content; src and content together are refused (Ansible\'s words)', async () => {
  assert.match(String((await h.run('copy', { content: null, dest: h.path('c') })).result.msg), /src \(or content\) is required/);
  assert.match(String((await h.run('copy', { dest: h.path('c') })).result.msg), /src \(or content\) is required/);
  await h.source('files', 'a', 'a');
  assert.match(String((await h.run('copy', { src: 'a', content: 'x', dest: h.path('c') })).result.msg), /src and content are mutually exclusive/);
  const withNull = await h.run('copy', { src: 'a', content: null, dest: h.path('c') });
  assert.equal(withNull.status, 'changed', 'content null beside src is no content');
});

test('mode preserve: 0600 for content, the source\'s mode from the controller or the host', async () => {
  for (const diff of [true, false]) {
    await h.run('copy', { content: 'x', dest: h.path(`content-${diff}`), mode: 'preserve' }, { diff });
    assert.equal(await modeOf(h.path(`content-${diff}`)), '600');
  }
  const local = await h.source('files', 'tool', '#!/bin/sh\n');
  await chmod(local, 0o751);
  await h.run('copy', { src: 'tool', dest: h.path('from-controller'), mode: 'preserve' });
  assert.equal(await modeOf(h.path('from-controller')), '751');
  const remote = await h.write('remote-tool', 'r', 0o751);
  await h.run('copy', { src: remote, remote_src: true, dest: h.path('from-host'), mode: 'preserve' });
  assert.equal(await modeOf(h.path('from-host')), '751');
  const missing = await h.run('copy', { src: h.path('nope'), remote_src: true, dest: h.path('x'), mode: 'preserve' });
  assert.equal(missing.status, 'failed');
});

test('remote_src: a missing source fails naming it', async () => {
  const r = await h.run('copy', { src: h.path('nope'), remote_src: true, dest: h.path('x') });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), new RegExp(`Source ${h.path('nope')} not found`));
});

test('remote_src registers src and md5sum and no path, changed or not, both ways', async () => {
  const src = await h.write('src.txt', 'remote\n');
  for (const diff of [true, false]) {
    const dest = h.path(`out-${diff}`);
    const checked = await h.run('copy', { src, remote_src: true, dest }, { check: true, diff });
    assert.deepEqual([checked.result.src, checked.result.md5sum, checked.result.dest], [src, md5('remote\n'), dest], 'check mode');
    for (const status of ['changed', 'ok']) {
      const r = await h.run('copy', { src, remote_src: true, dest }, { diff });
      assert.equal(r.status, status);
      assert.deepEqual([r.result.src, r.result.md5sum, r.result.path, r.result.msg], [src, md5('remote\n'), undefined, undefined], `${status}, diff ${diff}`);
    }
  }
});

test('without remote_src: no src or md5sum registered; an unchanged file names its path', async () => {
  const dest = h.path('c');
  const checked = await h.run('copy', { content: 'x', dest }, { check: true });
  assert.deepEqual(checked.result, { changed: true }, 'check mode answers changed alone, as the copy action does');
  await h.run('copy', { content: 'x', dest });
  for (const diff of [true, false]) {
    const r = await h.run('copy', { content: 'x', dest }, { diff });
    assert.deepEqual([r.status, r.result.path, r.result.md5sum, r.result.src, r.result.msg], ['ok', dest, undefined, undefined, undefined]);
  }
});

test('force=no and the dest there: remote_src says "file already exists" with the file\'s info, no sums', async () => {
  const src = await h.write('src.txt', 'new\n');
  const dest = await h.write('dest.txt', 'old\n', 0o640);
  for (const diff of [true, false]) {
    const r = await h.run('copy', { src, remote_src: true, dest, force: false }, { diff });
    assert.deepEqual([r.status, r.result.msg, r.result.mode, r.result.src, r.result.md5sum, r.result.checksum], ['ok', 'file already exists', '0640', src, undefined, undefined], `diff ${diff}`);
  }
  assert.equal(await h.read('dest.txt'), 'old\n');
  for (const diff of [true, false]) {
    const local = await h.run('copy', { content: 'new\n', dest, force: false }, { diff });
    assert.deepEqual([local.status, local.result.msg], ['ok', undefined], 'without remote_src the copy action says nothing');
    const unknown = await h.run('copy', { src, remote_src: true, dest: h.path('other.txt'), owner: 'no-such-user-kr' }, { diff });
    assert.equal(unknown.status, 'failed');
    assert.match(String(unknown.result.msg), /no-such-user-kr/, 'a failure keeps its own message');
  }
});

test('a dest ending in / below a file fails without a change', async () => {
  await h.source('files', 'a.txt', 'A\n');
  await h.write('plain', 'p');
  const r = await h.run('copy', { src: 'a.txt', dest: `${h.path('plain', 'sub')}/` }, { diff: true });
  assert.deepEqual([r.status, r.result.changed], ['failed', false]);
  assert.match(String(r.result.msg), /Not a directory|File exists/);
});
