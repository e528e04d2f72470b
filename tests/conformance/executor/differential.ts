/**
 * The executor differential: each scenario (tests/fixtures/executor/
 * scenarios/<name>/site.yml) runs on local hosts with ansible-playbook, whose
 * results a callback plugin traces (_oracle/callback_plugins/kr_trace.py), and
 * with kolla-run in-process (run-helper.ts). Both runs become a Trace, what a
 * user sees of them: per host and in order each result's task, status, loop
 * item and shown value, the banners, the recap and the exit code.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { censorEvent, type HostStats, type RunEvent } from '../../../src/output/events.js';
import { runEngine } from '../support/engines.js';
import { cachedOracle } from '../../support/oracle-cache.js';
import { exitDiffs, keyedDiffs, lineDiffs } from '../../support/run-compare.js';
import { tempDirSync } from '../../support/temp-dir.js';
import { runIn } from '../../unit/executor/run-helper.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));
const FIXTURES = join(TREE, 'tests', 'fixtures', 'executor');
const SCENARIOS = join(FIXTURES, 'scenarios');
const CALLBACKS = join(FIXTURES, '_oracle', 'callback_plugins');
/** h1, h2 and h3, all with ansible_connection=local: every scenario runs on them. */
const INVENTORY = join(SCENARIOS, 'hosts');

export interface Trace {
  exit: number;
  recap: Record<string, HostStats>;
  /** host -> one line per result (and retry), in order. */
  hosts: Record<string, string[]>;
  /** TASK [...] and RUNNING HANDLER [...] in order. */
  banners: string[];
}

/** One result as the callback plugin records it, and as kollaTrace makes it of an event. */
interface Entry {
  task: string;
  status: string;
  handler?: boolean;
  item?: string;
  delegated?: string;
  action?: string;
  result?: Record<string, unknown>;
  /** A retry: the retries left. */
  left?: number;
}

/** Keys of a debug result that are not what it was asked to show (Ansible's default callback hides them). */
const NOT_SHOWN = new Set(['changed', 'failed', 'skipped', 'skip_reason', 'invocation', 'item', 'ansible_loop_var', 'ansible_index_var', 'ansible_loop']);

/** What the default callback prints of a result: a failure's msg, a debug's msg or variable. */
function shown(e: Entry): unknown {
  const r = e.result ?? {};
  // Ansible's callbacks get results without `failed` and `skipped` (TaskResult.clean_copy): the status says it.
  // A failed include says why in `reason`.
  if (e.status === 'failed' || e.status === 'ignored') return errorPlace(r.msg ?? r.reason);
  if (e.status === 'skipped' || e.action?.replace(/^ansible\.(builtin|legacy)\./, '') !== 'debug') return undefined;
  if ('msg' in r) return r.msg;
  const hidden = new Set([...NOT_SHOWN, String(r.ansible_loop_var), String(r.ansible_index_var)]);
  return Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_') && !hidden.has(k)));
}

/**
 * An error in the playbook (a template, a condition) is told in each
 * engine's own words: Ansible's quotes the offending task, kolla-run's
 * starts with file:line:col of the offending value. Such messages are
 * compared by the file they point into.
 */
function errorPlace(msg: unknown): unknown {
  if (typeof msg !== 'string') return msg;
  const file = /The error appears to be in '([^']+)': line \d+, column \d+/.exec(msg)?.[1] ?? /^(\/[^:]+):\d+:\d+: /.exec(msg)?.[1];
  return file === undefined ? msg : `error in ${relative(SCENARIOS, file)}`;
}

function line(e: Entry): string {
  if (e.status === 'retry') return `${e.task}: retrying, ${String(e.left)} left`;
  const where = `${e.handler ? 'handler ' : ''}${e.task}${e.item !== undefined ? ` (item=${e.item})` : ''}${e.delegated !== undefined ? ` -> ${e.delegated}` : ''}`;
  const value = shown(e);
  return `${where}: ${e.status}${value === undefined ? '' : ` ${JSON.stringify(value)}`}`;
}

/** The scenarios' folder names (KOLLA_RUN_SCENARIOS=a,b narrows them, for work on a few). */
export function scenarioNames(filter = process.env['KOLLA_RUN_SCENARIOS']): string[] {
  const wanted = filter ? new Set(filter.split(',').map((s) => s.trim())) : undefined;
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!wanted || wanted.has(d.name)))
    .map((d) => d.name)
    .sort();
}

