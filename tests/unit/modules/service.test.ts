/**
 * service and systemd_service on a scripted host. systemd is not PID 1 on
 * this machine nor on the testbed nodes, so `systemctl show`'s answer is
 * written in its own format (Key=Value lines, as systemd 252 prints them
 * for mariadb on Debian 12, trimmed to the properties read here). What is
 * asserted against Ansible's systemd_service.py (2.14): daemon-reload not
 * in check mode, indirect/alias counted as disabled, restarted registered
 * as started, status as read before the change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceModule, systemdServiceModule } from '../../../src/modules/service.js';
import { scriptedHost, type RecordedRun } from '../../support/scripted-host.js';

/** A unit name with a space and shell characters: every systemctl must get it as one quoted word. */
const UNIT = 'kolla $x@1.service';
const Q = `'kolla $x@1.service'`;

interface Unit {
  ActiveState: string;
  UnitFileState: string;
  LoadState?: string;
}

function show(u: Unit): string {
  const sub = u.ActiveState === 'active' ? 'running' : 'dead';
  return [
    'Type=notify', 'Restart=on-abort', 'MainPID=0', `Id=${UNIT}`,
    'ExecStart={ path=/usr/sbin/mariadbd ; argv[]=/usr/sbin/mariadbd $MYSQLD_OPTS ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }', `Names=${UNIT}`, `LoadState=${u.LoadState ?? 'loaded'}`,
    `ActiveState=${u.ActiveState}`, `SubState=${sub}`, 'FragmentPath=/lib/systemd/system/kolla.service', `UnitFileState=${u.UnitFileState}`,
    'UnitFilePreset=enabled', 'StateChangeTimestamp=Thu 2024-01-04 10:00:00 UTC', 'CanStart=yes', 'CanStop=yes', 'CanReload=no', '',
  ].join('\n');
}

const isQuery = (run: RecordedRun) => run.text.startsWith('pid1=$(cat /proc/1/comm 2>/dev/null)');

/** A systemd host with the unit; systemctl's verbs change it as systemd would. */
function serviceHost(unit: Unit) {
  const state = { unit: { ...unit } };
  const h = scriptedHost().on(isQuery, () => ({ stdout: show(state.unit) }));
  h.onWrite(/^systemctl (enable|disable|start|stop|restart|reload|mask|unmask) /, (run) => {
    for (const [, verb] of run.text.matchAll(/systemctl (\w+) /g)) {
      if (verb === 'enable') state.unit.UnitFileState = 'enabled';
      if (verb === 'disable') state.unit.UnitFileState = 'disabled';
      if (verb === 'start' || verb === 'restart') state.unit.ActiveState = 'active';
      if (verb === 'stop') state.unit.ActiveState = 'inactive';
    }
    return {};
  });
  return { h, state };
}

