/**
 * Parameter names against Ansible's own documentation (ansible-doc): for
 * every module kolla-run implements and Ansible ships, each alias Ansible
 * documents for a parameter we accept must be accepted too, so a playbook
 * that spells it `dest`, `pkg` or `daemon-reload` loads here as there.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { checkModuleArgs } from '../../../src/executor/module-args.js';
import { findModule, moduleNames } from '../../../src/modules/registry.js';
import { cachedOracle } from '../../support/oracle-cache.js';

type Options = Record<string, string[]>;

async function ansibleOptions(names: readonly string[]): Promise<Record<string, Options>> {
  return cachedOracle('', ['ansible-doc', names], async () => {
    const { stdout } = await promisify(execFile)('ansible-doc', ['-j', ...names.map((n) => `ansible.builtin.${n}`)], { maxBuffer: 64 << 20 });
    const docs = JSON.parse(stdout) as Record<string, { doc: { options?: Record<string, { aliases?: string[] }> } }>;
    return Object.fromEntries(Object.entries(docs).map(([fqcn, d]) => [fqcn.split('.').pop() ?? fqcn, Object.fromEntries(Object.entries(d.doc.options ?? {}).map(([o, spec]) => [o, spec.aliases ?? []]))]));
  });
}

/** Whether the module's schema knows the name (a wrong value is another matter). */
function accepts(module: NonNullable<Awaited<ReturnType<typeof findModule>>>, name: string): boolean {
  const r = checkModuleArgs(module, { [name]: 'x' });
  return r.ok || !(/unsupported parameter/.test(r.message) && r.message.includes(`"${name}"`));
}

test('every alias Ansible documents for a parameter we accept is accepted', async () => {
  // Modules of ansible.builtin that kolla-run implements (ansible-doc knows no others by that name).
  const builtin = moduleNames().filter((n) => !n.includes('.') && !/^(kolla_|merge_|docker_|openssl_|x509_|podman_|firewalld|sysctl|modprobe)/.test(n));
  const docs = await ansibleOptions(builtin);
  const missing: string[] = [];
  for (const [name, options] of Object.entries(docs)) {
    const module = await findModule(name);
    if (!module) continue;
    for (const [option, aliases] of Object.entries(options)) {
      if (!accepts(module, option)) continue;
      for (const alias of aliases) if (!accepts(module, alias)) missing.push(`${name}: ${alias} (alias of ${option})`);
    }
  }
  assert.deepEqual(missing, []);
});
