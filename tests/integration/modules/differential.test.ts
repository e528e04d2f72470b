/**
 * Differential test of the file modules: every case of differential-cases.ts
 * runs twice through ansible-playbook (ansible-core 2.14, JSON callback) on
 * node2 and twice through the kolla-run module on node3, each in a fresh
 * folder with the same setup (cases marked `check` first run once in check
 * mode, which must change nothing). All rounds must register the same fields
 * (timestamps and inode numbers aside) and leave the same files behind.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { localFiles } from '../../support/local-files.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';
import { evaluateExpressionArgs, setFactResult } from '../../../src/executor/actions.js';
import { Templar } from '../../../src/template/index.js';
import { CASES as ALL_CASES, LOCAL_FILES, LOCAL_MODES, PLAY_VARS, type DiffCase } from './differential-cases.js';

/** KOLLA_RUN_DIFF_ONLY=copy,template runs only the cases whose names start so (while working on a module). */
const only = process.env.KOLLA_RUN_DIFF_ONLY?.split(',').filter((p) => p !== '');
const CASES = only ? ALL_CASES.filter((c) => only.some((p) => c.name.startsWith(p))) : ALL_CASES;

const run = promisify(execFile);
const base = `/tmp/kr-diff-${randomBytes(4).toString('hex')}`;
const IGNORED = new Set(['invocation', 'diff', 'warnings', 'deprecations', 'atime', 'mtime', 'ctime', 'inode', 'dev', 'action', 'start', 'end', 'delta']);
/** Ansible adds the Python it found on the host to every module's facts: no kolla-run counterpart. */
const INTERPRETER_FACT = 'discovered_interpreter_python';
let node2: ModuleHost;
let node3: ModuleHost;
let local = '';
const ansibleResults = new Map<string, unknown[]>();
const ours = new Map<string, unknown[]>();

function fill(value: unknown, c: DiffCase, host: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{dir}', `${base}/${c.name}`).replaceAll('{local}', `${local}/${c.name}`).replaceAll('{host}', host);
  if (Array.isArray(value)) return value.map((v) => fill(v, c, host));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, c, host)]));
  return value;
}

/** A backup's name holds the writer's pid and the time (dest.PID.YYYY-MM-DD@HH:MM:SS~): only its shape is compared. */
const BACKUP_NAME = /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~/g;

/** The registered result without what differs by node or time; hosts' names made alike; find's list sorted. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('node2', '{host}').replaceAll('node3', '{host}').replace(BACKUP_NAME, '.{backup}~');
  if (Array.isArray(value)) {
    const list = value.map(normalise);
    return list.every((v) => v && typeof v === 'object' && 'path' in v) ? list.sort((a, b) => String((a as { path: string }).path).localeCompare(String((b as { path: string }).path))) : list;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !IGNORED.has(k) && !k.startsWith('_ansible'))
        .map(([k, v]): [string, unknown] => [k, k === 'ansible_facts' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([f]) => f !== INTERPRETER_FACT)) : v])
        .filter(([k, v]) => k !== 'ansible_facts' || Object.keys(v as object).length > 0)
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}

async function snapshot(host: ModuleHost, dir: string): Promise<string> {
  const listing = await host.sh(`cd ${dir} && find . -exec stat -c '%n %a %U:%G %s %F' {} + | sort; find . -type f -exec sha256sum {} + | sort; find . -type l -exec readlink {} + | sort`);
  return listing.replace(BACKUP_NAME, '.{backup}~');
}

before(async () => {
  const state = await upTestbed(TEST_NODES);
  local = await mkdtemp(join(tmpdir(), 'kr-diff-local-'));
  // The controller's files/ and templates/ beside the playbook: ansible finds them there, our module through LocalFiles.
  for (const [path, text] of Object.entries(LOCAL_FILES)) {
    await mkdir(dirname(join(local, path)), { recursive: true });
    await writeFile(join(local, path), text);
  }
  for (const [path, mode] of Object.entries(LOCAL_MODES)) await chmod(join(local, path), mode);
  node2 = await moduleHost(1);
  node3 = await moduleHost(2, { local: localFiles(local, PLAY_VARS) });
  const setup = CASES.map((c) => `mkdir -p ${base}/${c.name} && (cd ${base}/${c.name} && ${fill(c.setup ?? 'true', c, '')})`).join(' && ');
  await Promise.all([node2.sh(setup), node3.sh(setup)]);
  // Two rounds of every case in one playbook: the first changes, the second shows idempotency;
  // before them, a round in check mode for the cases that ask for it.
  const tasks = [0, 1, 2].flatMap((round) =>
    CASES.filter((c) => round > 0 || c.check).map((c) => ({ name: `${round} ${c.name}`, [c.action]: fill(c.args, c, '{{ inventory_hostname }}'), ignore_errors: true, ...(round === 0 ? { check_mode: true } : {}) })),
  );
  const playbook = join(local, 'playbook.json');
  await writeFile(playbook, JSON.stringify([{ hosts: 'node2', gather_facts: false, vars: PLAY_VARS, tasks }]));
  const started = Date.now();
  const out = await run('ansible-playbook', ['-i', state.files.inventory, playbook], {
    env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_PIPELINING: 'true', ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const report = JSON.parse(out.stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, unknown> }[] }[] };
  for (const t of report.plays[0]?.tasks ?? []) {
    const name = t.task.name.replace(/^\d /, '');
    ansibleResults.set(name, [...(ansibleResults.get(name) ?? []), t.hosts.node2]);
  }
  process.stderr.write(`ansible-playbook: ${tasks.length} tasks in ${Date.now() - started} ms\n`);
  const ourStart = Date.now();
  for (const round of [0, 1, 2]) {
    for (const c of CASES) {
      if (round === 0 && !c.check) continue;
      const result = await ourRun(c, fill(c.args, c, 'node3') as Record<string, unknown>, round === 0);
      ours.set(c.name, [...(ours.get(c.name) ?? []), result]);
    }
  }
  process.stderr.write(`kolla-run modules: ${tasks.length} tasks in ${Date.now() - ourStart} ms\n`);
  // Both sides' raw results, for a human comparing them: KOLLA_RUN_DIFF_DUMP=/path/file.json.
  const dump = process.env.KOLLA_RUN_DIFF_DUMP;
  if (dump) await writeFile(dump, JSON.stringify(Object.fromEntries(CASES.map((c) => [c.name, { ansible: ansibleResults.get(c.name), ours: ours.get(c.name) }])), null, 1));
});

/**
 * One case through kolla-run as the executor would run it: arguments rendered
 * with the play's vars, expression arguments (debug's var, assert's that)
 * evaluated, engine actions (set_fact) answered without a module.
 */
