/**
 * Client load on a deployed Kolla cluster, to prove an upgrade or a
 * recovery loses nothing: kolla-load/load.py runs in a container on this
 * machine's engine, on the testbed's network, so it reaches the virtual
 * address and the nodes as a client would. It writes a row per
 * transaction through HAProxy and publishes with publisher confirms to a
 * quorum queue (replicated by Raft on every node, kept across a node's
 * restart; the queue type kolla-ansible now uses) while consuming. On
 * stop it drains the queue, reads the rows back and prints its record;
 * the report is computed here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { docker, dockerRaw } from '../../src/testbed/docker-cli.js';
import type { KollaDeploy } from './kolla-deploy.js';
import { secret } from './kolla-probes.js';

export interface LoadReport {
  rowsAcked: number;
  rowsLost: number;
  rowsDuplicated: number;
  messagesConfirmed: number;
  messagesLost: number;
  messagesDuplicated: number;
  longestWriteGapMs: number;
  longestPublishGapMs: number;
  writeErrors: number;
  publishErrors: number;
  durationMs: number;
}

export interface RunningLoad {
  stop(): Promise<LoadReport>;
}

/** The image the client runs in: kolla's keystone image has PyMySQL and py-amqp (through oslo.messaging). */
export const LOAD_IMAGE = 'kolla/keystone:latest';
const SCRIPT = fileURLToPath(new URL('../../../tests/support/kolla-load/load.py', import.meta.url));
const READY_MS = 120_000;
/** docker stop's grace: the drain and the read-back (a minute each at most) happen after SIGTERM. */
const STOP_GRACE_S = 180;

const seqAt = z.tuple([z.number().int(), z.number().int()]);
export const loadRecordSchema = z.object({
  name: z.string(),
  stopMs: z.number().int(),
  writes: z.object({ acked: z.array(seqAt), errors: z.number().int() }),
  publishes: z.object({ confirmed: z.array(seqAt), errors: z.number().int() }),
  /** [seq, 1 when the broker flagged it redelivered]. */
  consumed: z.array(z.tuple([z.number().int(), z.union([z.literal(0), z.literal(1)])])),
  rows: z.array(z.number().int()).nullable(),
  readError: z.string().optional(),
});
export type LoadRecord = z.infer<typeof loadRecordSchema>;

/** The longest time without success: between two successes, from the start to the first, from the last to the stop. */
export function longestGap(times: readonly number[], stopMs: number): number {
  const points = [0, ...[...times].sort((a, b) => a - b), stopMs];
  let longest = 0;
  for (let i = 1; i < points.length; i++) longest = Math.max(longest, (points[i] ?? 0) - (points[i - 1] ?? 0));
  return longest;
}

