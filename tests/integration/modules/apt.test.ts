import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aptModule, aptParams, applyCommand, parsePackages, planApt } from '../../../src/modules/apt.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
const PKG = 'tree';
before(async () => {
  host = await moduleHost(2);
});
after(async () => host.close());
const installed = async () => (await host.sh(`dpkg-query -W -f='\${db:Status-Abbrev}' ${PKG} 2>/dev/null || true`)).trim();

test('install a small package from the mirror: check mode changes nothing, changed, then ok; remove', { timeout: 900_000 }, async () => {
  if ((await installed()) === 'ii') await host.sh(`DEBIAN_FRONTEND=noninteractive apt-get remove -y -q ${PKG}`);
  // A node image is new with no package lists and a lists folder as old as the image: make the
  // cache older than cache_valid_time, so the module must refresh it (whatever ran here before).
  await host.sh('rm -f /var/lib/apt/periodic/update-success-stamp; mkdir -p /var/lib/apt/lists; touch -d "-2 hours" /var/lib/apt/lists');
  const args = { name: PKG, state: 'present', update_cache: true, cache_valid_time: 3600, install_recommends: false };
  const checked = await host.run(aptModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  assert.notEqual(await installed(), 'ii');
  const first = await host.run(aptModule, args);
  if (first.status === 'failed' && /Could not resolve|Failed to fetch|Temporary failure/.test(String(first.result.msg))) {
    assert.fail(`BLOCKED: the Debian mirror is unreachable from the node: ${String(first.result.msg)}`);
  }
  assert.equal(first.status, 'changed', JSON.stringify(first.result).slice(0, 2000));
  assert.equal(first.result.cache_updated, true, 'a cache older than cache_valid_time is refreshed');
  assert.equal(await installed(), 'ii');
  assert.ok(Array.isArray(first.result.stdout_lines));
  const second = await host.run(aptModule, args);
  assert.equal(second.status, 'ok', JSON.stringify(second.result));
  assert.equal(second.result.cache_updated, false);
  const latest = await host.run(aptModule, { name: [PKG], state: 'latest' });
  assert.equal(latest.status, 'ok');
  const removed = await host.run(aptModule, { name: PKG, state: 'absent' });
  assert.equal(removed.status, 'changed');
  assert.notEqual(await installed(), 'ii');
  assert.equal((await host.run(aptModule, { name: PKG, state: 'absent' })).status, 'ok');
});

test('plans and commands (no host)', () => {
  const pkgs = parsePackages('pkg=tree\tii \t2.1.0-1\npkg=vim\trc \t2:9.0\ncand=tree\t2.1.1-1\n');
  const latest = aptParams.parse({ name: 'tree,nano', state: 'latest' });
  assert.deepEqual(planApt(latest, ['tree', 'nano'], pkgs, false), { updateCache: false, install: ['tree', 'nano'], remove: [] });
  const present = aptParams.parse({ name: ['tree'] });
  assert.deepEqual(planApt(present, ['tree'], pkgs, true), { updateCache: false, install: [], remove: [] });
  const purge = aptParams.parse({ name: 'vim', state: 'absent', purge: true });
  const plan = planApt(purge, ['vim'], pkgs, false);
  assert.deepEqual(plan.remove, ['vim']);
  assert.equal(applyCommand(purge, plan).toDisplay(), 'apt-get purge -y -q -o DPkg::Lock::Timeout=60 vim');
  const install = applyCommand(aptParams.parse({ name: 'x', install_recommends: 'no' }), { updateCache: true, install: ['x=1.0'], remove: [] }).toDisplay();
  assert.equal(install, "apt-get update -q -o DPkg::Lock::Timeout=60 && apt-get install -y -q -o DPkg::Lock::Timeout=60 -o APT::Install-Recommends=no -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold x=1.0");
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await host.run(aptModule, { name: 'x', state: 'installed-ish' })).result.msg), /"state"/);
  assert.match(String((await host.run(aptModule, { name: 'x', cache_valid_time: 'soon' })).result.msg), /"cache_valid_time"/);
  assert.match(String((await host.run(aptModule, { name: 'x', force: true })).result.msg), /"force"/);
});
