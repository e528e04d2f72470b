import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIni, mergeIni, parseIni } from '../../../src/modules/support/ini-merge.js';
import { deepMerge } from '../../../src/modules/merge_yaml.js';

test('values are kept verbatim: # and ; inside values, quotes, colons', () => {
  const doc = parseIni('[database]\nconnection = mysql+pymysql://k:p#w;x@h/db\nq = "quoted"\nx: y\n# a comment\n; another\n');
  assert.deepEqual([...(doc.get('database') ?? [])], [['connection', ['mysql+pymysql://k:p#w;x@h/db']], ['q', ['"quoted"']], ['x', ['y']]]);
});

test('later files replace keys whole; repeated keys in one file are multi-valued', () => {
  const base = parseIni('[DEFAULT]\ndebug = False\nlog_dir = /var/log/kolla/keystone\n[oslo_policy]\npolicy_dirs = a\npolicy_dirs = b\n');
  const global = parseIni('[DEFAULT]\ndebug = True\n[new]\nkey = 1\n');
  const service = parseIni('[oslo_policy]\npolicy_dirs = c\n');
  const merged = mergeIni(mergeIni(base, global), service);
  assert.equal(formatIni(merged), '[DEFAULT]\ndebug = True\nlog_dir = /var/log/kolla/keystone\n\n[oslo_policy]\npolicy_dirs = c\n\n[new]\nkey = 1\n');
  assert.equal(formatIni(base), '[DEFAULT]\ndebug = False\nlog_dir = /var/log/kolla/keystone\n\n[oslo_policy]\npolicy_dirs = a\npolicy_dirs = b\n');
});

test('continuation lines stay with their key; a key outside a section is an error', () => {
  const doc = parseIni('[s]\nlong = first\n  second\nnext = 2\n');
  assert.deepEqual(doc.get('s')?.get('long'), ['first\nsecond']);
  assert.throws(() => parseIni('orphan = 1\n'), /before any \[section\]/);
});

test('merge_yaml merges mappings recursively, later wins; lists replace unless extended', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2], d: 3 } }, false), { a: { b: 1, c: [2], d: 3 } });
  assert.deepEqual(deepMerge({ a: [1] }, { a: [2] }, true), { a: [1, 2] });
});

test('DEFAULT is written first wherever it was met; the other sections keep their order', () => {
  const doc = parseIni('[b]\nx = 1\n[c]\ny = 2\n[DEFAULT]\nd = 0\n[a]\nz = 3\n');
  assert.equal(formatIni(doc, false), '[DEFAULT]\nd=0\n\n[b]\nx=1\n\n[c]\ny=2\n\n[a]\nz=3\n');
});
