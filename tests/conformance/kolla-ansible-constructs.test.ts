/**
 * kolla-ansible's playbooks read as ansible-playbook 2.14 reads them, on a
 * small tree made here with the constructs that stopped kolla-run on
 * kolla-ansible's own tree: modules named by collection (getent, sysctl,
 * firewalld, docker_prune, the community.crypto ones, podman), kolla's own
 * modules from a library/ folder, a container label without a value, plays
 * with several tags and tasks whose tags are not in order. --syntax-check
 * and --list-tasks must print the same as ansible-playbook (a play's tags
 * compared as a set: Ansible prints a Python set, whose order varies).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hasAnsible } from '../support/ansible.js';

const LAUNCHER = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));

const FILES: Record<string, string> = {
  // Stand-ins for kolla-ansible's own modules: ansible-playbook needs only to find them by name.
  'library/kolla_container.py': '#!/usr/bin/python3\n',
  'library/kolla_toolbox.py': '#!/usr/bin/python3\n',
  inventory: '[control]\nnode1 ansible_connection=local\n\n[compute]\nnode1\n',
  'site.yml': `---
- name: Apply role base
  hosts: control
  gather_facts: false
  tags:
    - common
    - base
  roles:
    - base

- name: Prune
  hosts: all
  gather_facts: false
  tasks:
    - name: Pruning images
      community.docker.docker_prune:
        images: true
        images_filters:
          label: kolla_version
      tags: [zeta, alpha]
    - name: Images on podman
      containers.podman.podman_image_info:
        name: ["kolla/keystone"]
`,
  'roles/base/tasks/main.yml': `---
- name: Check the config owner exists
  ansible.builtin.getent:
    database: passwd
    key: "{{ config_owner | default('root') }}"
- name: Set a sysctl
  become: true
  ansible.posix.sysctl:
    name: net.ipv4.ip_forward
    value: 1
    sysctl_set: true
  tags: [sysctl, kernel]
- name: Open a port
  ansible.posix.firewalld:
    port: "5000/tcp"
    state: enabled
    permanent: true
- name: Private key
  community.crypto.openssl_privatekey:
    path: /tmp/key.pem
    type: RSA
- name: Request
  community.crypto.openssl_csr:
    path: /tmp/req.csr
    privatekey_path: /tmp/key.pem
    CN: kolla
    subjectAltName: "DNS:kolla"
- name: Certificate
  community.crypto.x509_certificate:
    path: /tmp/cert.pem
    csr_path: /tmp/req.csr
    privatekey_path: /tmp/key.pem
    provider: selfsigned
- name: Load a module
  community.general.modprobe:
    name: br_netfilter
- name: Packages
  ansible.builtin.package_facts:
- name: Image facts
  community.docker.docker_image_info:
    name: kolla/keystone
- name: Source
  ansible.builtin.git:
    repo: https://opendev.org/openstack/keystone
    dest: /tmp/src
  tags: [src]
- name: Assemble
  ansible.builtin.assemble:
    src: /tmp/parts
    dest: /tmp/whole
- name: Start the first container
  kolla_container:
    action: start_container
    name: mariadb
    image: mariadb
    labels:
      BOOTSTRAP:
`,
};

let dir = '';
const skip = hasAnsible() ? false : 'ansible-playbook is not installed';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kr-ka-constructs-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: readonly string[]): Promise<{ rc: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LIBRARY: path.join(dir, 'library'), ANSIBLE_ROLES_PATH: path.join(dir, 'roles') };
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ rc: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A play's TAGS as a set: sorted, since ansible-playbook prints a Python set. */
function normalise(out: string): string {
  return out.replace(/^( {2}play #.*\tTAGS: \[)([^\]]*)\]/gm, (_m, head: string, tags: string) => `${head}${tags.split(',').sort().join(',')}]`);
}

for (const mode of ['--syntax-check', '--list-tasks']) {
  test(`${mode} prints what ansible-playbook prints`, { skip }, async () => {
    const args = ['-i', 'inventory', 'site.yml', mode];
    const [ansible, ours] = await Promise.all([run('ansible-playbook', args), run(LAUNCHER, ['playbook', ...args])]);
    assert.equal(ansible.rc, 0, ansible.stderr);
    assert.equal(ours.rc, 0, ours.stderr);
    assert.equal(normalise(ours.stdout), normalise(ansible.stdout));
  });
}