test('started and enabled: check mode reads only; apply enables then starts, the unit quoted; then ok', async () => {
  const { h } = serviceHost({ ActiveState: 'inactive', UnitFileState: 'disabled' });
  const args = { name: UNIT, state: 'started', enabled: true };
  const checked = await h.run(systemdServiceModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  assert.deepEqual(h.writes(), []);
  const first = await h.run(systemdServiceModule, args);
  assert.deepEqual(h.writes(), [`systemctl enable ${Q} && systemctl start ${Q}`]);
  assert.deepEqual([first.result.changed, first.result.name, first.result.state, first.result.enabled], [true, UNIT, 'started', true]);
  // Ansible registers the unit as it read it, before the change.
  assert.equal((first.result.status as Record<string, string>).ActiveState, 'inactive');
  h.clear();
  const again = await h.run(serviceModule, args);
  assert.equal(again.status, 'ok');
  assert.equal((again.result.status as Record<string, string>).SubState, 'running');
  assert.deepEqual(h.writes(), []);
});

test('daemon_reload: never in check mode; a real run reloads before reading the unit, with or without --diff', async () => {
  const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
  const args = { name: UNIT, state: 'restarted', daemon_reload: true };
  await h.run(systemdServiceModule, args, { check: true });
  assert.ok(!h.commands().some((c) => c.includes('daemon-reload')), 'check mode must not daemon-reload');
  for (const diff of [false, true]) {
    h.clear();
    const out = await h.run(systemdServiceModule, args, { diff });
    assert.ok(h.runs.some((r) => isQuery(r) && r.text.includes('systemctl daemon-reload || exit $?\nsystemctl show')), `diff ${diff}: the reload comes before the show`);
    assert.deepEqual(h.writes(), [`systemctl restart ${Q}`]);
    // Ansible registers a restarted (or reloaded) unit's state as started.
    assert.equal(out.result.state, 'started');
  }
  h.clear();
  const reloadOnly = await h.run(systemdServiceModule, { name: UNIT, daemon_reload: true });
  assert.equal(reloadOnly.status, 'ok', 'a reload alone is no change');
  assert.ok(h.commands().some((c) => c.includes('daemon-reload')), 'but it runs');
});

test("indirect and alias unit files count as disabled, as Ansible's is-enabled check says", async () => {
  for (const file of ['indirect', 'alias']) {
    const { h } = serviceHost({ ActiveState: 'active', UnitFileState: file });
    assert.equal((await h.run(systemdServiceModule, { name: UNIT, enabled: true })).status, 'changed', file);
    assert.deepEqual(h.writes(), [`systemctl enable ${Q}`]);
    assert.equal((await serviceHost({ ActiveState: 'active', UnitFileState: file }).h.run(systemdServiceModule, { name: UNIT, enabled: false })).status, 'ok');
  }
  assert.equal((await serviceHost({ ActiveState: 'active', UnitFileState: 'static' }).h.run(serviceModule, { name: UNIT, enabled: true })).status, 'ok');
});

test('stopped: an active or deactivating unit is stopped, a failed one is left', async () => {
  for (const active of ['active', 'deactivating']) {
    const { h } = serviceHost({ ActiveState: active, UnitFileState: 'enabled' });
    await h.run(serviceModule, { name: UNIT, state: 'stopped', enabled: false });
    assert.deepEqual(h.writes(), [`systemctl disable ${Q} && systemctl stop ${Q}`], active);
  }
  const { h } = serviceHost({ ActiveState: 'failed', UnitFileState: 'enabled' });
  assert.equal((await h.run(serviceModule, { name: UNIT, state: 'stopped' })).status, 'ok');
});

test('restarted or reloaded on a stopped unit starts it; masked: mask first', async () => {
  for (const state of ['restarted', 'reloaded']) {
    const { h } = serviceHost({ ActiveState: 'inactive', UnitFileState: 'enabled' });
    await h.run(serviceModule, { name: UNIT, state });
    assert.deepEqual(h.writes(), [`systemctl start ${Q}`], state);
  }
  const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
  await h.run(systemdServiceModule, { name: UNIT, masked: true, state: 'stopped' });
  assert.deepEqual(h.writes(), [`systemctl mask ${Q} && systemctl stop ${Q}`]);
});

test('a unit systemd does not know, and a host without systemd, fail with their messages and run nothing', async () => {
  const { h } = serviceHost({ ActiveState: 'inactive', UnitFileState: '', LoadState: 'not-found' });
  const out = await h.run(serviceModule, { name: UNIT, state: 'started' });
  assert.deepEqual([out.status, out.result.msg], ['failed', `Could not find the requested service ${UNIT}: host`]);
  const bare = scriptedHost({ host: 'node1' }).on(isQuery, { stdout: 'nosystemd=process_api\n' });
  for (const check of [false, true]) {
    const r = await bare.run(systemdServiceModule, { name: UNIT, state: 'started' }, { check });
    assert.deepEqual([r.status, r.result.msg], ['failed', 'systemd_service: node1 does not run systemd (PID 1 is "process_api"); kolla-run manages services through systemctl only']);
  }
  assert.deepEqual([h.writes(), bare.writes()], [[], []]);
});

test("systemctl's failure fails the task with its stderr", async () => {
  const { h } = serviceHost({ ActiveState: 'inactive', UnitFileState: 'enabled' });
  h.onWrite(/^systemctl start /, { rc: 1, stderr: `Job for ${UNIT} failed because the control process exited with error code.\n` });
  const out = await h.run(serviceModule, { name: UNIT, state: 'started' });
  assert.deepEqual([out.status, out.result.msg], ['failed', `Unable to start service ${UNIT}: Job for ${UNIT} failed because the control process exited with error code.`]);
});

test('the registered status is every property systemctl show printed, a value holding "=" whole', async () => {
  const unit = { ActiveState: 'active', UnitFileState: 'enabled' };
  const { h } = serviceHost(unit);
  const out = await h.run(serviceModule, { name: UNIT, state: 'started' });
  const expected = Object.fromEntries(show(unit).split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.deepEqual(out.result.status, expected);
  assert.match(String((out.result.status as Record<string, string>).ExecStart), /^\{ path=\/usr\/sbin\/mariadbd ; argv\[\]=/);
});

test('an empty name is refused before anything runs, by service and systemd_service', async () => {
  for (const module of [serviceModule, systemdServiceModule]) {
    const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
    assert.equal((await h.run(module, { name: '', state: 'started' })).status, 'failed', module.name);
    assert.deepEqual(h.commands(), []);
  }
});

test('daemon-reload runs only when asked: never for service (it has no such parameter), not by default for systemd_service', async () => {
  for (const module of [serviceModule, systemdServiceModule]) {
    const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
    await h.run(module, { name: UNIT, state: 'restarted' });
    assert.ok(!h.commands().some((c) => c.includes('daemon-reload')), module.name);
    assert.deepEqual(h.writes(), [`systemctl restart ${Q}`]);
  }
});

test('masked: false unmasks a masked unit; a masked unit is left masked when masked is true or not given; an unmasked one is not unmasked', async () => {
  const masked = { ActiveState: 'inactive', UnitFileState: 'masked' };
  const unmask = serviceHost(masked).h;
  assert.equal((await unmask.run(systemdServiceModule, { name: UNIT, masked: false })).status, 'changed');
  assert.deepEqual(unmask.writes(), [`systemctl unmask ${Q}`]);
  for (const args of [{ masked: true }, { state: 'stopped' }]) {
    const { h } = serviceHost(masked);
    assert.deepEqual([(await h.run(systemdServiceModule, { name: UNIT, ...args })).status, h.writes()], ['ok', []], JSON.stringify(args));
  }
  const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
  assert.deepEqual([(await h.run(systemdServiceModule, { name: UNIT, masked: false })).status, h.writes()], ['ok', []]);
});

test('the registered state: stopped stays stopped, reloaded is registered as started', async () => {
  const stopped = await serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' }).h.run(serviceModule, { name: UNIT, state: 'stopped' });
  assert.equal(stopped.result.state, 'stopped');
  const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
  const reloaded = await h.run(serviceModule, { name: UNIT, state: 'reloaded' });
  assert.deepEqual([h.writes(), reloaded.result.state], [[`systemctl reload ${Q}`], 'started']);
});

test('a unit systemd does not know fails for enabled alone too, not changed', async () => {
  const { h } = serviceHost({ ActiveState: 'inactive', UnitFileState: '', LoadState: 'not-found' });
  const out = await h.run(systemdServiceModule, { name: UNIT, enabled: false });
  assert.deepEqual([out.status, out.result], ['failed', { changed: false, failed: true, msg: `Could not find the requested service ${UNIT}: host` }]);
});

test("daemon-reload's failure fails the task with systemctl's stderr", async () => {
  const h = scriptedHost({ host: 'node1' }).on(isQuery, { rc: 1, stderr: 'Failed to reload daemon: Access denied\n' });
  const out = await h.run(systemdServiceModule, { name: UNIT, daemon_reload: true });
  assert.deepEqual([out.status, out.result.msg], ['failed', 'systemd_service: systemctl failed on node1: Failed to reload daemon: Access denied']);
});

test('check mode on a unit as wanted: ok, its fields registered', async () => {
  const { h } = serviceHost({ ActiveState: 'active', UnitFileState: 'enabled' });
  const out = await h.run(serviceModule, { name: UNIT, state: 'started', enabled: true }, { check: true });
  assert.deepEqual([out.status, out.result.changed, out.result.state, out.result.enabled], ['ok', false, 'started', true]);
});

test('--diff with daemon_reload: a unit the reload shows as wanted is left, ok', async () => {
  const h = scriptedHost().on(isQuery, (run) => ({ stdout: show({ ActiveState: run.text.includes('daemon-reload') ? 'active' : 'inactive', UnitFileState: 'enabled' }) }));
  const out = await h.run(systemdServiceModule, { name: UNIT, state: 'started', daemon_reload: true }, { diff: true });
  assert.deepEqual([out.status, out.result.changed, h.writes()], ['ok', false, []]);
});
