/**
 * lineinfile's rarer paths, each as Ansible's modules/lineinfile.py takes
 * it: firstmatch at the second line, search_string, an empty line, a literal
 * `\1` without backrefs, empty insertafter/insertbefore (Python's falsy
 * strings), absent's count, the parameter checks, and create's shortcut
 * never taken for absent or validate.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { absent, lineinfileParams, present } from '../../../src/modules/lineinfile.js';
import { splitLines } from '../../../src/modules/support/lines.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

const edit = (text: string, args: Record<string, unknown>) => {
  const r = present(splitLines(text), lineinfileParams.parse({ path: '/x', ...args }));
  return [r.lines.join(''), r.msg];
};
const refusal = (args: Record<string, unknown>) => {
  const r = lineinfileParams.safeParse({ path: '/x', ...args });
  return r.success ? undefined : r.error.issues.map((i) => i.message).join('; ');
};

describe('lineinfile: rarer edits', () => {
  test('firstmatch stops at the first match, even on the second line', () => {
    assert.deepEqual(edit('x\nk=1\nk=2\n', { regexp: '^k=', line: 'k=3', firstmatch: true }), ['x\nk=3\nk=2\n', 'line replaced']);
  });

  test('insertbefore BOF is no pattern: with firstmatch a line holding "BOF" does not stop the search for the line already there', () => {
    // ansible localhost -m lineinfile -a "line=new insertbefore=BOF firstmatch=true" on "xBOFx\nnew\n": changed false, msg "".
    assert.deepEqual(edit('xBOFx\nnew\n', { line: 'new', insertbefore: 'BOF', firstmatch: true }), ['xBOFx\nnew\n', '']);
  });

  test('search_string replaces the last line holding the text, as text', () => {
    assert.deepEqual(edit('a.b=1\nab=2\n', { search_string: 'a.b', line: 'a.b=9' }), ['a.b=9\nab=2\n', 'line replaced']);
  });

  test('an empty line is added when the file has none', () => {
    assert.deepEqual(edit('a\n', { line: '' }), ['a\n\n', 'line added']);
  });

  test('without backrefs a \\1 in the line is written as it is', () => {
    assert.deepEqual(edit('k=1\n', { regexp: '^k=(.*)', line: 'k=\\1x' }), ['k=\\1x\n', 'line replaced']);
  });

  test('an empty insertafter or insertbefore is Python-falsy: the line goes to the end (newline fixed first)', () => {
    // Answers of `ansible localhost -m lineinfile -a "line=z insertafter=''"` on these files.
    assert.deepEqual(edit('a\nb', { line: 'z', insertafter: '' }), ['a\nb\nz\n', 'line added']);
    assert.deepEqual(edit('a\nb\n', { line: 'z', insertbefore: '' }), ['a\nb\nz\n', 'line added']);
  });

  test('insertafter a match in the middle and at the end; insertbefore the first line', () => {
    assert.deepEqual(edit('a\nb\nc\n', { line: 'z', insertafter: '^b' }), ['a\nb\nz\nc\n', 'line added']);
    assert.deepEqual(edit('a\nb\n', { line: 'z', insertafter: '^b' }), ['a\nb\nz\n', 'line added']);
    assert.deepEqual(edit('a\nb\n', { line: 'z', insertbefore: '^a' }), ['z\na\nb\n', 'line added']);
  });

  test('absent counts what it removes, one line or none', () => {
    const p = lineinfileParams.parse({ path: '/x', state: 'absent', line: 'a' });
    assert.equal(absent(splitLines('a\nb\n'), p).found, 1);
    assert.equal(absent(splitLines('b\n'), p).found, 0);
  });
});

describe('lineinfile: its parameters, as Ansible checks them', () => {
  test('refusals with Ansible\'s words', () => {
    assert.equal(refusal({ line: 'x', backrefs: true }), 'regexp is required with backrefs=true');
    assert.equal(refusal({ state: 'absent' }), 'one of line, search_string, or regexp is required with state=absent');
    assert.match(String(refusal({ line: 'x', search_string: 'a', backrefs: true })), /^parameters are mutually exclusive: backrefs\|search_string/);
    assert.notEqual(refusal({ path: '', line: 'x' }), undefined);
  });

  test('accepted: absent with regexp and backrefs, search_string without backrefs', () => {
    assert.equal(refusal({ state: 'absent', regexp: 'a', backrefs: true }), undefined);
    assert.equal(refusal({ line: 'x', search_string: 'a' }), undefined);
  });
});

describe('lineinfile: on a host, the changes it reports', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  test('absent: one line removed is a change; none found is no change and no message', async () => {
    const path = await h.write('f', 'a\nb\n');
    const one = await h.run('lineinfile', { path, state: 'absent', line: 'a' });
    assert.deepEqual([one.status, one.result.msg, one.result.found], ['changed', '1 line(s) removed', 1]);
    const none = await h.run('lineinfile', { path, state: 'absent', line: 'a' });
    assert.deepEqual([none.status, none.result.msg, none.result.found], ['ok', '', 0]);
  });

  test('absent with create on a missing file makes nothing', async () => {
    const r = await h.run('lineinfile', { path: h.path('none'), state: 'absent', line: 'a', create: true });
    assert.deepEqual([r.status, r.result.msg], ['ok', 'file not present']);
    assert.deepEqual(await readdir(h.root), []);
  });

  test('create with a validate that refuses: no file is made', async () => {
    const r = await h.run('lineinfile', { path: h.path('new'), line: 'a', create: true, validate: 'false %s' });
    assert.equal(r.status, 'failed');
    assert.deepEqual(await readdir(h.root), []);
  });
});
