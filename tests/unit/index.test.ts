/**
 * The library's public API as package.json publishes it (main and types):
 * an inventory and a playbook loaded, the run followed through its events,
 * on the controller itself (the local connection, for real).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string };

test('package.json main and types name the built index', () => {
  assert.ok(existsSync(join(ROOT, pkg.main)), pkg.main);
  assert.ok(existsSync(join(ROOT, pkg.types)), pkg.types);
});

test('load an inventory, run a playbook, receive its events and its exit code', async () => {
  const api = (await import(pathToFileURL(join(ROOT, pkg.main)).href)) as typeof import('../../src/index.js');
  const dir = await tempDir('kolla-run-api-');
  try {
    await writeFile(join(dir, 'hosts'), 'ctl ansible_connection=local\n');
    await writeFile(
      join(dir, 'site.yml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - set_fact: { greeting: "hello {{ who }}" }',
        `    - copy: { content: "{{ greeting }}", dest: "${dir}/out" }`,
      ].join('\n') + '\n',
    );
    const inventory = await api.loadInventory([join(dir, 'hosts')]);
    const events: string[] = [];
    const result = await api.runPlaybook(join(dir, 'site.yml'), { inventory, extraVars: { who: 'api' }, onEvent: (e) => events.push(e.type === 'host_result' ? `${e.host}:${e.status}` : e.type) });
    assert.equal(result.exitCode, api.ExitCode.ok);
    assert.equal(await readFile(join(dir, 'out'), 'utf8'), 'hello api');
    assert.deepEqual(events.filter((e) => e.includes(':')), ['ctl:ok', 'ctl:changed']);
    assert.equal(events.at(-1), 'recap');
    await assert.rejects(api.runPlaybook(join(dir, 'missing.yml'), { inventory }), api.InputError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
