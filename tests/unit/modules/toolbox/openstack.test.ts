/**
 * kolla_toolbox's openstack.cloud modules without a cloud: how the common
 * options become the client's environment, how each module's arguments
 * become `openstack` commands, and what a module decides from what the
 * client prints (a fake client answers canned output and records commands).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerEngine } from '../../../../src/containers/engine.js';
import { checkModuleArgs } from '../../../../src/executor/module-args.js';
import type { Query, ResultFields } from '../../../../src/modules/contract.js';
import { kollaToolboxModule, type KollaToolboxParams } from '../../../../src/modules/kolla_toolbox.js';
import { cliAuth } from '../../../../src/modules/toolbox/openstack/auth.js';
import { CLI_ARGV, parseCliOutput, toolboxCli, type CliResult, type OpenStackCli } from '../../../../src/modules/toolbox/openstack/cli.js';
import { lookup } from '../../../../src/modules/toolbox/openstack/module.js';
import { assignmentArgs, type RoleAssignmentParams } from '../../../../src/modules/toolbox/openstack/role-assignment.js';
import { fakeCli, notFound, ok } from './fakes.js';

const AUTH = { auth_url: 'http://10.0.0.250:5000', username: 'admin', password: 'admin-secret', project_name: 'admin', domain_name: 'Default' };

function params(moduleName: string, args: Record<string, unknown>): KollaToolboxParams {
  // An undefined value leaves the parameter out (as Ansible's omit).
  const given = Object.fromEntries(Object.entries({ auth: AUTH, region_name: 'RegionOne', interface: 'internal', ...args }).filter(([, v]) => v !== undefined));
  const checked = checkModuleArgs(kollaToolboxModule, { module_name: moduleName, module_args: given });
  if (!checked.ok) throw new Error(checked.message);
  return checked.params as KollaToolboxParams;
}

async function plan(p: KollaToolboxParams, cli: OpenStackCli): Promise<Query<unknown>> {
  assert.ok(p.module.query);
  return p.module.query(p.args, cli);
}

async function run(p: KollaToolboxParams, cli: OpenStackCli): Promise<{ q: Query<unknown>; r: ResultFields | undefined }> {
  const q = await plan(p, cli);
  return { q, r: q.changed ? await p.module.apply(p.args, q.plan, cli) : q.result };
}

describe('kolla_toolbox openstack.cloud: the common options', () => {
  it('gives the auth dict, region, interface and TLS files as OS_* variables, and nothing on the command line but --insecure', () => {
    const p = params('openstack.cloud.identity_role', { name: 'member', cacert: '/etc/ssl/ca.pem', validate_certs: 'no', cloud: 'kolla-admin' });
    const a = cliAuth(p.args as Parameters<typeof cliAuth>[0]);
    assert.deepEqual(a.env, {
      OS_CLOUD: 'kolla-admin', OS_AUTH_URL: AUTH.auth_url, OS_USERNAME: 'admin', OS_PASSWORD: 'admin-secret', OS_PROJECT_NAME: 'admin', OS_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'internal', OS_CACERT: '/etc/ssl/ca.pem',
    });
    assert.deepEqual(a.globalArgs, ['--insecure']);
    // kolla-ansible passes cacert: "" and endpoint_type for interface.
    const b = cliAuth(params('identity_role', { name: 'member', cacert: '', endpoint_type: 'admin', interface: undefined }).args as Parameters<typeof cliAuth>[0]);
    assert.equal(b.env.OS_CACERT, undefined);
    assert.equal(b.env.OS_INTERFACE, 'admin');
  });

  it('runs python3 with the commands on stdin: the credentials only in the environment, a password only in stdin', async () => {
    const calls: Array<{ argv: readonly string[]; env?: Readonly<Record<string, string>>; stdin?: string | Buffer }> = [];
    const engine = {
      async exec(_name: string, argv: readonly string[], o: { env?: Readonly<Record<string, string>>; stdin?: string | Buffer }) {
        calls.push({ argv, ...o });
        return { rc: 0, stdout: JSON.stringify([{ rc: 0, stdout: '', stderr: '' }]), stderr: '' };
      },
    } as unknown as ContainerEngine;
    const cli = toolboxCli({ engine, container: 'kolla_toolbox', user: 'ansible', timeoutMs: 1000 }, cliAuth(params('identity_role', { name: 'r' }).args as Parameters<typeof cliAuth>[0]));
    await cli.run([['user', 'set', '--password', 'user-secret', 'id1']]);
    const call = calls[0];
    assert.ok(call);
    assert.deepEqual(call.argv, CLI_ARGV);
    assert.ok(!call.argv.join(' ').includes('secret'));
    assert.equal(call.env?.OS_PASSWORD, 'admin-secret');
    assert.deepEqual(JSON.parse(String(call.stdin)), { global: [], commands: [['user', 'set', '--password', 'user-secret', 'id1']] });
  });

  it('keeps every credential of auth and the user password secret; reads what the runner printed, or says why not', () => {
    const p = params('openstack.cloud.identity_user', { name: 'glance', password: 'glance-pw', auth: { ...AUTH, application_credential_secret: 'app-secret' } });
    assert.deepEqual(p.module.secrets(p.args).sort(), ['admin-secret', 'app-secret', 'glance-pw']);
    assert.deepEqual(parseCliOutput(0, '[{"rc":0,"stdout":"","stderr":""}]', ''), [{ rc: 0, stdout: '', stderr: '' }]);
    assert.throws(() => parseCliOutput(1, '', 'Traceback\nModuleNotFoundError: No module named openstackclient\n'), /the openstack client did not run \(exit 1\): Traceback\nModuleNotFoundError/);
  });

  it('knows the modules by short and fully qualified names, with their aliases; refuses rabbitmq_* with the reason', () => {
    assert.equal(params('catalog_service', { name: 'glance', service_type: 'image' }).args.type, 'image');
    assert.equal(params('openstack.cloud.identity_user', { name: 'u', enabled: false }).args.is_enabled, false);
    const r = checkModuleArgs(kollaToolboxModule, { module_name: 'community.rabbitmq.rabbitmq_user', module_args: { user: 'openstack' } });
    assert.match(!r.ok ? r.message : '', /"community.rabbitmq.rabbitmq_user" is not supported .*no rabbitmqctl/);
    const bad = checkModuleArgs(kollaToolboxModule, { module_name: 'openstack.cloud.endpoint', module_args: { service: 's', url: 'u', endpoint_interface: 'private' } });
    assert.match(!bad.ok ? bad.message : '', /endpoint: parameter "endpoint_interface" must be one of "admin", "public", "internal"/);
  });
});

describe('kolla_toolbox openstack.cloud: decisions', () => {
  it('lookup: the last show may find nothing, an earlier one may not', async () => {
    const missing = await lookup(fakeCli([[/^project show/, ok({ id: 'p1' })], [/^user show/, notFound('user', 'u')]]), [['project', 'show', 'p'], ['user', 'show', 'u']]);
    assert.deepEqual(missing, { before: [{ id: 'p1' }], found: undefined });
    await assert.rejects(lookup(fakeCli([[/^project show/, notFound('project', 'p')]]), [['project', 'show', 'p'], ['user', 'show', 'u']]), /No project with a name or ID of 'p' exists/);
  });

  it('catalog_service: matches name and type; updates only a differing description', async () => {
    const list = ok([{ ID: 's1', Name: 'glance', Type: 'image', Description: 'Image', Enabled: true }, { ID: 's2', Name: 'glance', Type: 'other', Description: '', Enabled: true }]);
    const same = await run(params('openstack.cloud.catalog_service', { name: 'glance', service_type: 'image', description: 'Image' }), fakeCli([[/^service list/, list]]));
    assert.equal(same.q.changed, false);
    assert.deepEqual(same.r, { service: { description: 'Image', id: 's1', is_enabled: true, name: 'glance', type: 'image' } });
    const cli = fakeCli([[/^service list/, list]]);
    const changed = await run(params('catalog_service', { name: 'glance', type: 'image', description: 'Images' }), cli);
    assert.equal(changed.q.changed, true);
    assert.deepEqual(cli.seen, ['service list --long -f json', 'service set --description Images s1']);
    const created = fakeCli([[/^service list/, ok([])], [/^service create/, ok({ id: 's3', name: 'nova', type: 'compute', enabled: true })]]);
    await run(params('catalog_service', { name: 'nova', type: 'compute' }), created);
    assert.equal(created.seen[1], 'service create --name nova -f json compute');
  });

  it('endpoint: a missing service fails when present, is no change when absent; a differing url is set', async () => {
    const none = fakeCli([[/^service show/, { rc: 1, stdout: '', stderr: "No service with a type, name or ID of 'glance' exists.\n" }]]);
    assert.deepEqual((await plan(params('endpoint', { service: 'glance', endpoint_interface: 'internal', url: 'http://x' }), none)).result, { failed: true, msg: 'Service glance does not exist' });
    assert.equal((await plan(params('endpoint', { service: 'glance', endpoint_interface: 'internal', url: 'http://x', state: 'absent' }), none)).changed, false);
    const rules: Array<[RegExp, CliResult]> = [[/^service show/, ok({ id: 's1', name: 'glance' })], [/^endpoint list/, ok([{ ID: 'e1', Region: 'RegionOne', Interface: 'internal', Enabled: true, URL: 'http://x' }])]];
    const same = await run(params('endpoint', { service: 'glance', endpoint_interface: 'internal', url: 'http://x', region: 'RegionOne' }), fakeCli(rules));
    assert.equal(same.q.changed, false);
    const cli = fakeCli(rules);
    const moved = await run(params('endpoint', { service: 'glance', endpoint_interface: 'internal', url: 'http://y', region: 'RegionOne' }), cli);
    assert.equal(moved.q.changed, true);
    assert.equal(cli.seen[1], 'endpoint list --service glance --interface internal --region RegionOne -f json');
    assert.equal(cli.seen[2], 'endpoint set --url http://y --enable e1');
    assert.deepEqual(moved.r?.endpoint, { id: 'e1', interface: 'internal', is_enabled: true, region_id: 'RegionOne', service_id: 's1', url: 'http://y' });
  });

  it('identity_user: on_create leaves an existing password alone, always sets it; the default project is compared by id', async () => {
    const rules: Array<[RegExp, CliResult]> = [
      [/^domain show/, ok({ id: 'default', name: 'Default' })],
      [/^project show/, ok({ id: 'p1', name: 'service' })],
      [/^user show/, ok({ id: 'u1', name: 'glance', domain_id: 'default', default_project_id: 'p1', enabled: true })],
    ];
    const args = { name: 'glance', password: 'glance-pw', default_project: 'service', domain: 'default' };
    const onCreate = await run(params('identity_user', args), fakeCli(rules));
    assert.equal(onCreate.q.changed, false);
    assert.equal(JSON.stringify(onCreate.r).includes('glance-pw'), false);
    const cli = fakeCli(rules);
    const always = await run(params('identity_user', { ...args, update_password: 'always' }), cli);
    assert.equal(always.q.changed, true);
    assert.deepEqual(cli.seen.slice(0, 3), ['domain show -f json default', 'project show --domain default -f json service', 'user show --domain default -f json glance']);
    assert.equal(cli.seen[3], 'user set --password glance-pw --project p1 --enable u1');
    const moved = await plan(params('identity_user', { ...args, default_project: 'other' }), fakeCli([[/^project show/, ok({ id: 'p2' })], ...rules]));
    assert.equal(moved.changed, true);
    const missing = await plan(params('identity_user', { ...args, update_password: 'always', password: undefined }), fakeCli(rules));
    assert.deepEqual(missing.result, { failed: true, msg: "update_password is 'always' but password is missing" });
  });

  it('identity_user: a new user is created in its domain with its project id and password', async () => {
    const cli = fakeCli([[/^domain show/, ok({ id: 'default' })], [/^project show/, ok({ id: 'p1' })], [/^user show/, notFound('user', 'glance')], [/^user create/, ok({ id: 'u9', name: 'glance', enabled: true })]]);
    const r = await run(params('identity_user', { name: 'glance', password: 'pw', default_project: 'service', domain: 'default' }), cli);
    assert.equal(r.q.changed, true);
    assert.equal(cli.seen.at(-1), 'user create --domain default --password pw --project p1 --enable -f json glance');
    assert.equal((r.r?.user as Record<string, unknown>).id, 'u9');
  });

  it('project: extra properties compared as text; only what differs is set', async () => {
    const rules: Array<[RegExp, CliResult]> = [[/^project show/, ok({ id: 'p1', name: 'service', description: 'd', enabled: true, tier: '1' })]];
    assert.equal((await plan(params('project', { name: 'service', description: 'd', properties: { tier: 1 } }), fakeCli(rules))).changed, false);
    const cli = fakeCli(rules);
    await run(params('project', { name: 'service', description: 'd', properties: { tier: 2 }, enabled: true }), cli);
    assert.equal(cli.seen[1], 'project set --property tier=2 p1');
  });

  it('role_assignment: a project wins over the domain, which still finds the user and project; required and exclusive parameters', async () => {
    const p = params('role_assignment', { user: 'glance', role: 'admin', project: 'service', domain: 'default' }).args as RoleAssignmentParams;
    assert.deepEqual(assignmentArgs(p), { actor: ['--user', 'glance', '--user-domain', 'default'], scope: ['--project', 'service', '--project-domain', 'default'], role: [] });
    const system = params('role_assignment', { group: 'g', role: 'reader', system: 'all' }).args as RoleAssignmentParams;
    assert.deepEqual(assignmentArgs(system).scope, ['--system', 'all']);
    const none = checkModuleArgs(kollaToolboxModule, { module_name: 'role_assignment', module_args: { user: 'u', role: 'r' } });
    assert.match(!none.ok ? none.message : '', /one of the following is required: domain, project, system/);
    const both = checkModuleArgs(kollaToolboxModule, { module_name: 'role_assignment', module_args: { user: 'u', group: 'g', role: 'r', project: 'p' } });
    assert.match(!both.ok ? both.message : '', /mutually exclusive: user\|group/);
    const cli = fakeCli([[/^role assignment list/, ok([])]]);
    const granted = await run(params('role_assignment', { user: 'glance', role: 'admin', project: 'service' }), cli);
    assert.deepEqual(granted.r, { changed: true });
    assert.deepEqual(cli.seen, ['role assignment list --role admin --user glance --project service -f json', 'role add --user glance --project service admin']);
    const held = fakeCli([[/^role assignment list/, ok([{ Role: 'r1', User: 'u1', Project: 'p1' }])]]);
    assert.equal((await plan(params('role_assignment', { user: 'glance', role: 'admin', project: 'service' }), held)).changed, false);
  });

  it('identity_domain: deleting disables first; identity_role: a client failure is the failed result with its message', async () => {
    const cli = fakeCli([[/^domain show/, ok({ id: 'd1', name: 'dom', enabled: true })]]);
    await run(params('identity_domain', { name: 'dom', state: 'absent' }), cli);
    assert.deepEqual(cli.seen.slice(1), ['domain set --disable d1', 'domain delete d1']);
    const down = fakeCli([[/^role show/, { rc: 1, stdout: '', stderr: 'The request you have made requires authentication. (HTTP 401)\n' }]]);
    assert.deepEqual((await plan(params('identity_role', { name: 'member' }), down)).result, { failed: true, changed: false, msg: 'The request you have made requires authentication. (HTTP 401)' });
  });
});
