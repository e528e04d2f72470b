/**
 * The benches' playbook: 10 tasks per host (file, copy content, copy src,
 * template, lineinfile, file mode, stat, command, shell, assert) writing
 * under /tmp/kr-bench/run-<pid>/<inventory_hostname>/ (all loopback hosts share one
 * filesystem), idempotent: a second run changes nothing.
 *
 * Where kolla-run lacks a module (file, lineinfile and stat were being
 * written when this bench was), the task is replaced by a command or shell
 * task with the same effect and the same one round trip, in the playbook
 * both tools run, and the substitution is reported.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleNames } from '../../src/modules/registry.js';
import { REMOTE_ROOT } from './tools.js';

export const TASKS = 10;
export const WANTED = ['file', 'copy', 'template', 'lineinfile', 'stat', 'command', 'shell', 'assert'] as const;

export interface BenchPlaybook {
  file: string;
  /** Modules replaced by command/shell, with what replaced them ('file -> command'). */
  substitutions: string[];
}

/** Modules this bench wants that kolla-run's registry does not have. */
export function missingModules(): string[] {
  const have = new Set(moduleNames());
  return WANTED.filter((m) => !have.has(m));
}

export async function writeBenchPlaybook(dir: string, options: { forceFallback?: boolean } = {}): Promise<BenchPlaybook> {
  const missing = new Set(options.forceFallback ? ['file', 'lineinfile', 'stat'] : missingModules());
  if (missing.has('copy') || missing.has('template') || missing.has('command') || missing.has('shell') || missing.has('assert')) {
    throw new Error(`kolla-run lacks a module the bench needs: ${[...missing].join(', ')}`);
  }
  await mkdir(join(dir, 'files'), { recursive: true });
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'files', 'motd.txt'), `${'Welcome to a kolla-run bench host.\n'.repeat(20)}`);
  await writeFile(
    join(dir, 'templates', 'conf.j2'),
    [
      '# {{ ansible_managed | default("managed by the bench") }}',
      '[DEFAULT]',
      'host = {{ inventory_hostname }}',
      'address = {{ ansible_host }}',
      '{% for i in range(5) %}',
      'worker_{{ i }} = {{ inventory_hostname }}-{{ i }}',
      '{% endfor %}',
      '',
    ].join('\n'),
  );
  const subs: string[] = [];
  const base = `${REMOTE_ROOT}/{{ inventory_hostname }}`;
  const task = (name: string, body: string[]): string => [`    - name: ${name}`, ...body.map((l) => `      ${l}`)].join('\n');
  const tasks: string[] = [];

  if (missing.has('file')) {
    subs.push('file (directory) -> command mkdir creates=', 'file (mode) -> command chmod');
    tasks.push(task('directory', [`command: mkdir -p ${base}`, 'args:', `  creates: ${base}`]));
  } else tasks.push(task('directory', ['file:', `  path: ${base}`, '  state: directory', '  mode: "0755"']));

  tasks.push(task('copy content', ['copy:', `  content: "hello {{ inventory_hostname }}\\n"`, `  dest: ${base}/content.txt`, '  mode: "0644"']));
  tasks.push(task('copy file', ['copy:', '  src: motd.txt', `  dest: ${base}/motd.txt`]));
  tasks.push(task('template', ['template:', '  src: conf.j2', `  dest: ${base}/conf.ini`, '  mode: "0644"']));

  if (missing.has('lineinfile')) {
    subs.push('lineinfile -> shell grep || echo >>');
    tasks.push(task('lineinfile', [`shell: grep -qxF 'managed = yes' ${base}/lines.txt 2>/dev/null || echo 'managed = yes' >> ${base}/lines.txt`, 'changed_when: false']));
  } else tasks.push(task('lineinfile', ['lineinfile:', `  path: ${base}/lines.txt`, '  regexp: "^managed"', '  line: managed = yes', '  create: true']));

  if (missing.has('file')) tasks.push(task('file mode', [`command: chmod 0600 ${base}/motd.txt`, 'changed_when: false']));
  else tasks.push(task('file mode', ['file:', `  path: ${base}/motd.txt`, '  mode: "0600"']));

  if (missing.has('stat')) {
    subs.push('stat -> command stat');
    tasks.push(task('stat', [`command: stat -c %s ${base}/conf.ini`, 'register: conf', 'changed_when: false']));
  } else tasks.push(task('stat', ['stat:', `  path: ${base}/conf.ini`, 'register: conf']));

  tasks.push(task('command', [`command: cat ${base}/content.txt`, 'register: cat', 'changed_when: false']));
  tasks.push(task('shell', [`shell: test -s ${base}/motd.txt && echo present`, 'register: sh', 'changed_when: false']));
  tasks.push(
    task('assert', [
      'assert:',
      '  that:',
      missing.has('stat') ? '    - conf.rc == 0' : '    - conf.stat.exists',
      '    - cat.stdout == "hello " ~ inventory_hostname',
      '    - sh.stdout == "present"',
    ]),
  );
  if (tasks.length !== TASKS) throw new Error(`bench playbook has ${tasks.length} tasks, not ${TASKS}`);
  const file = join(dir, 'bench.yml');
  await writeFile(file, ['- name: kolla-run bench', '  hosts: bench', '  gather_facts: false', '  tasks:', ...tasks, ''].join('\n'));
  return { file, substitutions: subs };
}
