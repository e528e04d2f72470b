/**
 * kolla_toolbox's openstack.cloud modules and uri on an all-in-one cloud,
 * as kolla-ansible's service-ks-register role calls them: a service, its
 * endpoint, a project, a user with a password, a role and its assignment,
 * made through the toolbox's `openstack` client against Keystone on the
 * virtual address; a second run changes nothing; Keystone's API shows them
 * and the new user logs in with its password; no secret in the output. Its
 * own one-host cloud: the shared 3-node deploy is left to the other tests.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { allInOneDeploy, kollaRun, recap, type CliRun, type KollaDeploy } from '../../support/kolla-deploy.js';
import { CURL, issueToken, secret, shQuote } from '../../support/kolla-probes.js';

let k: KollaDeploy;
let dir: string;
// Fixed: a rerun on the same cloud finds the user made with it (update_password on_create keeps it).
const USER_PASSWORD = 'krtest-user-pw-5e1f';

before(async () => {
  k = await allInOneDeploy();
  dir = mkdtempSync(join(tmpdir(), 'kolla-run-toolbox-ks-'));
});
after(async () => {
  await k?.pool.closeAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The module_args every openstack.cloud task of kolla-ansible passes. */
const COMMON = `
          region_name: RegionOne
          auth: "{{ os_auth }}"
          interface: internal
          cacert: ""`;

const PLAYBOOK = `
- hosts: kolla-toolbox
  gather_facts: false
  become: true
  vars_files: [secrets.yml]
  tasks:
    - name: Service
      kolla_toolbox:
        container_engine: docker
        module_name: openstack.cloud.catalog_service
        module_args:
          name: krtest
          service_type: krtest-type
          description: kolla-run toolbox test${COMMON}
    - name: Endpoint
      kolla_toolbox:
        container_engine: docker
        module_name: openstack.cloud.endpoint
        module_args:
          service: krtest
          url: "http://{{ vip }}:9999"
          endpoint_interface: internal
          region: RegionOne${COMMON}
    - name: Project
      kolla_toolbox:
        container_engine: docker
        module_name: openstack.cloud.project
        module_args:
          name: krtest-project
          domain: default${COMMON}
    - name: User
      kolla_toolbox:
        container_engine: docker
        module_name: openstack.cloud.identity_user
        module_args:
          name: krtest-user
          password: "{{ user_password }}"
          update_password: on_create
          default_project: krtest-project
          domain: default${COMMON}
      register: user
    - name: Role
      kolla_toolbox:
        container_engine: docker
        module_name: identity_role
        module_args:
          name: krtest-role${COMMON}
    - name: Role assignment
      kolla_toolbox:
        container_engine: docker
        module_name: openstack.cloud.role_assignment
        module_args:
          user: krtest-user
          role: krtest-role
          project: krtest-project${COMMON}
    - name: Keystone's version document, from inside the toolbox
      kolla_toolbox:
        container_engine: docker
        module_name: uri
        module_args:
          url: "http://{{ vip }}:5000/v3"
          status_code: 200
      register: version
    - assert:
        that:
          - user.user.name == 'krtest-user'
          - user.user.id | length > 0
          - version.status == 200
          - version.json.version.id is match('v3')
`;

async function play(): Promise<CliRun> {
  return kollaRun([join(dir, 'toolbox.yml'), '-i', k.inventory, '-v'], k.configDir);
}

/** GET `path` on Keystone (through the virtual address) with an admin token: the parsed body. */
async function keystone(token: string, path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await k.sh(0, `${CURL} -H ${shQuote(`X-Auth-Token: ${token}`)} ${shQuote(`http://${k.state.vip}:5000${path}`)}`)) as Record<string, unknown>;
}

test('service, endpoint, project, user and role assignment through kolla_toolbox: made once, then unchanged, and Keystone shows them', { timeout: 900_000 }, async () => {
  const adminPassword = secret(k, 'keystone_admin_password');
  const auth = { auth_url: `http://${k.state.vip}:5000`, username: 'admin', password: adminPassword, project_name: 'admin', user_domain_name: 'Default', project_domain_name: 'Default' };
  writeFileSync(join(dir, 'secrets.yml'), JSON.stringify({ os_auth: auth, user_password: USER_PASSWORD, vip: k.state.vip }), { mode: 0o600 });
  writeFileSync(join(dir, 'toolbox.yml'), PLAYBOOK);

  const first = await play();
  const out = `${first.stdout}\n${first.stderr}`;
  assert.equal(first.code, 0, out.slice(-6000));
  const counts = recap(first.stdout).node1;
  assert.equal(counts?.failed, 0);
  // Six changes on a fresh cloud; fewer when an earlier run of this test made some already.
  assert.ok(counts?.changed !== undefined && counts.changed <= 6, `changed=${counts?.changed}`);
  for (const s of [adminPassword, USER_PASSWORD]) assert.ok(!out.includes(s), 'no password in the output');

  const second = await play();
  assert.equal(second.code, 0, `${second.stdout.slice(-6000)}\n${second.stderr}`);
  assert.equal(recap(second.stdout).node1?.changed, 0, second.stdout.slice(-6000));
  for (const s of [adminPassword, USER_PASSWORD]) assert.ok(!`${second.stdout}${second.stderr}`.includes(s), 'no password in the output');

  const { token } = await issueToken(k, 0, k.state.vip);
  const services = (await keystone(token, '/v3/services?type=krtest-type')).services as Array<{ id: string; name: string; description: string }>;
  assert.deepEqual(services.map((s) => [s.name, s.description]), [['krtest', 'kolla-run toolbox test']]);
  const endpoints = (await keystone(token, `/v3/endpoints?service_id=${services[0]?.id ?? ''}`)).endpoints as Array<{ interface: string; url: string; region_id: string }>;
  assert.deepEqual(endpoints.map((e) => [e.interface, e.url, e.region_id]), [['internal', `http://${k.state.vip}:9999`, 'RegionOne']]);
  const [project] = (await keystone(token, '/v3/projects?name=krtest-project')).projects as Array<{ id: string }>;
  const [user] = (await keystone(token, '/v3/users?name=krtest-user')).users as Array<{ id: string; default_project_id: string }>;
  const [role] = (await keystone(token, '/v3/roles?name=krtest-role')).roles as Array<{ id: string }>;
  assert.ok(project && user && role, 'the project, the user and the role exist');
  assert.equal(user.default_project_id, project.id);
  const assignments = (await keystone(token, `/v3/role_assignments?user.id=${user.id}&scope.project.id=${project.id}&role.id=${role.id}`)).role_assignments as unknown[];
  assert.equal(assignments.length, 1);

  // The password reached Keystone intact: the user gets a token scoped to its project.
  const login = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { id: user.id, password: USER_PASSWORD } } }, scope: { project: { id: project.id } } } });
  const status = await k.sh(0, `${CURL} -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d ${shQuote(login)} http://${k.state.vip}:5000/v3/auth/tokens`);
  assert.equal(status, '201');
});
