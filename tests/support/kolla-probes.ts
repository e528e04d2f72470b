/** What the Kolla tests ask of a deployed testbed: secrets, SQL, container start times, the VIP's holder. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KollaDeploy } from './kolla-deploy.js';

/** A value of the deploy's passwords.yml. */
export function secret(k: KollaDeploy, key: string): string {
  const value = new RegExp(`^${key}: (\\S+)$`, 'm').exec(readFileSync(join(k.configDir, 'passwords.yml'), 'utf8'))?.[1];
  assert.ok(value, `passwords.yml has no ${key}`);
  return value;
}

/** SQL through the toolbox on node `index`, against `host` (password in the environment, not the command line). */
export async function sql(k: KollaDeploy, index: number, host: string, query: string): Promise<string> {
  const q = query.replace(/'/g, `'\\''`);
  return k.sh(index, `docker exec -e MYSQL_PWD='${secret(k, 'database_password')}' kolla_toolbox mariadb -h ${host} -uroot -N -B -e '${q}'`);
}

/** When each Kolla container on each node last started: `node<N>/<name> <time>` lines. */
export async function startTimes(k: KollaDeploy): Promise<string> {
  const out: string[] = [];
  for (const i of k.state.nodes.keys()) out.push(await k.sh(i, `docker inspect -f '{{.Name}} {{.State.StartedAt}}' $(docker ps -q) | sort | sed 's/^/node${i + 1}/'`));
  return out.join('');
}

/** The containers (node<N>/<name>) whose start time differs from `before`'s. */
export function restartedSince(before: string, after: string): string[] {
  return [...new Set(after.split('\n').filter((l) => l && !before.includes(l)).map((l) => l.split(' ')[0] ?? ''))].sort();
}

/** The nodes (0-based) holding the virtual address. */
export async function vipHolders(k: KollaDeploy): Promise<number[]> {
  const holders: number[] = [];
  for (const [i, node] of k.state.nodes.entries()) {
    if ((await k.sh(i, `ip -o -4 addr show dev ${node.interface}`)).includes(` ${k.state.vip}/`)) holders.push(i);
  }
  return holders;
}

/** Polls `probe` every half second until it returns a value, for at most `ms`. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
