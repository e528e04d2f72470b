/** The line format's --diff, as ansible-playbook prints it: the diff, a blank line, then the host's status. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDirSync } from '../../support/temp-dir.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

test('--diff: a blank line after each diff, before the changed line', () => {
  const dir = tempDirSync('kr-line-diff-');
  try {
    const dest = join(dir, 'f');
    writeFileSync(dest, 'a\nb\n');
    const playbook = join(dir, 'pb.yml');
    writeFileSync(playbook, `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: {content: "a\\nc\\n", dest: ${dest}}\n`);
    const result = spawnSync(`${root}bin/kolla-run`, [playbook, '-i', 'localhost,', '-c', 'local', '--diff'], { encoding: 'utf8', cwd: dir });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const lines = result.stdout.split('\n');
    const at = lines.indexOf(`--- before: ${dest}`);
    assert.deepEqual(lines.slice(at, at + 8), [`--- before: ${dest}`, `+++ after: ${dest}`, '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '', 'changed: [localhost]']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("-v: a module's result on one line, debug's indented; a loop whose item was censored prints its censored summary (ansible-playbook 2.14's output)", () => {
  const dir = tempDirSync('kr-line-v-');
  try {
    const playbook = join(dir, 'pb.yml');
    writeFileSync(
      playbook,
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        '    - command: "true"',
        '      changed_when: false',
        '    - debug: msg="{{ item }}"',
        '      loop: [a, b]',
        `      no_log: "{{ item == 'a' }}"`,
        '',
      ].join('\n'),
    );
    const result = spawnSync(`${root}bin/kolla-run`, [playbook, '-i', 'localhost,', '-c', 'local', '-v'], { encoding: 'utf8', cwd: dir });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const lines = result.stdout.split('\n');
    assert.ok(lines.some((l) => l.startsWith('ok: [localhost] => {"changed": false, "cmd": ["true"], ')), result.stdout);
    const censored = `{"censored": "the output has been hidden due to the fact that 'no_log: true' was specified for this result"}`;
    const at = lines.indexOf(`ok: [localhost] => (item=None) => ${censored}`);
    assert.ok(at > 0, result.stdout);
    assert.deepEqual(lines.slice(at + 1, at + 5), ['ok: [localhost] => (item=b) => {', '    "msg": "b"', '}', `ok: [localhost] => ${censored}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a module's warnings: [WARNING] lines before the host's status, out of the result -v shows, kept in the registered result; none under no_log", () => {
  const dir = tempDirSync('kr-line-warn-');
  try {
    writeFileSync(join(dir, 'bad.fact'), 'no section = here\n');
    const playbook = join(dir, 'pb.yml');
    const setup = `setup: {fact_path: "${dir}", filter: ansible_local}`;
    writeFileSync(
      playbook,
      [
        '- hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        `    - ${setup}`,
        '      register: r',
        '    - debug: {msg: "{{ r.warnings | length }}"}',
        `    - name: hidden`,
        `      ${setup}`,
        '      no_log: true',
        '',
      ].join('\n'),
    );
    const result = spawnSync(`${root}bin/kolla-run`, [playbook, '-i', 'localhost,', '-c', 'local', '-v'], { encoding: 'utf8', cwd: dir });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const warning = `[WARNING]: error loading facts as JSON or ini - please check content: ${dir}/bad.fact`;
    const lines = result.stdout.split('\n');
    const at = lines.indexOf(warning);
    assert.ok(at > 0, result.stdout);
    assert.match(lines[at + 1] ?? '', /^ok: \[localhost\] => \{"ansible_facts": \{"ansible_local": \{"bad": "error loading/);
    assert.doesNotMatch(lines[at + 1] ?? '', /"warnings"/);
    assert.ok(lines.includes('    "msg": "1"'), 'the registered result keeps its warnings');
    assert.equal(lines.filter((l) => l === warning).length, 1, 'no warning from the no_log task');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
