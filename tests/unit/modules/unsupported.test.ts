/** Interface-only modules: Ansible's argument spec enforced, and a run-time failure saying why the host cannot do it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleContext, RunResult } from '../../../src/modules/contract.js';
import { unsupportedModule, unsupportedModuleNames } from '../../../src/modules/unsupported.js';

test('arguments are checked against the spec: required, choices, types, unknown options', () => {
  const firewalld = unsupportedModule('firewalld').schema;
  assert.equal(firewalld.safeParse({ service: 'https', state: 'enabled', permanent: 'yes' }).success, true);
  assert.equal(firewalld.safeParse({ service: 'https' }).success, false, 'state is required');
  assert.equal(firewalld.safeParse({ service: 'https', state: 'on' }).success, false, 'state has choices');
  assert.equal(firewalld.safeParse({ servise: 'https', state: 'enabled' }).success, false, 'unknown option');
  const podman = unsupportedModule('podman_image_info').schema;
  assert.deepEqual(podman.parse({ name: 'a,b' }), { name: ['a', 'b'] });
});

/** A host that answers `command -v` as told and records what ran. */
function host(found: string | undefined): { ctx: ModuleContext; ran: string[] } {
  const ran: string[] = [];
  const ctx = {
    run: async (command: unknown): Promise<RunResult> => {
      ran.push(String(command));
      return { rc: found === undefined ? 1 : 0, stdout: found ?? '', stderr: '', command: String(command) };
    },
  } as unknown as ModuleContext;
  return { ctx, ran };
}

test('a run that reaches one fails on that host with "not supported on this host" and the reason, changing nothing', async () => {
  assert.deepEqual([...unsupportedModuleNames].sort(), ['firewalld', 'podman_image_info']);
  for (const name of unsupportedModuleNames) {
    const missing = host(undefined);
    const q = await unsupportedModule(name).query({}, missing.ctx);
    assert.equal(q.changed, false);
    assert.equal(q.result?.failed, true);
    assert.match(String(q.result?.msg), new RegExp(`^module "${name}" is not supported on this host: (firewall-cmd|podman) is missing`));
    assert.doesNotMatch(String(q.result?.msg), /yet/);
    assert.equal(missing.ran.length, 1, 'one look for the tool, nothing else');
    const present = host('/usr/bin/tool\n');
    const q2 = await unsupportedModule(name).query({}, present.ctx);
    assert.match(String(q2.result?.msg), /not supported on this host: kolla-run does not drive .* \(\/usr\/bin\/tool is there\)/);
  }
});
