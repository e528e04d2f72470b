/**
 * Finding a task's action (src/playbook/action.ts): how its arguments are
 * read, and whether a stray key is reported as a misspelled keyword or as
 * an unknown module.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { catalogOf, findTask, loadError, MODULES, writeTree } from './helpers.js';

const opts = { catalog: catalogOf() };
/** A play whose one task is `lines` (indented under `- name: t`, line 4 on). */
const TASK = (lines: string): string => `- hosts: all\n  tasks:\n    - name: t\n${lines.split('\n').map((l) => `      ${l}`).join('\n')}\n`;

test('a free-form module keeps k=v words that are not its inline options in the command line; other modules read them all', async () => {
  const dir = await writeTree({ 'site.yml': '- hosts: all\n  tasks:\n    - name: cmd\n      command: echo a=b chdir=/tmp\n    - name: dbg\n      debug: msg=hi verbosity=1\n' });
  const book = await loadPlaybook(path.join(dir, 'site.yml'), opts);
  const tasks = book.plays[0]?.tasks ?? [];
  assert.deepEqual(findTask(tasks, 'cmd').args, { chdir: '/tmp', _raw_params: 'echo a=b' });
  assert.deepEqual(findTask(tasks, 'dbg').args, { msg: 'hi', verbosity: '1' });
});

test('module arguments that are a number or a boolean are refused, as Ansible does ("unexpected parameter type in action")', async () => {
  // ansible-playbook --syntax-check fails on both: only a mapping, a string or nothing is an action's arguments.
  for (const [value, words] of [['42', 'the number 42'], ['true', 'the boolean true'], ['1.5', 'the number 1.5']]) {
    const dir = await writeTree({ 'site.yml': TASK(`command: ${value}`) });
    assert.deepEqual(await loadError(dir), { where: 'site.yml:4:16', reason: `the arguments of "command" in task "t" must be a mapping or a "key=value" string, not ${words}` });
  }
});

test('an escape past the last Unicode character is an input error at the arguments', async () => {
  const dir = await writeTree({ 'site.yml': TASK('debug: msg=\\U00110000') });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:4:14', reason: 'cannot decode \\U00110000: no such Unicode character in task "t"' });
});

// Whether a stray key is a keyword or a module typo, by edit distance to the nearest of each.
// A few catalogs hold a real Ansible module that sits close to a keyword (dnf, community.general's timezone).
const withModule = (name: string) => catalogOf([...MODULES, name]);

test('a stray key as close to a keyword as to a module is a misspelled keyword', async () => {
  // "dif": one edit from diff and one from dnf.
  const dir = await writeTree({ 'site.yml': TASK('dif: true') });
  assert.deepEqual(await loadError(dir, withModule('dnf')), { where: 'site.yml:4:7', reason: 'unknown keyword "dif" in task "t"; did you mean "diff"?' });
});

test('a stray key closer to a module than to a keyword: a module typo when the task has no module', async () => {
  // "timeone": two edits from timeout, one from timezone.
  const dir = await writeTree({ 'site.yml': TASK('timeone: 5') });
  assert.deepEqual(await loadError(dir, withModule('timezone')), { where: 'site.yml:4:7', reason: 'unknown module "timeone" in task "t"; did you mean "timezone"?' });
});

test('beside a module, a stray key within two edits of a keyword is that keyword misspelled, even when a module is closer', async () => {
  const dir = await writeTree({ 'site.yml': TASK('command: ls\ntimeone: 5') });
  assert.deepEqual(await loadError(dir, withModule('timezone')), { where: 'site.yml:5:7', reason: 'unknown keyword "timeone" in task "t"; did you mean "timeout"?' });
});

test('beside a module, a stray key three edits from a keyword (case counts) and closer to a module is a module typo', async () => {
  // "Timeone" is 2 edits from timeout ignoring case (the suggestion) but 3 as written.
  const dir = await writeTree({ 'site.yml': TASK('command: ls\nTimeone: 5') });
  assert.deepEqual(await loadError(dir, withModule('timezone')), { where: 'site.yml:5:7', reason: 'unknown module "Timeone" in task "t"; did you mean "timezone"?' });
});

test('beside a module, a stray key near nothing is an unknown keyword; near a module only, an unknown module', async () => {
  const far = await writeTree({ 'site.yml': TASK('command: ls\nfrobnicate: 1') });
  assert.deepEqual(await loadError(far), { where: 'site.yml:5:7', reason: 'unknown keyword "frobnicate" in task "t"' });
  const module = await writeTree({ 'site.yml': TASK('ping:\ncomand: ls') });
  assert.deepEqual(await loadError(module), { where: 'site.yml:5:7', reason: 'unknown module "comand" in task "t"; did you mean "command"?' });
});

test('a misspelled FQCN module beside another module is measured by its short name and suggested with its prefix', async () => {
  const dir = await writeTree({ 'site.yml': TASK('ping:\nansible.builtin.comand: ls') });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:5:7', reason: 'unknown module "ansible.builtin.comand" in task "t"; did you mean "ansible.builtin.command"?' });
});
