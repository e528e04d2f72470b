/** What the Kolla tests ask of a deployed testbed: secrets, SQL, container start times, the VIP's holder. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KollaDeploy } from './kolla-deploy.js';

export { eventually } from './eventually.js';

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

/**
 * What HAProxy on node `index` says of each server: `backend/server admin=N`
 * lines (srv_admin_state of `show servers state`: 0 is ready, a set bit
 * maint or drain), sorted.
 */
export async function haproxyAdminStates(k: KollaDeploy, index: number): Promise<string[]> {
  const out = await k.sh(index, `docker exec haproxy sh -c "echo 'show servers state' | socat stdio /run/haproxy/admin.sock"`);
  const lines: string[] = [];
  for (const line of out.split('\n')) {
    // be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...
    const f = line.trim().split(/\s+/);
    if (f.length < 7 || !/^\d+$/.test(f[0] ?? '')) continue;
    lines.push(`${f[1]}/${f[3]} admin=${f[6]}`);
  }
  return lines.sort();
}

/** The nodes have no curl; the toolbox has. */
export const CURL = 'docker exec kolla_toolbox curl -sS -m 10';
export const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface Issued {
  token: string;
  expiresAt: string;
  issuedAt: string;
}

/** POST /v3/auth/tokens with the admin's password, from node `from` (0-based) to `host`; fails the test unless 201. */
export async function issueToken(k: KollaDeploy, from: number, host: string): Promise<Issued> {
  const body = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: secret(k, 'keystone_admin_password') } } },
      scope: { project: { name: 'admin', domain: { name: 'Default' } } },
    },
  });
  const out = await k.sh(from, `${CURL} -i -H 'Content-Type: application/json' -d ${shQuote(body)} http://${host}:5000/v3/auth/tokens`);
  assert.match(out, /^HTTP\/[\d.]+ 201/, `POST /v3/auth/tokens on ${host}: ${out.slice(0, 400)}`);
  const token = /^x-subject-token: (\S+)\r?$/im.exec(out)?.[1];
  assert.ok(token, 'X-Subject-Token header');
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { token: { expires_at: string; issued_at: string } };
  return { token, expiresAt: json.token.expires_at, issuedAt: json.token.issued_at };
}