/** Every file of a folder, by relative path: what Ansible's answer depends on. */
function filesOf(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    if (d.isDirectory()) Object.assign(out, filesOf(path, base));
    else out[relative(base, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

interface AnsibleRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runAnsible(name: string): Promise<AnsibleRun> {
  const dir = join(SCENARIOS, name);
  const question = ['kr_trace', filesOf(dir), filesOf(CALLBACKS), readFileSync(INVENTORY, 'utf8')];
  return cachedOracle(TREE, question, async () => {
    // An empty ansible.cfg: no configuration of this machine's changes the answers.
    const cwd = tempDirSync('kr-diff-');
    writeFileSync(join(cwd, 'ansible.cfg'), '');
    const env = { ANSIBLE_CALLBACK_PLUGINS: CALLBACKS, ANSIBLE_STDOUT_CALLBACK: 'kr_trace', ANSIBLE_CONFIG: join(cwd, 'ansible.cfg') };
    const { code, stdout, stderr } = await runEngine('ansible', join(dir, 'site.yml'), INVENTORY, [], cwd, env);
    return { code, stdout, stderr };
  });
}

/** The scenario run by ansible-playbook (asked once when answers are cached). */
export async function ansibleTrace(name: string): Promise<Trace> {
  const run = await runAnsible(name);
  const json = run.stdout.split('\n').find((l) => l.startsWith('{"hosts"'));
  if (json === undefined) throw new Error(`ansible-playbook gave no trace of ${name} (exit ${run.code}):\n${run.stdout}${run.stderr}`);
  const doc = JSON.parse(json) as { hosts: Record<string, Entry[]>; banners: string[]; recap: Record<string, HostStats> };
  const hosts = Object.fromEntries(Object.entries(doc.hosts).map(([host, entries]) => [host, entries.map(line)]));
  return { exit: run.code, recap: doc.recap, hosts, banners: doc.banners };
}

const RETRY = /^FAILED - RETRYING: \[(.+?)\]: (.*) \((\d+) retries left\)\.$/;

/** The scenario run by kolla-run's executor, in this process. */
export async function kollaTrace(name: string): Promise<Trace> {
  const { exitCode, events } = await runIn(join(SCENARIOS, name), 'site.yml', INVENTORY);
  const trace: Trace = { exit: exitCode, recap: {}, hosts: {}, banners: [] };
  const add = (host: string, e: Entry) => (trace.hosts[host] ??= []).push(line(e));
  for (const e of events as RunEvent[]) {
    if (e.type === 'task_start') trace.banners.push(`${e.task.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.task.name}]`);
    else if (e.type === 'host_result') {
      // What every reporter shows: a no_log result censored.
      const shown = censorEvent(e);
      add(e.host, {
        task: e.task.name,
        status: e.status === 'failed' && e.ignored ? 'ignored' : e.status,
        handler: e.task.handler,
        ...(shown.item !== undefined && { item: shown.item }),
        ...(e.delegatedTo !== undefined && e.delegatedTo !== e.host && { delegated: e.delegatedTo }),
        action: e.task.action,
        // As JSON, as the callback plugin sends Ansible's.
        result: JSON.parse(JSON.stringify(shown.result)) as Record<string, unknown>,
      });
    } else if (e.type === 'message') {
      const m = RETRY.exec(e.message);
      if (m) add(m[1] ?? '', { task: m[2] ?? '', status: 'retry', left: Number(m[3]) });
    } else if (e.type === 'recap') trace.recap = Object.fromEntries([...e.stats].sort(([a], [b]) => a.localeCompare(b)));
  }
  return trace;
}

/** How kolla-run's trace differs from Ansible's, one line per difference. */
export function traceDiffs(want: Trace, got: Trace): string[] {
  const hosts = [...new Set([...Object.keys(want.hosts), ...Object.keys(got.hosts)])].sort();
  return [
    ...exitDiffs(want.exit, got.exit),
    ...keyedDiffs('recap', want.recap, got.recap),
    ...hosts.flatMap((h) => lineDiffs(`${h} result`, want.hosts[h] ?? [], got.hosts[h] ?? [])),
    ...lineDiffs('banner', want.banners, got.banners),
  ];
}

/** `job` for each name, at most `limit` at once; each name's promise settles on its own. */
export function eachLimited<T>(names: readonly string[], limit: number, job: (name: string) => Promise<T>): Map<string, Promise<T>> {
  const waiting: Array<() => void> = [];
  let free = limit;
  const acquire = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((ok) => waiting.push(ok)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return new Map(
    names.map((name) => {
      const answer = acquire().then(() => job(name)).finally(release);
      // Awaited by the name's test later: a failure meanwhile is not an unhandled rejection.
      answer.catch(() => undefined);
      return [name, answer];
    }),
  );
}