function counts(values: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/**
 * Lost: acknowledged (committed, confirmed) but absent at the end.
 * Duplicated: present more than once. A message the broker redelivered
 * because an ack was lost with a connection is AMQP's at-least-once, not a
 * duplicate; two first deliveries of one message are.
 */
export function loadReport(record: LoadRecord): LoadReport {
  if (record.rows === null) throw new Error(`load ${record.name}: the rows could not be read back: ${record.readError ?? 'unknown error'}`);
  const rows = counts(record.rows);
  const firstDeliveries = counts(record.consumed.filter(([, redelivered]) => redelivered === 0).map(([seq]) => seq));
  const consumed = new Set(record.consumed.map(([seq]) => seq));
  const acked = record.writes.acked;
  const confirmed = record.publishes.confirmed;
  return {
    rowsAcked: acked.length,
    rowsLost: acked.filter(([seq]) => !rows.has(seq)).length,
    rowsDuplicated: [...rows.values()].filter((n) => n > 1).length,
    messagesConfirmed: confirmed.length,
    messagesLost: confirmed.filter(([seq]) => !consumed.has(seq)).length,
    messagesDuplicated: [...firstDeliveries.values()].filter((n) => n > 1).length,
    longestWriteGapMs: longestGap(acked.map(([, at]) => at), record.stopMs),
    longestPublishGapMs: longestGap(confirmed.map(([, at]) => at), record.stopMs),
    writeErrors: record.writes.errors,
    publishErrors: record.publishes.errors,
    durationMs: record.stopMs,
  };
}

/** One line for the test output (bench figures). */
export function formatLoadReport(label: string, r: LoadReport): string {
  return (
    `load ${label}: ${(r.durationMs / 1000).toFixed(1)} s; rows acked ${r.rowsAcked}, lost ${r.rowsLost}, duplicated ${r.rowsDuplicated}, ` +
    `write errors ${r.writeErrors}, longest write gap ${r.longestWriteGapMs} ms; messages confirmed ${r.messagesConfirmed}, ` +
    `lost ${r.messagesLost}, duplicated ${r.messagesDuplicated}, publish errors ${r.publishErrors}, longest publish gap ${r.longestPublishGapMs} ms\n`
  );
}

function clientArgs(k: KollaDeploy, name: string): { args: string[]; env: NodeJS.ProcessEnv } {
  // Secrets reach the container through the docker client's environment (-e NAME), never its command line.
  const env = { ...process.env, DB_PASSWORD: secret(k, 'database_password'), RABBIT_PASSWORD: secret(k, 'rabbitmq_password') };
  const args = [
    '--network', k.state.network,
    '-e', `LOAD_NAME=${name}`,
    '-e', `DB_HOST=${k.state.vip}`,
    '-e', 'DB_PASSWORD',
    '-e', `RABBIT_HOSTS=${k.state.nodes.map((n) => n.address).join(',')}`,
    '-e', 'RABBIT_PASSWORD',
    '--entrypoint', 'python3',
    LOAD_IMAGE,
    '-c', readFileSync(SCRIPT, 'utf8'),
  ];
  return { args, env };
}

function containerName(k: KollaDeploy, name: string): string {
  return `${k.state.testbed}-load-${name}`;
}

/** Removes every load container of this testbed a failed test left running. */
export async function removeLoads(k: KollaDeploy): Promise<void> {
  const names = (await docker(['ps', '-a', '--filter', `name=^${k.state.testbed}-load-`, '--format', '{{.Names}}'])).split('\n').filter(Boolean);
  if (names.length > 0) await dockerRaw(['rm', '-f', ...names]);
}

/** Starts writing rows through the VIP (a commit per row) and publishing with confirms to a durable queue while consuming. */
export async function startLoad(k: KollaDeploy, options: { name?: string } = {}): Promise<RunningLoad> {
  const name = options.name ?? 'load';
  const container = containerName(k, name);
  await dockerRaw(['rm', '-f', container]);
  const { args, env } = clientArgs(k, name);
  await docker(['run', '-d', '--name', container, ...args, 'run'], { env });
  const deadline = Date.now() + READY_MS;
  for (;;) {
    const logs = await dockerRaw(['logs', container]);
    if (logs.stderr.includes('] ready')) break;
    const running = (await docker(['inspect', '-f', '{{.State.Running}}', container])).trim() === 'true';
    if (!running || Date.now() > deadline) {
      await dockerRaw(['rm', '-f', container]);
      throw new Error(`load ${name} did not start:\n${logs.stderr.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    async stop() {
      try {
        await docker(['stop', '-t', String(STOP_GRACE_S), container]);
        const logs = await dockerRaw(['logs', container]);
        const line = logs.stdout.trim().split('\n').pop() ?? '';
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new Error(`load ${name} printed no record:\n${logs.stderr.slice(-3000)}`);
        }
        return loadReport(loadRecordSchema.parse(parsed));
      } finally {
        await dockerRaw(['rm', '-f', container]);
      }
    },
  };
}

async function oneShot(k: KollaDeploy, name: string, command: readonly string[]): Promise<unknown> {
  const { args, env } = clientArgs(k, name);
  const r = await dockerRaw(['run', '--rm', ...args, ...command], { env });
  if (r.code !== 0) throw new Error(`load ${name} ${command.join(' ')}: exit ${r.code}\n${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

/** Empties load `name`'s quorum queue, then publishes `count` messages, each confirmed, none consumed; the number confirmed. */
export async function publishConfirmed(k: KollaDeploy, name: string, count: number): Promise<number> {
  return z.object({ confirmed: z.number().int() }).parse(await oneShot(k, name, ['publish', String(count)])).confirmed;
}

/** The ready messages in load `name`'s queue. */
export async function queueDepth(k: KollaDeploy, name: string): Promise<number> {
  return z.object({ messages: z.number().int() }).parse(await oneShot(k, name, ['depth'])).messages;
}
