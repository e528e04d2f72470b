/**
 * HTTP/1.1 to a Docker engine, against a real HTTP server on a unix socket
 * answering as dockerd does: what reaches the engine (the API version,
 * bodies with their type and length), timeouts, and the hijacked stream of
 * an exec with stdin (stdin only once the engine has taken the stream over).
 */
import assert from 'node:assert/strict';
import { Readable, type Duplex } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { EngineError, engineHijack, engineMessage, engineRequest } from '../../../src/containers/http.js';
import { engineSocket, frame, json, type Answer, type EngineSocket, type Hijack } from '../../support/engine-socket.js';

async function engine(t: TestContext, answer: Answer, hijack?: Hijack): Promise<EngineSocket> {
  const socket = await engineSocket(answer, hijack);
  t.after(() => socket.close());
  return socket;
}

test('a JSON body goes under the API version with its type and its length in bytes', async (t) => {
  const e = await engine(t, (_req, res) => json(res, 201, { Id: 'c1' }));
  const body = { Image: 'kolla/keystone', Env: ['GREETING=héllo'] };
  const res = await engineRequest(e.open, 'POST', '/containers/create?name=keystone', { body, timeoutMs: 60_000 });
  assert.equal(res.status, 201);
  assert.deepEqual(JSON.parse(res.body.toString()), { Id: 'c1' });
  const [seen] = e.seen;
  assert.equal(seen?.method, 'POST');
  assert.equal(seen?.url, '/v1.41/containers/create?name=keystone');
  // Go's HTTP server refuses an HTTP/1.1 request without a Host.
  assert.match(seen?.headers.host ?? '', /^docker(:\d+)?$/);
  assert.equal(seen?.headers['content-type'], 'application/json');
  assert.equal(seen?.headers['content-length'], String(Buffer.byteLength(JSON.stringify(body))));
  assert.equal(seen?.headers.connection, 'close');
  assert.deepEqual(JSON.parse(seen?.body.toString() ?? ''), body);
});

test('a request without a body sends no Content-Type and no body', async (t) => {
  const e = await engine(t, (_req, res) => json(res, 200, []));
  const res = await engineRequest(e.open, 'GET', '/containers/json');
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), '[]');
  assert.equal(e.seen[0]?.url, '/v1.41/containers/json');
  assert.equal(e.seen[0]?.headers['content-type'], undefined);
  assert.equal(e.seen[0]?.body.length, 0);
});

test('a raw body goes as a tar unless given another type, with its length', async (t) => {
  const e = await engine(t, (_req, res) => json(res, 200, {}));
  const tar = Buffer.from('not really a tar\n');
  await engineRequest(e.open, 'POST', '/images/load', { raw: tar });
  await engineRequest(e.open, 'POST', '/build', { raw: tar, contentType: 'application/octet-stream' });
  assert.equal(e.seen[0]?.headers['content-type'], 'application/x-tar');
  assert.equal(e.seen[0]?.headers['content-length'], String(tar.length));
  assert.deepEqual(e.seen[0]?.body, tar);
  assert.equal(e.seen[1]?.headers['content-type'], 'application/octet-stream');
});

test('a streamed raw body goes with rawLength as its Content-Length, not chunked', async (t) => {
  const e = await engine(t, (_req, res) => json(res, 200, {}));
  const parts = [Buffer.from('first part, '), Buffer.from('second part')];
  const total = parts[0]!.length + parts[1]!.length;
  await engineRequest(e.open, 'POST', '/images/load?quiet=1', { raw: Readable.from(parts), rawLength: total });
  assert.equal(e.seen[0]?.headers['content-type'], 'application/x-tar');
  assert.equal(e.seen[0]?.headers['content-length'], String(total));
  assert.equal(e.seen[0]?.headers['transfer-encoding'], undefined);
  assert.equal(e.seen[0]?.body.toString(), 'first part, second part');
});

test('an answer that does not come in time fails the request, naming method and path', async (t) => {
  const e = await engine(t, () => undefined);
  await assert.rejects(engineRequest(e.open, 'POST', '/containers/keystone/wait', { timeoutMs: 50 }), { message: 'engine request POST /containers/keystone/wait timed out' });
});

test('an answer that comes in time is not cut by the timer', async (t) => {
  const e = await engine(t, (_req, res) => void delay(30).then(() => json(res, 200, { StatusCode: 0 })));
  const res = await engineRequest(e.open, 'POST', '/containers/keystone/wait', { timeoutMs: 2_000 });
  assert.equal(res.status, 200);
});

test('a connection the engine drops fails the request', async (t) => {
  const e = await engine(t, (_req, res) => res.socket?.destroy());
  await assert.rejects(engineRequest(e.open, 'GET', '/info'));
});

test("the engine's message is read from its JSON body, else its text", () => {
  assert.equal(engineMessage(Buffer.from('{"message":"No such container: keystone"}\n')), 'No such container: keystone');
  assert.equal(engineMessage(Buffer.from('{"cause":"x"}')), '{"cause":"x"}');
  assert.equal(engineMessage(Buffer.from('  page not found\n')), 'page not found');
  const err = new EngineError(409, 'conflict');
  assert.equal(err.status, 409);
  assert.equal(err.message, 'conflict');
});

/** What the engine saw of a hijacked exec start: bytes before it answered, stdin after, and the client's end of the stream. */
interface HijackSeen {
  early: Buffer;
  stdin: Buffer;
  ended: Promise<void>;
}

