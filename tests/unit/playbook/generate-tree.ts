/**
 * Generates a kolla-ansible-sized playbook tree: one play per role, each
 * role with defaults, handlers, a meta dependency, and its tasks split over
 * imported files (like kolla's deploy.yml/config.yml). Used by the large
 * tree test and bench/load.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TreeSize {
  roles: number;
  tasksPerRole: number;
}

export interface GeneratedTree {
  playbook: string;
  /** Tasks in the roles the plays name (the shared dependency not counted). */
  tasks: number;
  modules: readonly string[];
}

const MODULES = ['command', 'copy', 'template', 'file', 'wait_for', 'debug', 'kolla_container'];

function task(role: string, file: string, i: number): string {
  const name = `${role} ${file} step ${i}`;
  switch (i % 6) {
    case 0:
      return `- name: ${name}\n  become: true\n  ansible.builtin.file:\n    path: "/etc/kolla/${role}/{{ item.key }}"\n    state: directory\n    mode: "0770"\n  with_dict: "{{ ${role}_services }}"\n  when: item.value.enabled | bool\n`;
    case 1:
      return `- name: ${name}\n  ansible.builtin.template:\n    src: "{{ item }}.j2"\n    dest: "/etc/kolla/${role}/{{ item }}"\n  loop:\n    - a.conf\n    - b.conf\n  notify:\n    - Restart ${role}\n`;
    case 2:
      return `- name: ${name}\n  ansible.builtin.command: chdir=/tmp echo {{ ${role}_port }}\n  register: ${role.replace(/-/g, '_')}_out_${i}\n  changed_when: false\n  failed_when: ${role.replace(/-/g, '_')}_out_${i}.rc != 0\n`;
    case 3:
      return `- name: ${name}\n  kolla_container:\n    action: start_container\n    common_options: "{{ docker_common_options }}"\n    name: ${role}\n    image: "{{ ${role}_image }}"\n    volumes: "{{ ${role}_volumes }}"\n  delegate_to: "{{ groups['${role}'][0] }}"\n  run_once: true\n`;
    case 4:
      return `- name: ${name}\n  ansible.builtin.wait_for:\n    host: "{{ api_interface_address }}"\n    port: "{{ ${role}_port }}"\n    timeout: 60\n  retries: 10\n  delay: 6\n  until: result is success\n  register: result\n`;
    default:
      return `- name: ${name}\n  ansible.builtin.debug: msg="{{ ${role}_port }} ok"\n  tags: [${role}]\n`;
  }
}

export async function generateTree(dir: string, size: TreeSize = { roles: 100, tasksPerRole: 30 }): Promise<GeneratedTree> {
  const files = ['config', 'deploy', 'check'];
  const perFile = Math.ceil(size.tasksPerRole / files.length);
  const writes: Array<Promise<void>> = [];
  const put = (file: string, text: string): void => {
    writes.push(mkdir(path.dirname(file), { recursive: true }).then(() => writeFile(file, text)));
  };
  put(path.join(dir, 'roles/common/tasks/main.yml'), '- name: Common\n  ansible.builtin.debug:\n    msg: common\n');
  put(path.join(dir, 'roles/common/defaults/main.yml'), 'common_enabled: true\n');
  let total = 0;
  const plays: string[] = [];
  for (let r = 0; r < size.roles; r++) {
    const role = `service-${r}`;
    const root = path.join(dir, 'roles', role);
    const defaults = [`${role}_port: ${5000 + r}`, `${role}_image: "registry/${role}:latest"`, `${role}_services:`];
    for (let s = 0; s < 5; s++) defaults.push(`  ${role}-svc-${s}:\n    enabled: true\n    image: "{{ ${role}_image }}"\n    volumes:\n      - "/etc/kolla/${role}/:/var/lib/kolla/config_files/:ro"\n      - "kolla_logs:/var/log/kolla/"`);
    for (let v = 0; v < 30; v++) defaults.push(`${role}_option_${v}: "{{ ${role}_port }}-${v}"`);
    put(path.join(root, 'defaults/main.yml'), `---\n${defaults.join('\n')}\n`);
    put(path.join(root, 'meta/main.yml'), 'dependencies:\n  - role: common\n');
    put(path.join(root, 'handlers/main.yml'), `- name: Restart ${role}\n  kolla_container:\n    action: recreate_or_restart_container\n    name: ${role}\n  listen: ${role} changed\n`);
    const main: string[] = [];
    let left = size.tasksPerRole;
    for (const f of files) {
      const n = Math.min(perFile, left);
      left -= n;
      const body: string[] = [];
      for (let i = 0; i < n; i++) body.push(task(role, f, i));
      total += n;
      put(path.join(root, 'tasks', `${f}.yml`), `---\n${body.join('\n')}`);
      main.push(`- name: Import ${f}\n  ansible.builtin.import_tasks: ${f}.yml\n  when: ${role.replace(/-/g, '_')}_enabled | default(true) | bool\n`);
    }
    put(path.join(root, 'tasks/main.yml'), main.join('\n'));
    plays.push(`- name: Apply role ${role}\n  hosts: ${role}\n  gather_facts: false\n  serial: '{{ kolla_serial | default("0") }}'\n  max_fail_percentage: "{{ kolla_max_fail_percentage | default(100) }}"\n  roles:\n    - role: ${role}\n      tags: ${role}\n      when: enable_${role.replace(/-/g, '_')} | bool\n`);
  }
  const playbook = path.join(dir, 'site.yml');
  put(playbook, `---\n${plays.join('\n')}`);
  await Promise.all(writes);
  return { playbook, tasks: total, modules: MODULES };
}
