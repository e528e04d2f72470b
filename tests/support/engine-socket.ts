/**
 * A real HTTP server on a unix socket in a temp folder, scripted per test
 * to answer as dockerd does, recording each request as it arrived (URL with
 * the API version, headers, body bytes): the containers' HTTP client and
 * engine API are driven through it exactly as through the engine's socket.
 * An upgrade request (an exec's start with stdin) goes to `hijack` with the
 * bare socket once its body is read, and with any bytes that followed it.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { StreamOpener } from '../../src/containers/http.js';
import { tempDir } from './temp-dir.js';

export interface SeenRequest {
  method: string;
  /** As sent, API version and query string included. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Answer = (request: SeenRequest, res: ServerResponse) => void;
export type Hijack = (request: SeenRequest, socket: Duplex, afterBody: Buffer) => void;

export interface EngineSocket {
  open: StreamOpener;
  seen: SeenRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** An upgrade request's body (Content-Length bytes from `head` on), then the bytes after it. */
function readUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0);
  return new Promise((resolve) => {
    let got = head;
    const check = (): boolean => {
      if (got.length < length) return false;
      socket.off('data', onData);
      resolve({ body: got.subarray(0, length), rest: got.subarray(length) });
      return true;
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      check();
    };
    socket.on('data', onData);
    check();
  });
}

export async function engineSocket(answer: Answer, hijack?: Hijack): Promise<EngineSocket> {
  const path = join(await tempDir('kr-engine-socket-'), 'docker.sock');
  const seen: SeenRequest[] = [];
  const record = (req: IncomingMessage, body: Buffer): SeenRequest => {
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(request);
    return request;
  };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => answer(record(req, body), res));
  });
  // Hijacked sockets are no longer the server's to close: each is ended by hand.
  const sockets = new Set<Duplex>();
  server.on('connection', (socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void readUpgradeBody(req, socket, head).then(({ body, rest }) => {
      const request = record(req, body);
      // The client ends a hijacked stream as it pleases (it may reset it).
      socket.on('error', () => undefined);
      if (hijack) hijack(request, socket, rest);
      else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    open: () =>
      new Promise((resolve, reject) => {
        const socket = connect(path);
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      }),
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The engine's multiplexed stream (no tty): frames of an 8-byte header (stream, 0, 0, 0, size) and the payload. */
export function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Answers `status` with a JSON body, as the engine does. */
export function json(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
}
