/**
 * Ansible's own Python code as the oracle of a differential test: a script
 * (tests/fixtures/.../_oracle/*.py) run by the interpreter that runs
 * Ansible, a JSON request on stdin, a JSON answer on stdout. Answers are
 * cached when KOLLA_RUN_ORACLE_CACHE is set (oracle-cache.ts).
 */
import { execFile } from 'node:child_process';
import { ansiblePython } from './ansible-python.js';
import { cachedOracle } from './oracle-cache.js';

export interface OracleScriptOptions {
  /** The tree the script and any paths in the request belong to: cached answers are keyed relative to it. */
  root: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The script's JSON answer to a JSON request, asked once when answers are cached. */
export function askPythonScript<T>(script: string, request: string, options: OracleScriptOptions): Promise<T> {
  return cachedOracle(options.root, [script, request], async () => JSON.parse(await runScript(script, request, options)) as T);
}

async function runScript(script: string, request: string, options: OracleScriptOptions): Promise<string> {
  const child = execFile(ansiblePython(), [script], { ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}), maxBuffer: 16 * 1024 * 1024 });
  child.stdin?.end(request);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: string) => (stdout += d));
  child.stderr?.on('data', (d: string) => (stderr += d));
  const code = await new Promise<number>((ok) => child.on('close', (c) => ok(c ?? 1)));
  if (code !== 0) throw new Error(`${script} failed: ${stderr}`);
  return stdout;
}
