/**
 * kolla_toolbox as a task, on a fake engine: the toolbox container looked
 * up, the module's client run in it by the exec API (here the openstack
 * runner of toolbox/openstack/cli.ts, whose answer is a JSON list of each
 * command's rc and output; the commands' own output is the real openstack
 * client's), check mode, failures and secrets.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { checkModuleArgs } from '../../../src/executor/module-args.js';
import { kollaToolboxModule } from '../../../src/modules/kolla_toolbox.js';
import { fakeEngine, multiplexed, type FakeEngine } from '../../support/fake-engine.js';
import { scriptedHost } from '../../support/scripted-host.js';

const PASSWORD = 'Zq3-admin-secret';
const AUTH = { auth_url: 'http://10.0.0.10:5000', username: 'admin', password: PASSWORD, project_name: 'admin', user_domain_name: 'Default', project_domain_name: 'Default' };
const DOMAIN = { module_name: 'openstack.cloud.identity_domain', module_args: { auth: AUTH, name: 'heat_user_domain' } };
const SHOWN = { description: 'Owns users and projects created by heat', enabled: true, id: 'a5c1b1f3d6b54c7e9f0f1a2b3c4d5e6f', name: 'heat_user_domain', options: {}, tags: [] };
const NOT_FOUND = { rc: 1, stdout: '', stderr: "No domain with a name or ID of 'heat_user_domain' exists.\n" };

let engine: FakeEngine;
/** The toolbox container's state, and what the runner prints for the next exec. */
let toolbox: 'running' | 'exited' | 'missing';
let runner: { rc: number; stdout: string; stderr?: string };
before(async () => {
  engine = await fakeEngine();
  engine
    .on('GET', '/containers/kolla_toolbox/json', () =>
      toolbox === 'missing'
        ? { status: 404, json: { message: 'No such container: kolla_toolbox' } }
        : { json: { Id: 'toolbox-id', Name: '/kolla_toolbox', State: { Status: toolbox, Running: toolbox === 'running', ExitCode: 0 } } },
    )
    .on('POST', '/containers/kolla_toolbox/exec', { status: 201, json: { Id: 'exec-1' } })
    .on('POST', '/exec/exec-1/start', () => ({ raw: multiplexed(runner.stdout, runner.stderr ?? '') }))
    .on('GET', '/exec/exec-1/json', () => ({ json: { ID: 'exec-1', Running: false, ExitCode: runner.rc, ProcessConfig: {} } }));
});
after(() => engine.close());
beforeEach(() => {
  toolbox = 'running';
  runner = { rc: 0, stdout: JSON.stringify([NOT_FOUND]) };
  engine.requests.length = 0;
});

const run = (args: Record<string, unknown>, check = false) => scriptedHost({ engine }).run(kollaToolboxModule, args, { check });

test('check mode with a module that has one: its query runs in the toolbox and a change is reported, not skipped', async () => {
  const out = await run(DOMAIN, true);
  assert.deepEqual([out.status, out.result], ['changed', { changed: true }]);
  assert.deepEqual(engine.requests.map((r) => `${r.method} ${r.path}`), ['GET /containers/kolla_toolbox/json', 'POST /containers/kolla_toolbox/exec', 'POST /exec/exec-1/start', 'GET /exec/exec-1/json']);
  const exec = JSON.parse(engine.requests[1]?.body ?? '{}') as { User: string; Env: string[] };
  assert.equal(exec.User, 'ansible');
  assert.ok(exec.Env.includes(`OS_PASSWORD=${PASSWORD}`), 'the password reaches the client by its environment');
  runner = { rc: 0, stdout: JSON.stringify([{ rc: 0, stdout: JSON.stringify(SHOWN), stderr: '' }]) };
  const same = await run({ ...DOMAIN, module_args: { ...DOMAIN.module_args, description: SHOWN.description } }, true);
  assert.equal(same.status, 'ok');
});

