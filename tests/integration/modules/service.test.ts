import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseShow, queryCommand, serviceActions, serviceCommand, serviceModule, systemdServiceModule, systemdServiceParams } from '../../../src/modules/service.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
before(async () => {
  host = await moduleHost(2);
});
after(async () => host.close());

test('a host without systemd: a clear failure, for both modules, in check mode too', { timeout: 60_000 }, async () => {
  const pid1 = (await host.sh('cat /proc/1/comm')).trim();
  assert.notEqual(pid1, 'systemd', 'the testbed nodes run no systemd');
  for (const module of [serviceModule, systemdServiceModule]) {
    const out = await host.run(module, { name: 'ssh', state: 'started', enabled: true });
    assert.equal(out.status, 'failed');
    assert.equal(out.result.msg, `${module.name}: ${host.ctx.host} does not run systemd (PID 1 is "${pid1}"); kolla-run manages services through systemctl only`);
    const checked = await host.run(module, { name: 'ssh', state: 'started' }, { check: true });
    assert.equal(checked.status, 'failed');
  }
});

const p = (args: Record<string, unknown>) => systemdServiceParams.parse({ name: 'mariadb', ...args });
const unit = (active: string, file: string) => parseShow(`Id=mariadb.service\nLoadState=loaded\nActiveState=${active}\nUnitFileState=${file}\n`);

test('the actions: only what differs, enable before the state change', () => {
  assert.deepEqual(serviceActions(p({ state: 'started', enabled: true }), unit('inactive', 'disabled')), ['enable', 'start']);
  assert.deepEqual(serviceActions(p({ state: 'started', enabled: true }), unit('active', 'enabled')), []);
  assert.deepEqual(serviceActions(p({ state: 'started', enabled: 'yes' }), unit('active', 'static')), []);
  assert.deepEqual(serviceActions(p({ state: 'stopped', enabled: false }), unit('active', 'enabled')), ['disable', 'stop']);
  assert.deepEqual(serviceActions(p({ state: 'stopped' }), unit('failed', 'enabled')), []);
  assert.deepEqual(serviceActions(p({ state: 'restarted' }), unit('active', 'enabled')), ['restart']);
  assert.deepEqual(serviceActions(p({ state: 'reloaded' }), unit('active', 'enabled')), ['reload']);
  assert.deepEqual(serviceActions(p({ state: 'reloaded' }), unit('inactive', 'enabled')), ['start']);
  assert.deepEqual(serviceActions(p({ masked: false, state: 'started' }), unit('inactive', 'masked')), ['unmask', 'start']);
});

test('the commands: quoted unit names, one systemctl per verb', () => {
  assert.equal(serviceCommand('kolla-x@1.service', ['enable', 'start']).toDisplay(), 'systemctl enable kolla-x@1.service && systemctl start kolla-x@1.service');
  assert.equal(serviceCommand("a'b", ['stop']).toDisplay(), `systemctl stop 'a'\\''b'`);
  const q = queryCommand(p({ daemon_reload: true }), true).toDisplay();
  assert.match(q, /systemctl daemon-reload \|\| exit \$\?\nsystemctl show --no-pager -- mariadb$/);
  assert.match(q, /\/proc\/1\/comm/);
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await host.run(systemdServiceModule, { name: 'x', state: 'running' })).result.msg), /"state"/);
  assert.match(String((await host.run(serviceModule, { name: 'x', daemon_reload: true })).result.msg), /"daemon_reload"/);
  assert.match(String((await host.run(serviceModule, { state: 'started' })).result.msg), /"name"/);
  assert.match(String((await host.run(systemdServiceModule, { name: 'x', enabled: 'maybe' })).result.msg), /"enabled"/);
});