/** Answers with `head` (and what follows it) after a pause that would catch stdin sent too soon, then `after` (if any) once stdin ended. */
function takeOver(seen: HijackSeen, head: string | Buffer, after: Buffer | undefined, options: { splitHead?: boolean } = {}): Hijack {
  return (_req, socket: Duplex, afterBody) => {
    seen.early = afterBody;
    const early = (chunk: Buffer): void => void (seen.early = Buffer.concat([seen.early, chunk]));
    socket.on('data', early);
    seen.ended = new Promise((resolve) => socket.on('end', () => resolve()));
    void delay(40).then(async () => {
      socket.off('data', early);
      socket.on('data', (chunk: Buffer) => void (seen.stdin = Buffer.concat([seen.stdin, chunk])));
      if (after) socket.on('end', () => socket.end(after));
      const bytes = Buffer.from(head);
      if (options.splitHead) {
        socket.write(bytes.subarray(0, 10));
        await delay(10);
        socket.write(bytes.subarray(10));
      } else socket.write(bytes);
    });
  };
}

function hijackSeen(): HijackSeen {
  return { early: Buffer.alloc(0), stdin: Buffer.alloc(0), ended: Promise.resolve() };
}

const UPGRADED = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n';

test('an exec start with stdin: stdin only after the engine answered 101, then its end; the output follows', async (t) => {
  const seen = hijackSeen();
  const e = await engine(t, () => undefined, takeOver(seen, Buffer.concat([Buffer.from(UPGRADED), frame(1, 'read: ')]), frame(1, 'secret\n')));
  const res = await engineHijack(e.open, '/exec/e1/start', { Detach: false, Tty: false }, Buffer.from('secret\n'), 2_000);
  assert.equal(res.status, 101);
  assert.deepEqual(res.body, Buffer.concat([frame(1, 'read: '), frame(1, 'secret\n')]));
  assert.equal(seen.early.length, 0, 'no stdin before the engine answered');
  assert.equal(seen.stdin.toString(), 'secret\n');
  const [request] = e.seen;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.url, '/v1.41/exec/e1/start');
  assert.equal(request?.headers.host, 'docker');
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.equal(request?.headers['content-length'], String(request?.body.length));
  assert.equal(request?.headers.upgrade, 'tcp');
  assert.deepEqual(JSON.parse(request?.body.toString() ?? ''), { Detach: false, Tty: false });
});

test('an engine that answers 200 and its head in pieces also gets stdin', async (t) => {
  const seen = hijackSeen();
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n';
  const e = await engine(t, () => undefined, takeOver(seen, head, frame(2, 'done\n'), { splitHead: true }));
  const res = await engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('input'), 2_000);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, frame(2, 'done\n'));
  assert.equal(seen.stdin.toString(), 'input');
});

test('a refused exec start with a length resolves with the answer, sends no stdin and does not wait for the close', async (t) => {
  const seen = hijackSeen();
  const message = Buffer.from('{"message":"No such exec instance: e1"}');
  const head = `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${message.length}\r\n\r\n`;
  const hijack: Hijack = (req, socket, afterBody) => {
    // The body in two writes: the answer is whole only with its last byte.
    takeOver(seen, Buffer.concat([Buffer.from(head), message.subarray(0, -1)]), undefined)(req, socket, afterBody);
    void delay(80).then(() => socket.write(message.subarray(-1)));
  };
  const e = await engine(t, () => undefined, hijack);
  const res = await engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('input'), 1_000);
  assert.equal(res.status, 404);
  assert.equal(engineMessage(res.body), 'No such exec instance: e1');
  await seen.ended;
  assert.equal(seen.stdin.length, 0);
});

test('a hijacked exec start the engine does not answer in time fails, naming its path', async (t) => {
  const e = await engine(t, () => undefined, () => undefined);
  await assert.rejects(engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('input'), 50), { message: 'engine request POST /exec/e1/start timed out' });
});

test('a hijacked exec start the engine closes without answering fails, naming its path', async (t) => {
  const e = await engine(t, () => undefined, (_req, socket) => socket.end());
  await assert.rejects(engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('input'), 1_000), {
    message: 'engine request POST /exec/e1/start: the engine closed the stream without answering',
  });
});

test('a refused exec start without a length: its answer ends with the stream', async (t) => {
  const seen = hijackSeen();
  const head = 'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n';
  const hijack: Hijack = (req, socket, afterBody) => {
    takeOver(seen, head, undefined)(req, socket, afterBody);
    void delay(80).then(() => socket.end('exec failed\n'));
  };
  const e = await engine(t, () => undefined, hijack);
  const res = await engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('input'), 1_000);
  assert.equal(res.status, 500);
  assert.equal(res.body.toString(), 'exec failed\n');
  assert.equal(seen.stdin.length, 0);
});

test('a stream that answers something other than HTTP gets no stdin: an answer of status 0', async (t) => {
  const seen = hijackSeen();
  const hijack: Hijack = (req, socket, afterBody) => {
    takeOver(seen, 'SSH-2.0-OpenSSH_9.2\r\n\r\n', undefined)(req, socket, afterBody);
    void delay(80).then(() => socket.end());
  };
  const e = await engine(t, () => undefined, hijack);
  const res = await engineHijack(e.open, '/exec/e1/start', {}, Buffer.from('password'), 1_000);
  assert.equal(res.status, 0);
  assert.equal(seen.stdin.length, 0);
});