const templar = new Templar();
async function ourRun(c: DiffCase, raw: Record<string, unknown>, check: boolean): Promise<unknown> {
  const location = { file: c.name };
  if (!c.module) {
    if (c.action === 'set_fact') return setFactResult(templar.render(raw, PLAY_VARS, location) as Record<string, unknown>);
    throw new Error(`${c.name}: no module and no engine action ${c.action}`);
  }
  const expressions = new Set(Object.keys(c.module.expressionArgs ?? {}));
  const rendered = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, expressions.has(k) ? v : templar.render(v, PLAY_VARS, location)]));
  const args = evaluateExpressionArgs(c.module, raw, rendered, templar, PLAY_VARS, location);
  return (await node3.run(c.module, args, { check })).result;
}

/** What ssh -tt adds to Ansible's raw and script output: CRs and OpenSSH's closing notice (cases with `tty`). */
function untty(r: Record<string, unknown>): void {
  for (const key of ['stdout', 'stderr']) {
    const text = r[key];
    if (typeof text !== 'string') continue;
    const clean = text.replaceAll('\r\n', '\n').replace(/^Shared connection to \S+ closed\.\n/m, '');
    r[key] = clean;
    r[`${key}_lines`] = clean === '' ? [] : clean.replace(/\n$/, '').split('\n');
  }
}

after(async () => {
  const teardown = CASES.filter((c) => c.teardown).map((c) => `(${fill(c.teardown, c, '')}) || true`).join('; ');
  if (teardown) await Promise.all([node2?.sh(teardown), node3?.sh(teardown)]);
  await Promise.all([node2?.sh(`rm -rf ${base}`), node3?.sh(`rm -rf ${base}`)]);
  await Promise.all([node2?.close(), node3?.close()]);
  if (local) await rm(local, { recursive: true, force: true });
});

for (const c of CASES) {
  test(`${c.name}: same results and files as ansible-playbook`, async () => {
    const theirs = ansibleResults.get(c.name);
    const mine = ours.get(c.name);
    assert.ok(theirs && theirs.length === (c.check ? 3 : 2), `ansible ran ${c.name} ${c.check ? 'in check mode, then ' : ''}twice`);
    const strip = (r: unknown) => {
      const n = normalise(r) as Record<string, unknown>;
      for (const k of c.ignore ?? []) delete n[k];
      return n;
    };
    const stripTheirs = (r: unknown) => {
      const n = strip(r);
      if (c.tty) untty(n);
      return n;
    };
    assert.deepEqual(mine?.map(strip), theirs.map(stripTheirs));
    assert.equal(await snapshot(node3, `${base}/${c.name}`), await snapshot(node2, `${base}/${c.name}`), 'files left on the host');
    if (c.action === 'fetch') {
      const listing = async (host: string) => {
        const { stdout } = await run('sh', ['-c', `cd ${local}/${c.name} 2>/dev/null && find . -type f | sed 's/${host}/{host}/g' | sort && find . -type f -exec cat {} + || true`]);
        return stdout;
      };
      const both = await listing('node[23]');
      const twice = both.split('\n').filter((l) => l.startsWith('./'));
      assert.equal(new Set(twice).size * 2, twice.length, `fetched files alike: ${both}`);
      void readFile;
    }
  });
}
