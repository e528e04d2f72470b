/**
 * The floor: what any tool built on ssh2 must at least spend. A plain ssh2
 * script, no engine: one connection per host (all in parallel, host key
 * checked against the one known key), then ROUNDS rounds of one exec per
 * host, every host in parallel and a barrier between rounds (as a linear
 * strategy has between tasks). Optionally it first streams a file (`cat >
 * dest`) or a directory (local `tar -c` into a remote `tar -x`) to every host
 * over one exec channel.
 *
 *   node dist/bench/floor.js --hosts-file FILE [--rounds N] [--command CMD]
 *        [--put FILE --dest PATH] [--put-dir DIR --dest PATH]
 *
 * PATH may contain {host} (the host's inventory name). Prints one JSON line:
 * { hosts, rounds, connectS, execS, totalS, failed }. Exit 1 if any host failed.
 *
 * Only bench code imports ssh2 directly, and only here.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Client, type ClientChannel } from 'ssh2';
import type { FloorHostsFile } from './support/hosts.js';

const { values } = parseArgs({
  options: {
    'hosts-file': { type: 'string' },
    rounds: { type: 'string', default: '1' },
    command: { type: 'string', default: 'true' },
    put: { type: 'string' },
    'put-dir': { type: 'string' },
    dest: { type: 'string' },
  },
});
if (!values['hosts-file']) {
  process.stderr.write('floor: --hosts-file is required\n');
  process.exit(3);
}
const spec = JSON.parse(await readFile(values['hosts-file'], 'utf8')) as FloorHostsFile;
const privateKey = await readFile(spec.keyFile);
const knownKey = Buffer.from(spec.hostPublicKey.split(' ')[1] ?? '', 'base64');
const rounds = Number(values.rounds);
const t0 = performance.now();

function connect(address: string, port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({
      host: address,
      port,
      username: spec.user,
      privateKey,
      hostVerifier: (key: Buffer) => key.equals(knownKey),
      readyTimeout: 30_000,
    });
  });
}

/** One exec; `input` opens what to stream to its stdin, once the channel is open. */
function exec(client: Client, command: string, input?: () => NodeJS.ReadableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err: Error | undefined, stream: ClientChannel) => {
      if (err) {
        reject(err);
        return;
      }
      let stderr = '';
      stream.on('close', (code: number | null) => {
        if (code !== 0) process.stderr.write(`exit ${code ?? '?'} from ${command}: ${stderr.slice(-500)}\n`);
        resolve(code ?? -1);
      });
      stream.resume();
      stream.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      if (input) input().pipe(stream);
      else stream.end();
    });
  });
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const dest = (name: string): string => (values.dest ?? '').replaceAll('{host}', name);

let failed = 0;
const clients = await Promise.all(
  spec.hosts.map((h) =>
    connect(h.address, h.port).catch((err: unknown) => {
      failed++;
      process.stderr.write(`${h.name}: ${String(err)}\n`);
      return undefined;
    }),
  ),
);
const connectS = (performance.now() - t0) / 1000;

const each = (fn: (c: Client, name: string) => Promise<number>): Promise<void> =>
  Promise.all(
    clients.map(async (c, i) => {
      if (!c) return;
      const name = spec.hosts[i]?.name ?? '';
      const code = await fn(c, name).catch((err: unknown) => {
        process.stderr.write(`${name}: ${String(err)}\n`);
        return -1;
      });
      if (code !== 0) failed++;
    }),
  ).then(() => undefined);

const t1 = performance.now();
if (values.put !== undefined) {
  const file = values.put;
  await each((c, name) => exec(c, `mkdir -p "$(dirname ${quote(dest(name))})" && cat > ${quote(dest(name))}`, () => createReadStream(file)));
}
if (values['put-dir'] !== undefined) {
  const dir = values['put-dir'];
  // tar starts once the channel is open: Node discards the output of a child that exits before it is read.
  await each((c, name) =>
    exec(c, `mkdir -p ${quote(dest(name))} && tar -x -C ${quote(dest(name))}`, () => spawn('tar', ['-c', '-C', dir, '.'], { stdio: ['ignore', 'pipe', 'inherit'] }).stdout),
  );
}
for (let r = 0; r < rounds; r++) await each((c) => exec(c, values.command ?? 'true'));
const execS = (performance.now() - t1) / 1000;
for (const c of clients) c?.end();
const totalS = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ hosts: spec.hosts.length, rounds, connectS, execS, totalS, failed })}\n`);
process.exitCode = failed > 0 ? 1 : 0;
