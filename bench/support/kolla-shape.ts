/**
 * A playbook shaped like kolla-ansible's roles, for bench/kolla-shape.ts:
 * one role per service, each with its containers (4, as Kolla's roles loop
 * over `<service>_services`), and per container, as Kolla's config.yml does:
 *   - its config directory (file, state directory, mode 0770),
 *   - config.json (template, mode 0660),
 *   - 3-5 config files (template, mode 0660; ini files that read role
 *     defaults, host variables, and every host of the group as Kolla's
 *     transport_url and memcached lists do),
 *   - a container check: kolla_container's compare replaced by a stat of
 *     config.json, since Ansible has no kolla_container: like the compare,
 *     a query that only reads the host. (kolla-run's kolla_container reads
 *     the engine's API, one stream per container, which read-ahead does not
 *     batch: a real deploy pays those on top.)
 * Each step is one task looping over the service's containers (Kolla's
 * with_dict over its services). Everything is written under
 * REMOTE_ROOT/<inventory_hostname>/ (the loopback hosts share one
 * filesystem); a second run changes nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REMOTE_ROOT } from './tools.js';

/** Kolla-like service names (only names: nothing of Kolla's is run). */
const SERVICES = ['keystone', 'glance', 'nova', 'neutron', 'cinder', 'heat', 'placement', 'horizon', 'barbican', 'octavia', 'designate', 'magnum'];
const CONTAINERS = ['api', 'worker', 'scheduler', 'agent'];

export interface KollaShape {
  file: string;
  services: number;
  /** Tasks in the play (each loops over a service's containers). */
  tasks: number;
  /** Module runs per host: tasks x loop items, what Ansible runs one by one. */
  moduleRuns: number;
}

/** Config files of the i-th service: 3, 4 or 5. */
function confFiles(service: string, i: number): string[] {
  const all = [`${service}.conf`, `${service}-paste.ini`, 'logging.conf', 'policy.yaml', 'rootwrap.conf'];
  return all.slice(0, 3 + (i % 3));
}

const configJson = (service: string, files: readonly string[]): string =>
  [
    '{',
    `    "command": "${service}-{{ item }} --config-file /etc/${service}/${service}.conf",`,
    '    "config_files": [',
    files
      .map((f, k) =>
        [
          '        {',
          `            "source": "{{ container_config_directory }}/${f}",`,
          `            "dest": "/etc/${service}/${f}",`,
          `            "owner": "${service}",`,
          `            "perm": "0600"${k > 1 ? ',\n            "optional": true' : ''}`,
          `        }${k < files.length - 1 ? ',' : ''}`,
        ].join('\n'),
      )
      .join('\n'),
    '    ],',
    '    "permissions": [',
    `        { "path": "/var/log/kolla/${service}", "owner": "${service}:kolla", "recurse": true }`,
    '    ]',
    '}',
    '',
  ].join('\n');

/** An ini config file reading what Kolla's do: role defaults, the host's own variables, the group's hosts. */
const confTemplate = (service: string, file: string): string =>
  [
    `# ${file} for {{ item }} on {{ inventory_hostname }}`,
    '[DEFAULT]',
    `debug = {{ ${service}_debug | bool }}`,
    'log_dir = /var/log/kolla/' + service,
    'host = {{ inventory_hostname }}',
    'my_ip = {{ ansible_host }}',
    `workers = {{ ${service}_workers }}`,
    "transport_url = rabbit://{% for host in groups['bench'] %}openstack:{{ rabbitmq_password }}@{{ hostvars[host]['ansible_host'] }}:5672{% if not loop.last %},{% endif %}{% endfor %}//",
    '',
    '[database]',
    `connection = mysql+pymysql://${service}:{{ ${service}_database_password }}@{{ database_address }}/${service}`,
    'max_retries = -1',
    '',
    '[cache]',
    'backend = oslo_cache.memcache_pool',
    "memcache_servers = {% for host in groups['bench'] %}{{ hostvars[host]['ansible_host'] }}:11211{% if not loop.last %},{% endif %}{% endfor %}",
    '',
    '[oslo_messaging_notifications]',
    `driver = {{ 'messagingv2' if ${service}_notifications else 'noop' }}`,
    '',
  ].join('\n');

export async function writeKollaShape(dir: string, options: { services?: number } = {}): Promise<KollaShape> {
  const services = SERVICES.slice(0, options.services ?? SERVICES.length);
  const base = `${REMOTE_ROOT}/{{ inventory_hostname }}`;
  let tasks = 0;
  for (const [i, service] of services.entries()) {
    const role = join(dir, 'roles', service);
    await mkdir(join(role, 'tasks'), { recursive: true });
    await mkdir(join(role, 'templates'), { recursive: true });
    await mkdir(join(role, 'defaults'), { recursive: true });
    const files = confFiles(service, i);
    await writeFile(
      join(role, 'defaults', 'main.yml'),
      [
        `${service}_containers:`,
        ...CONTAINERS.map((c) => `  - ${service}-${c}`),
        `${service}_debug: "no"`,
        `${service}_workers: ${2 + (i % 4)}`,
        `${service}_notifications: ${i % 2 === 0}`,
        `${service}_database_password: "pw-${service}"`,
        '',
      ].join('\n'),
    );
    await writeFile(join(role, 'templates', 'config.json.j2'), configJson(service, files));
    for (const f of files) await writeFile(join(role, 'templates', `${f}.j2`), confTemplate(service, f));
    const loop = `  loop: "{{ ${service}_containers }}"`;
    const steps: string[] = [
      [
        `- name: ${service} | Ensuring config directories exist`,
        '  file:',
        `    path: "${base}/{{ item }}"`,
        '    state: directory',
        '    mode: "0770"',
        loop,
      ].join('\n'),
      [
        `- name: ${service} | Copying over config.json files for services`,
        '  template:',
        '    src: config.json.j2',
        `    dest: "${base}/{{ item }}/config.json"`,
        '    mode: "0660"',
        loop,
      ].join('\n'),
      ...files.map((f) =>
        [`- name: ${service} | Copying over ${f}`, '  template:', `    src: ${f}.j2`, `    dest: "${base}/{{ item }}/${f}"`, '    mode: "0660"', loop].join('\n'),
      ),
      [`- name: ${service} | Check ${service} containers`, '  stat:', `    path: "${base}/{{ item }}/config.json"`, loop].join('\n'),
    ];
    tasks += steps.length;
    await writeFile(join(role, 'tasks', 'main.yml'), `---\n${steps.join('\n\n')}\n`);
  }
  const file = join(dir, 'site.yml');
  await writeFile(
    file,
    [
      '- name: Apply Kolla-shaped roles',
      '  hosts: bench',
      '  gather_facts: false',
      '  vars:',
      '    container_config_directory: /var/lib/kolla/config_files',
      '    database_address: 10.0.0.250',
      '    rabbitmq_password: rabbit-pw',
      '  roles:',
      ...services.map((s) => `    - ${s}`),
      '',
    ].join('\n'),
  );
  return { file, services: services.length, tasks, moduleRuns: tasks * CONTAINERS.length };
}
