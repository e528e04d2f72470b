import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { loadPlaybooks } from '../../../src/executor/playbook-runner.js';
import { HostRun, type PlayState } from '../../../src/executor/state.js';
import { hostVarsFilesCache, refreshVarsFiles, staticVarsFiles, type VarsFilesSources } from '../../../src/executor/vars-files.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { standardLookups, Templar } from '../../../src/template/index.js';
import { runIn, scratch } from './run-helper.js';

const INVENTORY = '[g]\nh1 ansible_connection=local which=a\nh2 ansible_connection=local which=b\n';

function play(varsFiles: string, tasks = '    - debug: msg="{{ x }}"\n'): string {
  return `- hosts: g\n  gather_facts: false\n  vars_files:\n${varsFiles}  tasks:\n${tasks}`;
}

describe('templated vars_files in a run', () => {
  test("each host's entry is templated with that host's variables", async () => {
    const dir = scratch({ hosts: INVENTORY, 'a.yml': 'x: A\n', 'b.yml': 'x: B\n', 'site.yml': play('    - "{{ which }}.yml"\n') });
    const { exitCode, msgs } = await runIn(dir);
    assert.equal(exitCode, 0);
    assert.deepEqual(msgs, { h1: ['A'], h2: ['B'] });
  });

  test('a list is the first file that exists: the first when it exists, else the next', async () => {
    const dir = scratch({ hosts: INVENTORY, 'a-first.yml': 'x: first\n', 'second.yml': 'x: second\n', 'site.yml': play('    - ["{{ which }}-first.yml", "second.yml"]\n') });
    assert.deepEqual((await runIn(dir)).msgs, { h1: ['first'], h2: ['second'] });
  });

  test('entries merge in order; a template sees play vars and earlier entries; vars/ is looked in first', async () => {
    const dir = scratch({
      hosts: INVENTORY,
      'base.yml': 'sub: conf\nx: base\ny: base\n',
      'conf/a.yml': 'x: templated-a\ny: templated-a\n',
      'conf/b.yml': 'x: templated-b\ny: templated-b\n',
      'last.yml': 'y: last\n',
      'vars/last.yml': 'y: last-from-vars-dir\n',
      'site.yml': `- hosts: g\n  gather_facts: false\n  vars:\n    ext: yml\n  vars_files:\n    - base.yml\n    - "{{ sub }}/{{ which }}.{{ ext }}"\n    - last.yml\n  tasks:\n    - debug: msg="{{ x }} {{ y }}"\n`,
    });
    assert.deepEqual((await runIn(dir)).msgs, { h1: ['templated-a last-from-vars-dir'], h2: ['templated-b last-from-vars-dir'] });
  });

  test('lookups work in the templates (a config folder from the environment, as Kolla does)', async () => {
    const cfg = scratch({ 'globals.yml': 'x: from-env-folder\n' });
    const dir = scratch({ hosts: INVENTORY, 'group_vars/all.yml': "cfg: \"{{ lookup('env', 'KR_TEST_CFG_DIR') | default('/nonexistent', true) }}\"\n", 'site.yml': play('    - "{{ cfg }}/globals.yml"\n') });
    process.env.KR_TEST_CFG_DIR = cfg;
    try {
      assert.deepEqual((await runIn(dir)).msgs, { h1: ['from-env-folder'], h2: ['from-env-folder'] });
    } finally {
      delete process.env.KR_TEST_CFG_DIR;
    }
  });

  test('an entry none of whose files exists stops the run: where it is written and every path tried', async () => {
    const dir = scratch({ hosts: INVENTORY, 'site.yml': play('    - ["{{ which }}-nope.yml", "/nonexistent/{{ which }}.yml"]\n') });
    await assert.rejects(runIn(dir), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.deepEqual([e.location.file, e.location.line], [path.join(dir, 'site.yml'), 4]);
      for (const p of [path.join(dir, 'vars/a-nope.yml'), path.join(dir, 'a-nope.yml'), '/nonexistent/a.yml']) assert.ok(e.reason.includes(p), e.reason);
      return true;
    });
  });

  test('an undefined variable skips the entry while the host has no facts (as Ansible)', async () => {
    const dir = scratch({ hosts: INVENTORY, 'b.yml': 'x: B\n', 'site.yml': play('    - ["{{ nope }}.yml", "b.yml"]\n', '    - debug: msg="{{ x | default(\'skipped\') }}"\n') });
    assert.deepEqual((await runIn(dir)).msgs, { h1: ['skipped'], h2: ['skipped'] });
  });
});

