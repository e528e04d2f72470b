/**
 * setup's ansible_local on this machine: fact files read as JSON or as INI
 * the way configparser reads them, scripts run, and Ansible's own texts for
 * what cannot be read (expected values as ansible 2.14's setup gave them for
 * the same files).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { readConfigParser } from '../../../src/modules/support/local-facts.js';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const localFacts = async (factPath: string) => {
  const outcome = await assertReadOnly(h, 'setup', { fact_path: factPath, filter: 'ansible_local' });
  return { facts: (outcome.result.ansible_facts as Record<string, unknown>).ansible_local, warnings: outcome.result.warnings };
};

test('no fact_path folder: ansible_local is {} and no warning', async () => {
  assert.deepEqual(await localFacts(h.path('none')), { facts: {}, warnings: undefined });
});

test('JSON, INI and a script, by file name; an unreadable one and a failing script give Ansible’s texts and warnings', async () => {
  await h.write('facts.d/j.fact', '{"a": [1, 2], "b": {"c": "d"}}\n');
  await h.write('facts.d/i.fact', '[General]\nName = Alpha\nKEY: v1\n  more\n[empty]\n[DEFAULT]\nshared = yes\n');
  await h.write('facts.d/x.fact', '#!/bin/sh\necho \'{"run": true}\'\n', 0o755);
  await h.write('facts.d/bad.fact', 'no section = here\n');
  await h.write('facts.d/fail.fact', '#!/bin/sh\necho oops >&2; exit 3\n', 0o755);
  await h.write('facts.d/empty.fact', '');
  await h.write('facts.d/not-a-fact.txt', '{"ignored": true}');
  const dir = h.path('facts.d');
  const { facts, warnings } = await localFacts(dir);
  assert.deepEqual(facts, {
    j: { a: [1, 2], b: { c: 'd' } },
    i: { General: { name: 'Alpha', key: 'v1\nmore', shared: 'yes' }, empty: { shared: 'yes' } },
    x: { run: true },
    bad: `error loading facts as JSON or ini - please check content: ${dir}/bad.fact`,
    fail: `Failure executing fact script (${dir}/fail.fact), rc: 3, err: oops\n`,
    empty: {},
  });
  // configparser's order: a section's own options, then DEFAULT's.
  assert.deepEqual(Object.keys((facts as { i: { General: object } }).i.General), ['name', 'key', 'shared']);
  assert.deepEqual(warnings, [`error loading facts as JSON or ini - please check content: ${dir}/bad.fact`, `Failure executing fact script (${dir}/fail.fact), rc: 3, err: oops\n`]);
});

test('a file name with a space, and `.fact` taken out wherever it is', async () => {
  await h.write('facts.d/my facts.fact', '{"v": 1}');
  await h.write('facts.d/a.fact.fact', '{"v": 2}');
  assert.deepEqual((await localFacts(h.path('facts.d'))).facts, { 'my facts': { v: 1 }, a: { v: 2 } });
});

test('configparser, not the ini package: values verbatim (quotes, ; and # kept), an option twice or before a section is an error', () => {
  assert.deepEqual(readConfigParser('[s]\nA = b ; c\nx: y # z\nq = "quoted"\n'), { s: { a: 'b ; c', x: 'y # z', q: '"quoted"' } });
  assert.equal(readConfigParser('[s]\na = 1\nA = 2\n'), undefined);
  assert.equal(readConfigParser('a = 1\n[s]\n'), undefined);
  assert.deepEqual(readConfigParser(''), {});
});

// Ansible reads a fact file with get_file_content, which strips it with Python's str.strip(): NBSP, VT,
// \x1c and NEL go, a byte order mark stays (and json.loads and configparser refuse it). Expected values
// from `ansible localhost -m setup -a 'fact_path=DIR gather_subset=!all,local filter=ansible_local'`.
test('a fact file is stripped as Python strips it: other whitespace goes, a byte order mark stays', async () => {
  await h.write('facts.d/nbsp.fact', ' \u00a0{"b": 2}\u00a0\n');
  await h.write('facts.d/vt.fact', '\v{"c": 3}\n');
  await h.write('facts.d/fs.fact', '\x1c{"d": 4}\u0085\n');
  await h.write('facts.d/bom.fact', '\ufeff{"a": 1}\n');
  const dir = h.path('facts.d');
  const bom = `error loading facts as JSON or ini - please check content: ${dir}/bom.fact`;
  assert.deepEqual(await localFacts(dir), { facts: { nbsp: { b: 2 }, vt: { c: 3 }, fs: { d: 4 }, bom }, warnings: [bom] });
});
