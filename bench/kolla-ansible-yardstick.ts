/**
 * A yardstick no one here wrote: kolla-ansible's own playbooks read by
 * ansible-playbook and by kolla-run, side by side. For each playbook, each
 * of kolla-ansible's two inventories and each of --syntax-check and
 * --list-tasks, both tools run in the checkout's ansible/ folder (with its
 * library/, action_plugins/ and filter_plugins/ given to Ansible, and its
 * etc/kolla globals.yml and passwords.yml as extra vars); the two outputs
 * and exit codes must be equal. Prints each case and `agree N/M`.
 *
 *   node dist/bench/kolla-ansible-yardstick.js --checkout DIR [--show-diff]
 *   node dist/bench/kolla-ansible-yardstick.js --git BARE_REPO [--rev REV]
 *
 * --git exports REV (HEAD by default) of a bare clone to a temporary folder
 * first. Needs ansible-playbook (Debian's 2.14, scripts/setup.sh installs
 * it). Nothing of kolla-ansible is kept in this repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KOLLA_RUN } from './support/paths.js';

const PLAYBOOKS = ['site.yml', 'post-deploy.yml', 'mariadb-recovery.yml', 'destroy.yml', 'prune-images.yml'];
const INVENTORIES = ['all-in-one', 'multinode'];
const MODES = ['syntax-check', 'list-tasks'] as const;

const { values } = parseArgs({
  options: {
    checkout: { type: 'string' },
    git: { type: 'string' },
    rev: { type: 'string', default: 'HEAD' },
    'show-diff': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`kolla-ansible-yardstick: ${message}\n`);
  process.exit(2);
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) fail(`cannot run ${command}: ${r.error.message}`);
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The checkout to measure, and the commit it is (when git knows it). */
function checkout(): { dir: string; commit: string; cleanup: () => void } {
  if (values.checkout) {
    if (!existsSync(join(values.checkout, 'ansible', 'site.yml'))) fail(`${values.checkout} is not a kolla-ansible checkout (no ansible/site.yml)`);
    const head = run('git', ['-C', values.checkout, 'rev-parse', 'HEAD']);
    return { dir: values.checkout, commit: head.code === 0 ? head.stdout.trim() : 'unknown (not a git work tree)', cleanup: () => undefined };
  }
  if (!values.git) fail('give --checkout DIR (a kolla-ansible work tree) or --git BARE_REPO [--rev REV]');
  const commit = run('git', ['--git-dir', values.git, 'rev-parse', `${values.rev}^{commit}`]);
  if (commit.code !== 0) fail(`${values.git}: no commit ${values.rev}: ${commit.stderr.trim()}`);
  const dir = mkdtempSync(join(tmpdir(), 'kr-yardstick-'));
  const archive = spawnSync('sh', ['-c', `git --git-dir "$1" archive "$2" | tar -x -C "$3"`, 'sh', values.git, commit.stdout.trim(), dir], { encoding: 'utf8' });
  if (archive.status !== 0) fail(`cannot export ${values.rev}: ${archive.stderr}`);
  return { dir, commit: commit.stdout.trim(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A play's TAGS print as a Python set in ansible-playbook's --list-tasks: their order varies between runs. */
function normalize(output: string): string {
  return output.replace(/^( {2}play #.*\tTAGS: \[)([^\]]*)\]/gm, (_m, head: string, tags: string) => `${head}${tags.split(',').sort().join(',')}]`);
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `    line ${i + 1}\n      ansible-playbook: ${left[i] ?? '(end)'}\n      kolla-run:        ${right[i] ?? '(end)'}`;
  }
  return '';
}

const tree = checkout();
try {
  const ansibleDir = join(tree.dir, 'ansible');
  const etc = join(tree.dir, 'etc', 'kolla');
  const env = {
    ...process.env,
    PYTHONPATH: tree.dir,
    ANSIBLE_LIBRARY: join(ansibleDir, 'library'),
    ANSIBLE_ACTION_PLUGINS: join(ansibleDir, 'action_plugins'),
    ANSIBLE_FILTER_PLUGINS: join(ansibleDir, 'filter_plugins'),
    ANSIBLE_ROLES_PATH: join(ansibleDir, 'roles'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_DEPRECATION_WARNINGS: '0',
  };
  let agree = 0;
  let total = 0;
  process.stdout.write(`kolla-ansible ${tree.commit}\n`);
  for (const playbook of PLAYBOOKS) {
    for (const inventory of INVENTORIES) {
      for (const mode of MODES) {
        const args = ['-i', join('inventory', inventory), '-e', `@${join(etc, 'globals.yml')}`, '-e', `@${join(etc, 'passwords.yml')}`, playbook, `--${mode}`];
        const theirs = run('ansible-playbook', args, { cwd: ansibleDir, env });
        const ours = run(process.execPath, [KOLLA_RUN, 'playbook', ...args], { cwd: ansibleDir, env });
        const a = `${normalize(theirs.stdout)}rc=${theirs.code}\n`;
        const b = `${normalize(ours.stdout)}rc=${ours.code}\n`;
        total++;
        const same = a === b;
        if (same) agree++;
        process.stdout.write(`${same ? 'AGREE ' : 'DIFFER'} ${playbook} ${inventory} --${mode}\n`);
        if (!same && values['show-diff']) process.stdout.write(`${firstDifference(a, b)}\n`);
      }
    }
  }
  process.stdout.write(`agree ${agree}/${total}\n`);
  process.exitCode = agree === total ? 0 : 1;
} finally {
  tree.cleanup();
}