describe('per-host vars_files, directly', () => {
  async function setup(files: Record<string, string>) {
    const dir = scratch({ hosts: INVENTORY, ...files });
    const loaded = await loadPlaybooks([path.join(dir, 'site.yml')]);
    const inventory = await loadInventory(['hosts'], { cwd: dir, playbookDir: dir });
    const play = loaded.playbooks[0]?.plays[0];
    assert.ok(play);
    const hosts = new Map(['h1', 'h2'].map((n) => [n, new HostRun(n)]));
    const run: VarsFilesSources = {
      inventory,
      templar: new Templar({ lookup: standardLookups({}) }),
      hosts,
      extraVars: {},
      playbookDir: dir,
      options: { check: false, diff: false, forks: 5, verbosity: 0, tags: [], skipTags: [] },
      loader: loaded.loader,
    };
    const cache = hostVarsFilesCache(play.vars_files);
    const state: PlayState = {
      play,
      allHosts: ['h1', 'h2'],
      batch: ['h1', 'h2'],
      playVars: play.keywords.vars ?? {},
      varsFiles: staticVarsFiles(play.vars_files),
      ...(cache && { hostVarsFiles: cache }),
      allRoleDefaults: {},
      allRoleVars: {},
      roleNames: [],
      dependentRoleNames: [],
      handlers: [],
      notified: new Map(),
      rolesDone: new Map(),
      ended: false,
      endBatch: false,
      abortPlaybook: false,
      endPlaybookAfterBatch: false,
    };
    return { run, state, h1: hosts.get('h1') as HostRun, h2: hosts.get('h2') as HostRun };
  }

  test('static entries only: no per-host cache, the merged vars as before', async () => {
    const { state } = await setup({ 'a.yml': 'x: 1\ny: 1\n', 'b.yml': 'y: 2\n', 'site.yml': play('    - a.yml\n    - b.yml\n') });
    assert.equal(state.hostVarsFiles, undefined);
    assert.deepEqual(state.varsFiles, { x: 1, y: 2 });
  });

  test('computed once per host, again when its facts change (a fact may name the file)', async () => {
    const { run, state, h1, h2 } = await setup({
      'Debian.yml': 'x: debian\n',
      'default.yml': 'x: default\n',
      'site.yml': play('    - ["{{ ansible_facts.os_family }}.yml", "default.yml"]\n'),
    });
    await refreshVarsFiles(run, state, [h1, h2]);
    // No facts yet: the undefined fact skips the whole entry (its later names too), as Ansible does.
    assert.deepEqual(state.hostVarsFiles?.get('h1')?.vars, {});
    h1.facts = { os_family: 'Debian' };
    h2.facts = { os_family: 'RedHat' };
    await refreshVarsFiles(run, state, [h1, h2]);
    assert.deepEqual(state.hostVarsFiles?.get('h1')?.vars, { x: 'debian' });
    assert.deepEqual(state.hostVarsFiles?.get('h2')?.vars, { x: 'default' });
    const before = state.hostVarsFiles?.get('h1');
    await refreshVarsFiles(run, state, [h1]);
    assert.equal(state.hostVarsFiles?.get('h1'), before, 'same facts: not computed again');
  });

  test('an undefined variable once the host has facts is an error naming the entry', async () => {
    const { run, state, h1 } = await setup({ 'site.yml': play('    - "{{ nope }}.yml"\n') });
    h1.facts = { os_family: 'Debian' };
    await assert.rejects(refreshVarsFiles(run, state, [h1]), (e: unknown) => e instanceof InputError && /undefined variable .* vars_files item/.test(e.reason) && e.location.line === 4);
  });

  test('a file that is not a mapping is reported at its own location', async () => {
    const { run, state, h1 } = await setup({ 'a.yml': '- 1\n- 2\n', 'site.yml': play('    - "{{ which }}.yml"\n') });
    await assert.rejects(refreshVarsFiles(run, state, [h1]), (e: unknown) => e instanceof InputError && e.location.file.endsWith('a.yml') && /must be a mapping/.test(e.reason));
  });
});
