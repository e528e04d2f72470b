/**
 * The registry is the one list of modules: every module a file in
 * src/modules defines must be in it (a module nobody can call is a defect),
 * under a unique name.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { findModule, moduleCatalog, moduleNames } from '../../../src/modules/registry.js';
import { unsupportedModuleNames } from '../../../src/modules/unsupported.js';

const modulesDir = new URL('../../../src/modules/', import.meta.url);

function looksLikeModule(v: unknown): v is { name: string } {
  return typeof v === 'object' && v !== null && 'name' in v && 'schema' in v && typeof (v as { query?: unknown }).query === 'function' && typeof (v as { apply?: unknown }).apply === 'function';
}

test('every module defined in src/modules is listed in the registry', async () => {
  const files = (await readdir(modulesDir)).filter((f) => f.endsWith('.js'));
  const defined: string[] = [];
  for (const file of files) {
    const exports = (await import(new URL(file, modulesDir).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      if (!looksLikeModule(value)) continue;
      defined.push(value.name);
      // By name, not identity: the bundled unit tests (scripts/bundle-unit-tests.mjs) load this file
      // a second time, beside the registry's copy.
      const listed = await findModule(value.name);
      assert.equal(listed?.name, value.name, `${file} exports ${exportName} (module "${value.name}") but the registry does not list it`);
      assert.deepEqual(Object.keys(listed).sort(), Object.keys(value).sort(), `${file}: the registry's "${value.name}" is another module`);
    }
  }
  // Interface-only modules are made from a table, not exported one by one.
  for (const name of unsupportedModuleNames) {
    defined.push(name);
    assert.equal((await findModule(name))?.name, name, `the registry does not list interface-only module "${name}"`);
  }
  assert.ok(defined.length >= 10, `found only ${defined.length} modules`);
  assert.deepEqual([...moduleNames()].sort(), [...new Set(defined)].sort(), 'the registry lists exactly the modules that exist');
});

test('collection prefixes resolve to the same module; unknown names do not', async () => {
  assert.equal(await findModule('ansible.builtin.copy'), await findModule('copy'));
  assert.equal(await findModule('kolla.kolla_container'), await findModule('kolla_container'));
  assert.equal(await findModule('nonexistent'), undefined);
  assert.equal(await findModule('toString'), undefined);
  assert.ok(moduleCatalog.has('ansible.legacy.shell'));
  assert.equal((await findModule('community.docker.docker_prune'))?.name, 'docker_prune');
  assert.equal((await findModule('community.crypto.openssl_csr'))?.name, 'openssl_csr');
});

test('module traits: a free-form module takes its text as _raw_params; a command-like one is also free-form', async () => {
  let freeForm = 0;
  for (const name of moduleNames()) {
    const module = await findModule(name);
    assert.ok(module);
    if (module.commandLike) assert.equal(module.freeForm, '_raw_params', `${name} is command-like but not free-form`);
    if (module.freeForm === undefined) continue;
    freeForm++;
    assert.equal(await moduleCatalog.freeForm(name), true);
    assert.ok(module.schema.safeParse({ _raw_params: 'echo hi' }).success, `${name}: free text must satisfy its schema`);
  }
  assert.ok(freeForm > 0);
  assert.equal(await moduleCatalog.freeForm('copy'), false);
  assert.equal(await moduleCatalog.freeForm('ansible.builtin.shell'), true);
});
