/**
 * The openstack.cloud modules of kolla_toolbox through each state: created,
 * as wanted, updated, deleted and already gone, with the results
 * openstack.cloud registers (changed, and the object in openstacksdk's
 * field names) and the client commands they run; and the client's failures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliResult } from '../../../../src/modules/toolbox/openstack/cli.js';
import { cliAuth, type OpenStackCommon } from '../../../../src/modules/toolbox/openstack/auth.js';
import { parseCliOutput } from '../../../../src/modules/toolbox/openstack/cli.js';
import { asObject } from '../../../../src/modules/toolbox/openstack/module.js';
import { fakeCli, notFound, ok, runModule, toolboxParams, unauthorized } from './fakes.js';

const AUTH = { auth_url: 'http://10.0.0.250:5000', username: 'admin', password: 'admin-secret', project_name: 'admin', domain_name: 'Default' };
const params = (moduleName: string, args: Record<string, unknown>) => toolboxParams(moduleName, { auth: AUTH, region_name: 'RegionOne', interface: 'internal', ...args });
const UNAUTHORIZED_MSG = unauthorized.stderr.trim();

describe('openstack.cloud: the auth dict and the client output', () => {
  it('leaves out auth values that are null or empty', () => {
    const p = params('identity_role', { name: 'r', auth: { ...AUTH, user_domain_name: null, project_domain_name: '' } });
    const env = cliAuth(p.args as OpenStackCommon).env;
    assert.equal('OS_USER_DOMAIN_NAME' in env, false);
    assert.equal('OS_PROJECT_DOMAIN_NAME' in env, false);
    assert.equal(env.OS_DOMAIN_NAME, 'Default');
  });

  it("a runner that did not answer: the last 5 lines of its stderr, else its stdout", () => {
    // python3's traceback when the runner's input is not JSON (Debian 12's python3.11).
    const traceback = [
      'Traceback (most recent call last):',
      '  File "<string>", line 1, in <module>',
      '  File "/usr/lib/python3.11/json/__init__.py", line 293, in load',
      '    return loads(fp.read(),',
      '           ^^^^^^^^^^^^^^^^',
      '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads',
      '    return _default_decoder.decode(s)',
      '           ^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File "/usr/lib/python3.11/json/decoder.py", line 337, in decode',
      '    obj, end = self.raw_decode(s, idx=_w(s, 0))',
      '               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode',
      '    raise JSONDecodeError("Expecting value", s, err.value) from None',
      'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    ];
    assert.throws(() => parseCliOutput(1, '', `${traceback.join('\n')}\n`), { message: `the openstack client did not run (exit 1): ${traceback.slice(-5).join('\n')}` });
    const missing = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "python3": executable file not found in $PATH: unknown';
    assert.throws(() => parseCliOutput(126, `${missing}\r\n`, ''), { message: `the openstack client did not run (exit 126): ${missing}` });
    assert.throws(() => parseCliOutput(137, '', ''), { message: 'the openstack client did not run (exit 137): no output' });
  });

  it("a failed command's message is its last 3 lines", async () => {
    const stderr = [
      '/var/lib/kolla/venv/lib/python3.10/site-packages/openstack/config/cloud_region.py:452: UserWarning: You have a configured API_VERSION with \'v2.0\' in it.',
      '  warnings.warn(',
      'Failed to discover available identity versions when contacting http://10.0.0.250:5000. Attempting to parse version from URL.',
      'Unable to establish connection to http://10.0.0.250:5000/v3/auth/tokens: HTTPConnectionPool(host=\'10.0.0.250\', port=5000): Max retries exceeded',
    ];
    const { q } = await runModule(params('identity_role', { name: 'member' }), fakeCli([[/^role show/, { rc: 1, stdout: '', stderr: `${stderr.join('\n')}\n` }]]));
    assert.deepEqual(q.result, { failed: true, changed: false, msg: stderr.slice(-3).join('\n') });
  });

  it("an object the client did not print is no object (null, text, nothing)", () => {
    for (const printed of [null, 'text', undefined, 3]) assert.deepEqual(asObject(printed), {});
  });
});

describe('openstack.cloud.identity_role', () => {
  const role = { description: 'Member', domain_id: null, id: 'r1', name: 'member', options: {} };

  it('creates a missing role, leaves one as wanted, updates its description', async () => {
    const cli = fakeCli([[/^role show/, notFound('role', 'member')], [/^role create/, ok(role)]]);
    const created = await runModule(params('identity_role', { name: 'member', description: 'Member' }), cli);
    assert.deepEqual(created.r, { changed: true, role });
    assert.equal(cli.seen[1], 'role create --description Member -f json member');
    const same = await runModule(params('identity_role', { name: 'member', description: 'Member' }), fakeCli([[/^role show/, ok(role)]]));
    assert.equal(same.q.changed, false);
    assert.deepEqual(same.r, { role });
    const set = fakeCli([[/^role show/, ok(role)]]);
    const updated = await runModule(params('identity_role', { name: 'member', description: 'Members' }), set);
    assert.deepEqual(updated.r, { changed: true, role: { ...role, description: 'Members' } });
    assert.equal(set.seen[1], 'role set --description Members r1');
  });

  it('deletes a role that exists; one that does not is no change', async () => {
    const cli = fakeCli([[/^role show/, ok(role)]]);
    const deleted = await runModule(params('identity_role', { name: 'member', state: 'absent' }), cli);
    assert.deepEqual(deleted.r, { changed: true });
    assert.deepEqual(cli.seen.slice(1), ['role delete r1']);
    const gone = await runModule(params('identity_role', { name: 'member', state: 'absent' }), fakeCli([[/^role show/, notFound('role', 'member')]]));
    assert.equal(gone.q.changed, false);
  });

  it("the client's failure is the check's failed result, with nothing to apply", async () => {
    const { q } = await runModule(params('identity_role', { name: 'member' }), fakeCli([[/^role show/, unauthorized]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, changed: false, msg: UNAUTHORIZED_MSG });
  });
});

describe('openstack.cloud.identity_domain', () => {
  const domain = { description: 'Heat', enabled: true, id: 'd1', name: 'heat', options: {}, tags: [] };
  const shape = (d: typeof domain) => ({ description: d.description, id: d.id, is_enabled: d.enabled, name: d.name, options: d.options, tags: d.tags });

  it('creates, leaves as wanted, updates (then shows it again)', async () => {
    const created = await runModule(params('identity_domain', { name: 'heat', description: 'Heat' }), fakeCli([[/^domain show/, notFound('domain', 'heat')], [/^domain create/, ok(domain)]]));
    assert.deepEqual(created.r, { changed: true, domain: shape(domain) });
    const same = await runModule(params('identity_domain', { name: 'heat', description: 'Heat' }), fakeCli([[/^domain show/, ok(domain)]]));
    assert.equal(same.q.changed, false);
    assert.deepEqual(same.r, { domain: shape(domain) });
    const disabled = { ...domain, enabled: false };
    const cli = fakeCli([[/^domain show -f json heat/, ok(domain)], [/^domain show -f json d1/, ok(disabled)]]);
    const updated = await runModule(params('identity_domain', { name: 'heat', enabled: false }), cli);
    assert.deepEqual(updated.r, { changed: true, domain: shape(disabled) });
    assert.deepEqual(cli.seen.slice(1), ['domain set --disable d1', 'domain show -f json d1']);
  });

  it('deletes a domain that exists; one that does not is no change', async () => {
    const deleted = await runModule(params('identity_domain', { name: 'heat', state: 'absent' }), fakeCli([[/^domain show/, ok(domain)]]));
    assert.deepEqual(deleted.r, { changed: true });
    const gone = await runModule(params('identity_domain', { name: 'heat', state: 'absent' }), fakeCli([[/^domain show/, notFound('domain', 'heat')]]));
    assert.equal(gone.q.changed, false);
  });
});

describe('openstack.cloud.catalog_service', () => {
  const row = { ID: 's1', Name: 'glance', Type: 'image', Description: 'Image', Enabled: true };

  it('refuses two services of one name and type', async () => {
    const { q } = await runModule(params('catalog_service', { name: 'glance', type: 'image' }), fakeCli([[/^service list/, ok([row, { ...row, ID: 's2' }])]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, msg: 'Found more a single service matching the given parameters.' });
  });

  it('deletes a service that exists; one that does not is no change', async () => {
    const cli = fakeCli([[/^service list/, ok([row])]]);
    const deleted = await runModule(params('catalog_service', { name: 'glance', type: 'image', state: 'absent' }), cli);
    assert.deepEqual(deleted.r, { changed: true });
    assert.deepEqual(cli.seen.slice(1), ['service delete s1']);
    const gone = await runModule(params('catalog_service', { name: 'glance', type: 'image', state: 'absent' }), fakeCli([[/^service list/, ok([])]]));
    assert.equal(gone.q.changed, false);
  });

  it('registers the created service, and an updated one with the new description and its own enabled', async () => {
    const created = await runModule(params('catalog_service', { name: 'glance', type: 'image' }), fakeCli([[/^service list/, ok([])], [/^service create/, ok({ description: null, enabled: true, id: 's3', name: 'glance', type: 'image' })]]));
    assert.deepEqual(created.r, { changed: true, service: { description: null, id: 's3', is_enabled: true, name: 'glance', type: 'image' } });
    const updated = await runModule(params('catalog_service', { name: 'glance', type: 'image', description: 'Images' }), fakeCli([[/^service list/, ok([row])]]));
    assert.deepEqual(updated.r, { changed: true, service: { description: 'Images', id: 's1', is_enabled: true, name: 'glance', type: 'image' } });
  });
});

describe('openstack.cloud.endpoint', () => {
  const service = ok({ id: 's1', name: 'glance', type: 'image', enabled: true });
  const row = { ID: 'e1', Region: 'RegionOne', 'Service Name': 'glance', 'Service Type': 'image', Enabled: true, Interface: 'internal', URL: 'http://x' };
  const args = { service: 'glance', endpoint_interface: 'internal', url: 'http://x', region: 'RegionOne' };
  const shape = { id: 'e1', interface: 'internal', is_enabled: true, region_id: 'RegionOne', service_id: 's1', url: 'http://x' };

  it('a missing service fails the check; a failing client is its failed result', async () => {
    const none = await runModule(params('endpoint', args), fakeCli([[/^service show/, { rc: 1, stdout: '', stderr: "No service with a type, name or ID of 'glance' exists.\n" }]]));
    assert.equal(none.q.changed, false);
    assert.deepEqual(none.r, { failed: true, msg: 'Service glance does not exist' });
    const down = await runModule(params('endpoint', args), fakeCli([[/^service show/, unauthorized]]));
    assert.equal(down.q.changed, false);
    assert.deepEqual(down.r, { failed: true, changed: false, msg: UNAUTHORIZED_MSG });
    const forbidden = 'You are not authorized to perform the requested action: identity:list_endpoints. (HTTP 403) (Request-ID: req-0b7c1f7e-2d55-4b55-8f0e-6c3c1e1a9d42)';
    const listing = await runModule(params('endpoint', args), fakeCli([[/^service show/, service], [/^endpoint list/, { rc: 1, stdout: '', stderr: `${forbidden}\n` }]]));
    assert.deepEqual(listing.r, { failed: true, changed: false, msg: forbidden });
    // A runner that ended after the service, with no failure to show.
    const early = await runModule(params('endpoint', args), { run: async () => [service] });
    assert.deepEqual(early.r, { failed: true, changed: false, msg: 'the openstack client stopped early' });
  });

  it('refuses two endpoints for the interface, naming the region or None', async () => {
    const two = ok([row, { ...row, ID: 'e2', Region: 'RegionTwo' }]);
    const { q } = await runModule(params('endpoint', { ...args, region: undefined }), fakeCli([[/^service show/, service], [/^endpoint list/, two]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, msg: 'Service glance, interface internal and region None are not unique' });
  });

  it('creates a missing endpoint, deletes one that exists, nothing when absent and gone', async () => {
    const created = await runModule(params('endpoint', args), fakeCli([[/^service show/, service], [/^endpoint list/, ok([])], [/^endpoint create/, ok({ enabled: true, id: 'e1', interface: 'internal', region: 'RegionOne', region_id: 'RegionOne', service_id: 's1', url: 'http://x' })]]));
    assert.deepEqual(created.r, { changed: true, endpoint: shape });
    const cli = fakeCli([[/^service show/, service], [/^endpoint list/, ok([row])]]);
    const deleted = await runModule(params('endpoint', { ...args, state: 'absent' }), cli);
    assert.deepEqual(deleted.r, { changed: true });
    assert.equal(cli.seen[2], 'endpoint delete e1');
    const gone = await runModule(params('endpoint', { ...args, state: 'absent' }), fakeCli([[/^service show/, service], [/^endpoint list/, ok([])]]));
    assert.equal(gone.q.changed, false);
  });

  it('an updated endpoint is registered changed', async () => {
    const moved = await runModule(params('endpoint', { ...args, url: 'http://y' }), fakeCli([[/^service show/, service], [/^endpoint list/, ok([row])]]));
    assert.deepEqual(moved.r, { changed: true, endpoint: { ...shape, url: 'http://y' } });
  });
});

describe('openstack.cloud.identity_user', () => {
  const user = { default_project_id: null, domain_id: 'default', email: null, enabled: true, id: 'u1', name: 'glance', options: {}, password_expires_at: null, description: null };
  const shape = (u: Record<string, unknown>) => ({ default_project_id: u.default_project_id, description: u.description, domain_id: u.domain_id, email: u.email, id: u.id, is_enabled: u.enabled, name: u.name, password_expires_at: u.password_expires_at });

  it('a password to set always that is not given fails the check, changing nothing', async () => {
    const { q } = await runModule(params('identity_user', { name: 'glance', update_password: 'always' }), fakeCli([[/^user show/, ok(user)]]));
    assert.equal(q.changed, false);
    assert.deepEqual(q.result, { failed: true, msg: "update_password is 'always' but password is missing" });
  });

  it('creates, updates (then shows it again), deletes; absent and gone is no change', async () => {
    const created = await runModule(params('identity_user', { name: 'glance', password: 'pw' }), fakeCli([[/^user show/, notFound('user', 'glance')], [/^user create/, ok(user)]]));
    assert.deepEqual(created.r, { changed: true, user: shape(user) });
    const withMail = { ...user, email: 'g@example.org' };
    const cli = fakeCli([[/^user show -f json glance/, ok(user)], [/^user show -f json u1/, ok(withMail)]]);
    const updated = await runModule(params('identity_user', { name: 'glance', password: 'pw', email: 'g@example.org' }), cli);
    assert.deepEqual(updated.r, { changed: true, user: shape(withMail) });
    assert.deepEqual(cli.seen.slice(1), ['user set --email g@example.org --enable u1', 'user show -f json u1']);
    const deleted = await runModule(params('identity_user', { name: 'glance', state: 'absent' }), fakeCli([[/^user show/, ok(user)]]));
    assert.deepEqual(deleted.r, { changed: true });
    const gone = await runModule(params('identity_user', { name: 'glance', state: 'absent' }), fakeCli([[/^user show/, notFound('user', 'glance')]]));
    assert.equal(gone.q.changed, false);
  });
});

describe('openstack.cloud.project', () => {
  const project = { description: 'Service', domain_id: 'default', enabled: true, id: 'p1', is_domain: false, name: 'service', options: {}, parent_id: 'default', tags: [] };
  const shape = (p: typeof project) => ({ description: p.description, domain_id: p.domain_id, id: p.id, is_domain: p.is_domain, is_enabled: p.enabled, name: p.name, options: p.options, parent_id: p.parent_id, tags: p.tags });

  it('creates a missing project with its properties', async () => {
    const cli = fakeCli([[/^project show/, notFound('project', 'service')], [/^project create/, ok(project)]]);
    const created = await runModule(params('project', { name: 'service', description: 'Service', properties: { tier: 1 } }), cli);
    assert.deepEqual(created.r, { changed: true, project: shape(project) });
    assert.equal(cli.seen[1], 'project create --description Service --property tier=1 -f json service');
  });

  it('updates (then shows it again), deletes; absent and gone is no change', async () => {
    const renamed = { ...project, description: 'Services' };
    const updated = await runModule(params('project', { name: 'service', description: 'Services' }), fakeCli([[/^project show -f json service/, ok(project)], [/^project show -f json p1/, ok(renamed)]]));
    assert.deepEqual(updated.r, { changed: true, project: shape(renamed) });
    const deleted = await runModule(params('project', { name: 'service', state: 'absent' }), fakeCli([[/^project show/, ok(project)]]));
    assert.deepEqual(deleted.r, { changed: true });
    const gone = await runModule(params('project', { name: 'service', state: 'absent' }), fakeCli([[/^project show/, notFound('project', 'service')]]));
    assert.equal(gone.q.changed, false);
  });
});

describe('openstack.cloud.role_assignment', () => {
  const held: CliResult = ok([{ Role: 'r1', User: '', Group: 'g1', Project: 'p1', Domain: '', System: '', Inherited: false }]);

  it('names a group, in its own domain or the given one', async () => {
    const cli = fakeCli([[/^role assignment list/, ok([])]]);
    await runModule(params('role_assignment', { group: 'admins', role: 'admin', project: 'service', domain: 'heat' }), cli);
    assert.deepEqual(cli.seen, [
      'role assignment list --role admin --group admins --group-domain heat --project service --project-domain heat -f json',
      'role add --group admins --group-domain heat --project service --project-domain heat admin',
    ]);
    const own = fakeCli([[/^role assignment list/, ok([])]]);
    await runModule(params('role_assignment', { group: 'admins', group_domain: 'Default', role: 'admin', domain: 'heat' }), own);
    assert.equal(own.seen[1], 'role add --group admins --group-domain Default --domain heat admin');
  });

  it('passes the system scope as given', async () => {
    const cli = fakeCli([[/^role assignment list/, ok([])]]);
    await runModule(params('role_assignment', { user: 'u', role: 'reader', system: 'all' }), cli);
    assert.equal(cli.seen[1], 'role add --user u --system all reader');
  });

  it('revokes a role that is held; one that is not is no change', async () => {
    const cli = fakeCli([[/^role assignment list/, held]]);
    const revoked = await runModule(params('role_assignment', { group: 'admins', role: 'admin', project: 'service', state: 'absent' }), cli);
    assert.deepEqual(revoked.r, { changed: true });
    assert.equal(cli.seen[1], 'role remove --group admins --project service admin');
    const none = await runModule(params('role_assignment', { group: 'admins', role: 'admin', project: 'service', state: 'absent' }), fakeCli([[/^role assignment list/, ok([])]]));
    assert.equal(none.q.changed, false);
  });
});
