/**
 * Kolla's own playbooks against the static variable check the command line
 * runs before any host is touched: a false alarm here would stop every
 * deploy, so each playbook is checked, on both inventories (all-in-one
 * directly, multinode through the command line), with a config folder as
 * genpwd and a minimal globals.yml leave it.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkVariables } from '../../../src/check/index.js';
import { main } from '../../../src/cli/main.js';
import { loadPlaybooks } from '../../../src/executor/playbook-runner.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { PASSWORDS_TEMPLATE } from '../../../src/kolla/config-path.js';
import { genpwd } from '../../../src/kolla/genpwd.js';
import { PROJECT_ROOT } from '../../../src/project-root.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const PLAYBOOKS = ['site.yaml', 'upgrade.yaml', 'destroy.yaml', 'post-deploy.yaml', 'prechecks.yaml', 'mariadb-recovery.yaml'];
const playbookDir = join(PROJECT_ROOT, 'playbooks');

let configDir = '';
const savedConfigPath = process.env.KOLLA_CONFIG_PATH;
before(async () => {
  configDir = tempDirSync('kr-kolla-check-');
  await genpwd(join(configDir, 'passwords.yml'), PASSWORDS_TEMPLATE);
  process.env.KOLLA_CONFIG_PATH = configDir;
});
after(() => {
  if (savedConfigPath === undefined) delete process.env.KOLLA_CONFIG_PATH;
  else process.env.KOLLA_CONFIG_PATH = savedConfigPath;
  rmSync(configDir, { recursive: true, force: true });
});

test("every Kolla playbook passes the variable check, and its plays are walked (not skipped as unresolvable)", async () => {
  writeFileSync(join(configDir, 'globals.yml'), 'kolla_internal_vip_address: 192.0.2.250\n');
  for (const name of PLAYBOOKS) {
    const { loader, playbooks } = await loadPlaybooks([join(playbookDir, name)]);
    // all-in-one: every play has a host, so none may be left out.
    const inventory = await loadInventory([join(PROJECT_ROOT, 'inventory', 'all-in-one')], { playbookDir });
    const result = await checkVariables(loader, playbooks, inventory, {});
    assert.equal(result.dynamic, undefined, name);
    assert.equal(result.skipped, 0, `${name}: ${JSON.stringify(result)}`);
    assert.ok(result.checked > 0, name);
    // The command line runs the same check: on the other inventory, through it.
    const io = captureIO();
    const code = await main(['--syntax-check', '-i', join(PROJECT_ROOT, 'inventory', 'multinode'), join(playbookDir, name)], io);
    assert.equal(code, 0, `${name} on multinode: ${io.stderr.join('\n')}`);
  }
});

test('without a virtual address in globals.yml, syntax-check names the template that needs it, exit 3', async () => {
  writeFileSync(join(configDir, 'globals.yml'), 'openstack_tag: latest\n');
  const io = captureIO();
  const code = await main(['--syntax-check', '-i', join(PROJECT_ROOT, 'inventory', 'multinode'), join(playbookDir, 'site.yaml')], io);
  assert.equal(code, 3, io.stderr.join('\n'));
  assert.match(io.stderr.join('\n'), /keepalived\.conf\.j2:\d+:\d+: 'kolla_internal_vip_address' is undefined/);
});
