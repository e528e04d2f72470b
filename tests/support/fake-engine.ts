/**
 * A container engine for modules' unit tests: an HTTP server on a unix
 * socket in a temp folder, answering the Engine API paths a test scripts
 * (with the real engine's answers, captured once) and recording every
 * request. A request it has no answer for is recorded as unscripted, and
 * the scripted host's run() fails the test with it. Give it to
 * scriptedHost({ engine }): the module's openUnixSocket reaches it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';

export interface EngineRequest {
  method: string;
  /** The path without the API version, query string included, as sent (encoded). */
  path: string;
  /** The socket the module asked for (docker_host). */
  socket: string;
  body: string;
}

export interface EngineAnswer {
  status?: number;
  json?: unknown;
  /** A body sent as it is (an exec's multiplexed output). */
  raw?: Buffer;
}

interface Route {
  method: string;
  path: string | RegExp;
  /** A function may answer later (a promise): an engine that is slow, or never answers. */
  answer: EngineAnswer | ((request: EngineRequest) => EngineAnswer | Promise<EngineAnswer>);
}

export interface FakeEngine {
  /** Answers `method path` (exact, or a pattern over the path); a later route wins. */
  on(method: string, path: string | RegExp, answer: Route['answer']): FakeEngine;
  requests: EngineRequest[];
  /** `METHOD path` of each request no route answered. */
  unmatched: string[];
  /** The opener a ModuleContext's openUnixSocket uses. */
  open(path: string): Promise<Duplex>;
  close(): Promise<void>;
}

/** The engine's multiplexed stream (no tty): 8-byte frame headers, stream 1 stdout, 2 stderr. */
export function multiplexed(stdout: string, stderr = ''): Buffer {
  const frame = (stream: number, text: string): Buffer[] => {
    if (text === '') return [];
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return [header, payload];
  };
  return Buffer.concat([...frame(1, stdout), ...frame(2, stderr)]);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function fakeEngine(): Promise<FakeEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'kr-engine-'));
  const listening = join(dir, 'docker.sock');
  const routes: Route[] = [];
  const requests: EngineRequest[] = [];
  const unmatched: string[] = [];
  /** The socket each connection was opened for, by local port order: one request per connection (Connection: close). */
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const request: EngineRequest = { method: req.method ?? '', path: (req.url ?? '').replace(/^\/v[\d.]+/, ''), socket: asked.shift() ?? '', body: await readBody(req) };
      requests.push(request);
      const pathOnly = request.path.split('?')[0] ?? '';
      const route = routes.findLast((r) => r.method === request.method && (typeof r.path === 'string' ? r.path === request.path || r.path === pathOnly : r.path.test(request.path)));
      if (!route) {
        unmatched.push(`${request.method} ${request.path}`);
        res.writeHead(599, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: `unscripted: ${request.method} ${request.path}` }));
        return;
      }
      const answer = typeof route.answer === 'function' ? await route.answer(request) : route.answer;
      const body = answer.raw ?? Buffer.from(answer.json === undefined ? '' : JSON.stringify(answer.json));
      res.writeHead(answer.status ?? 200, { 'Content-Type': answer.raw ? 'application/vnd.docker.raw-stream' : 'application/json', 'Content-Length': body.length }).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(listening, resolve));
  const engine: FakeEngine = {
    on(method, path, answer) {
      routes.push({ method, path, answer });
      return engine;
    },
    requests,
    unmatched,
    async open(path) {
      asked.push(path);
      return connect(listening);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return engine;
}
