/** Playbook files (src/playbook/plays.ts): import_playbook, and where a play's vars_files name is looked for. */
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { varsFileCandidates } from '../../../src/playbook/plays.js';
import { catalogOf, loadError, writeTree } from './helpers.js';

test('vars_files: vars/<name> then <name> beside the playbook; absolute and ~ names as they are', () => {
  assert.deepEqual(varsFileCandidates('x.yml', '/p'), ['/p/vars/x.yml', '/p/x.yml']);
  // Ansible adds vars/ even when the name starts with it.
  assert.deepEqual(varsFileCandidates('vars/x.yml', '/p'), ['/p/vars/vars/x.yml', '/p/vars/x.yml']);
  assert.deepEqual(varsFileCandidates('/etc/kolla/../kolla/globals.yml', '/p'), ['/etc/kolla/globals.yml']);
  assert.deepEqual(varsFileCandidates('~/v.yml', '/p'), [join(homedir(), 'v.yml')]);
  assert.deepEqual(varsFileCandidates('~', '/p'), [homedir()]);
  // Only "~" or "~/" is the home folder: "~x" is a name like any other.
  assert.deepEqual(varsFileCandidates('~x.yml', '/p'), ['/p/vars/~x.yml', '/p/~x.yml']);
});

test('import_playbook adds its tags and vars to the imported plays\' own, and adds no empty ones', async () => {
  const dir = await writeTree({
    'site.yml': '- import_playbook: a.yml\n- import_playbook: a.yml\n  tags: [one]\n- import_playbook: b.yml\n- import_playbook: b.yml\n  tags: imp\n  vars: {v: 2}\n',
    'a.yml': '- hosts: all\n',
    'b.yml': '- hosts: all\n  tags: own\n  vars: {w: 1}\n',
  });
  const book = await loadPlaybook(join(dir, 'site.yml'), { catalog: catalogOf() });
  assert.deepEqual(
    book.plays.map((p) => p.keywords),
    [{}, { tags: ['one'] }, { tags: ['own'], vars: { w: 1 } }, { tags: ['own', 'imp'], vars: { w: 1, v: 2 } }],
  );
});

test('an empty playbook file is named as such', async () => {
  const dir = await writeTree({ 'site.yml': '# nothing yet\n' });
  assert.deepEqual(await loadError(dir), { where: 'site.yml:1:1', reason: 'a playbook must be a list of plays, but this file is empty' });
});
