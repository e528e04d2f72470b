/**
 * Runs the real Ansible (ansible-inventory, ansible --list-hosts) as the
 * oracle for the differential tests, isolated from any ansible.cfg or
 * home-directory state: a scratch cwd, ANSIBLE_CONFIG pointing at an empty
 * file, and failures to parse turned into errors instead of warnings.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cachedOracle } from '../../support/oracle-cache.js';
import { askPythonScript } from '../../support/python-oracle.js';
import { tempDirSync } from '../../support/temp-dir.js';

const run = promisify(execFile);

/** tests/fixtures/inventory, from dist/tests/unit/inventory/ or tests/unit/inventory/. */
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', ...(fileURLToPath(import.meta.url).includes('/dist/') ? ['..'] : []), 'tests', 'fixtures', 'inventory');

/** The tree the fixtures belong to: the key of cached answers is relative to it. */
const TREE = resolve(FIXTURES, '..', '..', '..');

const scratch = tempDirSync('kolla-run-oracle-');
writeFileSync(join(scratch, 'ansible.cfg'), '');

const ENV: NodeJS.ProcessEnv = {
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  HOME: scratch,
  LANG: 'C.UTF-8',
  ANSIBLE_CONFIG: join(scratch, 'ansible.cfg'),
  ANSIBLE_HOME: join(scratch, 'ansible-home'),
  ANSIBLE_LOCAL_TEMP: join(scratch, 'tmp'),
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true',
  ANSIBLE_DEPRECATION_WARNINGS: 'false',
  PYTHONHASHSEED: '0',
};

export interface OracleResult {
  code: number;
  stdout: string;
  stderr: string;
}

function oracle(cmd: string, args: string[]): Promise<OracleResult> {
  return cachedOracle(TREE, [cmd, args], () => ask(cmd, args));
}

async function ask(cmd: string, args: string[]): Promise<OracleResult> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: scratch, env: ENV, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} not found: install ansible-core (the oracle for these tests)`);
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function inventoryArgs(sources: readonly string[], base: string): string[] {
  return sources.flatMap((s) => ['-i', s.includes(',') ? s : resolve(base, s)]);
}

export async function ansibleInventory(sources: readonly string[], base: string, mode: string[]): Promise<OracleResult> {
  return oracle('ansible-inventory', [...inventoryArgs(sources, base), ...mode]);
}

/** `ansible --list-hosts`: the host names, or undefined when Ansible refuses (no hosts). */
export async function ansibleListHosts(sources: readonly string[], base: string, pattern: string, limit?: string): Promise<string[]> {
  const args = [...inventoryArgs(sources, base), '--list-hosts'];
  if (limit !== undefined) args.push('--limit', limit.startsWith('@') ? '@' + resolve(base, limit.slice(1)) : limit);
  const r = await oracle('ansible', [...args, '--', pattern]);
  if (r.code !== 0) {
    if (/no hosts to target/.test(r.stderr)) return [];
    throw new Error(`ansible --list-hosts ${pattern} failed: ${r.stderr}`);
  }
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim());
}

export interface PatternQuery {
  pattern: string;
  limit?: string | undefined;
}

/**
 * Many patterns in one Ansible process (each `ansible` start costs a second
 * of CPU): Ansible's own InventoryManager.list_hosts, as --list-hosts uses.
 */
export function ansibleListHostsBatch(sources: readonly string[], base: string, queries: readonly PatternQuery[]): Promise<string[][]> {
  const request = JSON.stringify({
    sources: sources.map((s) => (s.includes(',') ? s : resolve(base, s))),
    queries: queries.map((q) => ({
      pattern: q.pattern,
      limit: q.limit === undefined ? null : q.limit.startsWith('@') ? '@' + resolve(base, q.limit.slice(1)) : q.limit,
    })),
  });
  return askScript<string[][]>('list_hosts.py', request);
}

/** Ansible's parse_address for each [text, allowRanges]: [host, port], or null where it raises. */
export function ansibleParseAddress(texts: ReadonlyArray<readonly [string, boolean]>): Promise<Array<[string, number | null] | null>> {
  const request = JSON.stringify(texts);
  return askScript<Array<[string, number | null] | null>>('parse_address.py', request);
}

/** Python's ast.literal_eval for each text, as Ansible's INI values read: the value, or that it stays a string, or another error. */
export function pythonLiteralEval(texts: readonly string[]): Promise<Array<{ value?: unknown; string?: true; error?: string }>> {
  const request = JSON.stringify(texts);
  return askScript<Array<{ value?: unknown; string?: true; error?: string }>>('literal_eval.py', request);
}

/** Python's shlex.split(line, comments=True) for each line: the words, or the error it raises. */
export function pythonShlexSplit(lines: readonly string[]): Promise<Array<string[] | { error: string }>> {
  const request = JSON.stringify(lines);
  return askScript<Array<string[] | { error: string }>>('shlex_split.py', request);
}

/** The names each glob selects, as Ansible matches a host pattern term (re.match of fnmatch.translate). */
export function pythonGlobMatch(cases: ReadonlyArray<readonly [string, readonly string[]]>): Promise<Array<string[] | { error: string }>> {
  const request = JSON.stringify(cases);
  return askScript<Array<string[] | { error: string }>>('fnmatch_match.py', request);
}

/** One of tests/fixtures/inventory/_oracle's scripts: its JSON answer to a JSON request. */
function askScript<T>(name: string, request: string): Promise<T> {
  return askPythonScript<T>(join(FIXTURES, '_oracle', name), request, { root: TREE, cwd: scratch, env: ENV });
}