test('a module without check mode is skipped there, saying so, without asking the engine', async () => {
  const out = await run({ module_name: 'mysql_query', module_args: { login_password: PASSWORD, query: 'SELECT 1' } }, true);
  assert.deepEqual([out.status, out.result], ['skipped', { changed: false, skipped: true, msg: 'remote module (mysql_query) does not support check mode' }]);
  assert.equal(engine.requests.length, 0);
});

test('a stopped or missing toolbox container fails the task, in check mode and when run, with or without a query', async () => {
  for (const state of ['exited', 'missing'] as const) {
    toolbox = state;
    for (const args of [DOMAIN, { module_name: 'mysql_query', module_args: { login_password: PASSWORD, query: 'SELECT 1' } }]) {
      for (const check of args === DOMAIN ? [true, false] : [false]) {
        const out = await run(args, check);
        assert.deepEqual([out.status, out.result], ['failed', { changed: false, failed: true, msg: 'kolla_toolbox container is missing or not running!' }], `${state} ${args.module_name} check=${check}`);
      }
    }
  }
  assert.ok(!engine.requests.some((r) => r.path.endsWith('/exec')), 'no exec');
});

test("the client's failure fails the task, in check mode too, and no password shows in what is registered", async () => {
  // A client that echoes its credentials (a debug trace): the module masks them wherever they appear.
  runner = { rc: 1, stdout: '', stderr: `Traceback (most recent call last):\nkeystoneauth1.exceptions.http.Unauthorized: The request you have made requires authentication. (password ${PASSWORD})\n` };
  for (const check of [true, false]) {
    const out = await run(DOMAIN, check);
    assert.equal(out.status, 'failed');
    assert.deepEqual(out.result, {
      changed: false,
      failed: true,
      msg: 'the openstack client did not run (exit 1): Traceback (most recent call last):\nkeystoneauth1.exceptions.http.Unauthorized: The request you have made requires authentication. (password ********)',
    });
  }
});

test('module_args: a wrong type is named as such, not as missing; one module_extra_vars is refused; timeout is at least a second', () => {
  const message = (args: Record<string, unknown>) => {
    const r = checkModuleArgs(kollaToolboxModule, args);
    return r.ok ? 'ok' : r.message;
  };
  assert.equal(message({ module_name: 'mysql_user', module_args: { name: 5 } }), 'kolla_toolbox: mysql_user: parameter "name" must be string');
  assert.equal(message({ module_name: 'mysql_user', module_args: {} }), 'kolla_toolbox: mysql_user: parameter "name" must be string and is missing');
  assert.equal(message({ module_name: 'mysql_query', module_args: { query: 5 } }), 'kolla_toolbox: mysql_query: parameter "query" has a type it cannot take');
  assert.equal(message({ module_name: 'mysql_db', module_args: { name: 'x' }, module_extra_vars: { a: 1 } }), 'kolla_toolbox: module_extra_vars is not supported with mysql_db (its module_args are templated by the task already)');
  assert.match(message({ module_name: 'mysql_db', module_args: { name: 'x' }, timeout: 0 }), /timeout/);
  assert.equal(message({ module_name: 'mysql_db', module_args: '{"name": "x"' }), 'kolla_toolbox: mysql_db: module_args is not a JSON object');
});

test('a task the toolbox cannot run (cloud given as a dict) fails, in check mode too, before any exec', async () => {
  const args = { ...DOMAIN, module_args: { cloud: { auth: AUTH }, name: 'heat_user_domain' } };
  for (const check of [true, false]) {
    const out = await run(args, check);
    assert.deepEqual([out.status, out.result], ['failed', { changed: false, failed: true, msg: 'cloud given as a dict is not supported by kolla-run: name a clouds.yaml entry or give auth' }], `check=${check}`);
  }
  assert.ok(!engine.requests.some((r) => r.path.endsWith('/exec')), 'no exec');
});
