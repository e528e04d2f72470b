/**
 * Runs tasks through the real ansible-playbook (ansible-core, JSON callback)
 * against the test testbed, for differential tests: each task's registered
 * result on the one target host, in order.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_NODES, upTestbed } from './testbed.js';

const run = promisify(execFile);

export interface AnsibleTask {
  [action: string]: unknown;
}

export async function ansibleTasks(tasks: readonly AnsibleTask[], host = 'node2', timeoutMs = 300_000): Promise<Record<string, unknown>[]> {
  const state = await upTestbed(TEST_NODES);
  const dir = await mkdtemp(join(tmpdir(), 'kr-ansible-'));
  try {
    const playbook = join(dir, 'playbook.json');
    await writeFile(playbook, JSON.stringify([{ hosts: host, gather_facts: false, tasks: tasks.map((t) => ({ ...t, ignore_errors: true })) }]));
    const out = await run('ansible-playbook', ['-i', state.files.inventory, playbook], {
      env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'false', ANSIBLE_LOCAL_TEMP: dir },
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    const report = JSON.parse(out.stdout) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
    return (report.plays[0]?.tasks ?? []).map((t) => t.hosts[host] ?? {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fields of `result` named in `keys` (what roles read), for comparing two engines. */
export function pick(result: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in result).map((k) => [k, result[k]]));
}
