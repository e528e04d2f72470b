/**
 * HTTP/1.1 to a Docker engine over any duplex stream: the engine's unix
 * socket on the controller, or the same socket on a host forwarded through
 * the host's already-open SSH connection (no docker CLI per call).
 */
import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type StreamOpener = () => Promise<Duplex>;

export const API_VERSION = 'v1.41';

export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface EngineResponse {
  status: number;
  body: Buffer;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body (a tar archive for image loads) instead of JSON. */
  raw?: Buffer | NodeJS.ReadableStream;
  /** Length of a streamed raw body, sent as Content-Length. */
  rawLength?: number;
  contentType?: string;
  timeoutMs?: number;
}

/** One request on a fresh stream (the engine closes idle streams; a channel per call is cheap on a pooled connection). */
export async function engineRequest(open: StreamOpener, method: string, path: string, options: RequestOptions = {}): Promise<EngineResponse> {
  const stream = await open();
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = request(
      {
        method,
        path: `/${API_VERSION}${path}`,
        host: 'docker',
        createConnection: () => stream as unknown as import('node:net').Socket,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          ...(options.raw ? { 'Content-Type': options.contentType ?? 'application/x-tar' } : {}),
          ...(options.rawLength !== undefined ? { 'Content-Length': options.rawLength } : {}),
          Connection: 'close',
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          stream.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      stream.destroy();
      reject(err);
    });
    // An SSH channel has no socket timeouts: a plain timer bounds the request.
    if (options.timeoutMs) {
      const timer = setTimeout(() => req.destroy(new Error(`engine request ${method} ${path} timed out`)), options.timeoutMs);
      req.on('close', () => clearTimeout(timer));
    }
    if (options.raw && !Buffer.isBuffer(options.raw)) {
      (options.raw as NodeJS.ReadableStream).pipe(req);
      return;
    }
    req.end(options.raw ?? payload);
  });
}

/**
 * A request after which the engine takes the stream over (an exec's start
 * with stdin attached): `input` is sent once the engine has answered, then
 * the stream is half-closed, which the engine reads as the end of stdin;
 * the output comes until the engine closes. `body` of the result is that
 * output (or the error answer when the engine refused).
 */
export async function engineHijack(open: StreamOpener, path: string, body: unknown, input: Buffer, timeoutMs: number): Promise<EngineResponse> {
  const stream = await open();
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const head =
      `POST /${API_VERSION}${path} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${payload.length}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`;
    let pending: Buffer = Buffer.alloc(0);
    let status: number | undefined;
    /** Length of an error answer's body (the engine may keep such a connection open); without one, it ends with the stream. */
    let errorLength: number | undefined;
    const out: Buffer[] = [];
    let received = 0;
    // Called again by the stream's own end after it settled: each step is harmless twice.
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      stream.destroy();
      if (err) reject(err);
      else resolve({ status: status ?? 0, body: Buffer.concat(out) });
    };
    const timer = setTimeout(() => finish(new Error(`engine request POST ${path} timed out`)), timeoutMs);
    const take = (chunk: Buffer): void => {
      out.push(chunk);
      received += chunk.length;
      if (errorLength !== undefined && received >= errorLength) finish();
    };
    stream.on('data', (chunk: Buffer) => {
      if (status !== undefined) return take(chunk);
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = pending.subarray(0, end).toString('latin1');
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0);
      if (status === 101 || status === 200) {
        // Only now: bytes sent before the engine took the stream over may be lost.
        stream.write(input);
        stream.end();
      } else {
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1];
        errorLength = length === undefined ? Infinity : Number(length);
      }
      take(pending.subarray(end + 4));
    });
    // Closed before any answer: an error of its own, not an empty answer of status 0.
    const ended = (): void => finish(status === undefined ? new Error(`engine request POST ${path}: the engine closed the stream without answering`) : undefined);
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', (err: Error) => finish(err));
    stream.write(head);
    stream.write(payload);
  });
}

/** The engine's error message from a JSON body ({"message": "..."}), else the text. */
export function engineMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: string };
    return parsed.message ?? text;
  } catch {
    return text;
  }
}
