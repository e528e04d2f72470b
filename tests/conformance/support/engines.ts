/**
 * Runs a case's playbook with one engine: ansible-playbook (the oracle) or
 * kolla-run, from a scratch working directory, with the same inventory and
 * arguments; returns exit code and output.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Engine = 'ansible' | 'kolla';

export interface EngineRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const LAUNCHER = fileURLToPath(new URL('../../../../bin/kolla-run', import.meta.url));

/** Ansible's settings that keep its output plain and its runs side-effect free. */
const ANSIBLE_ENV = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
  ANSIBLE_PIPELINING: '1',
  ANSIBLE_LOCALHOST_WARNING: '0',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: '0',
  ANSIBLE_DEPRECATION_WARNINGS: '0',
  ANSIBLE_SYSTEM_WARNINGS: '0',
  ANSIBLE_STDOUT_CALLBACK: 'default',
  ANSIBLE_FORKS: '10',
  ANSIBLE_TIMEOUT: '10',
};

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<EngineRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** `env`: settings over the engine's own (the executor differential picks Ansible's stdout callback). */
export function runEngine(engine: Engine, playbook: string, inventory: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<EngineRun> {
  const all = { ...process.env, ...(engine === 'ansible' ? ANSIBLE_ENV : {}), ...env };
  if (engine === 'ansible') return exec('ansible-playbook', ['-i', inventory, ...args, playbook], cwd, all);
  return exec(LAUNCHER, [playbook, '-i', inventory, ...args], cwd, all);
}
