/**
 * The engine API calls, against a real HTTP server on a unix socket scripted
 * with dockerd's answers: paths with names percent-encoded, the answers each
 * call accepts (404 for a missing container, 304 for one already started),
 * errors with the engine's message, streamed pulls and loads that fail
 * inside their answer, and exec's output and exit code.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ContainerEngine, demultiplex } from '../../../src/containers/engine.js';
import { EngineError } from '../../../src/containers/http.js';
import { engineSocket, frame, json, type EngineSocket, type Hijack, type SeenRequest } from '../../support/engine-socket.js';

type Route = (request: SeenRequest, res: ServerResponse) => void;

/** An engine answering `METHOD path` (path as sent, after the API version); anything else is a 599 the test sees. */
async function engine(t: TestContext, routes: Record<string, Route>, hijack?: Hijack): Promise<{ api: ContainerEngine; socket: EngineSocket }> {
  const socket = await engineSocket((request, res) => {
    const route = routes[`${request.method} ${request.url.replace(/^\/v1\.41\//, '/')}`];
    if (route) route(request, res);
    else json(res, 599, { message: `unscripted: ${request.method} ${request.url}` });
  }, hijack);
  t.after(() => socket.close());
  return { api: new ContainerEngine(socket.open), socket };
}

const answer =
  (status: number, value?: unknown): Route =>
  (_request, res) =>
    value === undefined ? res.writeHead(status).end() : json(res, status, value);

const text =
  (status: number, body: string | Buffer): Route =>
  (_request, res) =>
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);

const noSuch = (name: string): Route => answer(404, { message: `No such container: ${name}` });

test('demultiplex splits stdout and stderr frames, keeping a truncated last frame and dropping a partial header', () => {
  const body = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(0, 'raw\n'), frame(1, 'out 2\n'), frame(2, 'err 2 cut').subarray(0, 11), Buffer.from([1, 0, 0])]);
  assert.deepEqual(demultiplex(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(0, 'raw\n'), frame(1, 'out 2\n')])), { stdout: 'out 1\nraw\nout 2\n', stderr: 'err 1\n' });
  assert.deepEqual(demultiplex(body.subarray(0, body.length - 3)), { stdout: 'out 1\nraw\nout 2\n', stderr: 'err 1\nerr' });
  assert.deepEqual(demultiplex(Buffer.concat([frame(2, 'e'), Buffer.from([1, 0, 0, 0, 0, 0, 0])])), { stdout: '', stderr: 'e' });
  assert.deepEqual(demultiplex(Buffer.concat([frame(1, ''), frame(2, 'after empty')])), { stdout: '', stderr: 'after empty' });
});

test('inspecting a container: its name percent-encoded, undefined when the engine has none, its message when it fails', async (t) => {
  const inspect = { Id: 'c1', Name: '/kolla/keystone', State: { Status: 'running', Running: true, ExitCode: 0 } };
  const { api } = await engine(t, {
    'GET /containers/kolla%2Fkeystone/json': answer(200, inspect),
    'GET /containers/gone/json': noSuch('gone'),
    'GET /containers/broken/json': answer(500, { message: 'driver failed' }),
    'GET /containers/proxy/json': text(502, 'Bad Gateway\n'),
  });
  assert.deepEqual(await api.inspectContainer('kolla/keystone'), inspect);
  assert.equal(await api.inspectContainer('gone'), undefined);
  await assert.rejects(api.inspectContainer('broken'), (err: unknown) => err instanceof EngineError && err.status === 500 && err.message === 'driver failed');
  await assert.rejects(api.inspectContainer('proxy'), (err: unknown) => err instanceof EngineError && err.status === 502 && err.message === 'Bad Gateway');
});

test('listing containers (all of them or the running ones) and volumes', async (t) => {
  const summary = { Id: 'c1', Names: ['/keystone'], Image: 'kolla/keystone', Labels: null, State: 'exited', Status: 'Exited (0)' };
  const volume = { Name: 'kolla_logs', Labels: null, Mountpoint: '/var/lib/docker/volumes/kolla_logs/_data' };
  const { api } = await engine(t, {
    'GET /containers/json?all=1': answer(200, [summary]),
    'GET /containers/json': answer(200, []),
    'GET /volumes': answer(200, { Volumes: [volume] }),
  });
  assert.deepEqual(await api.listContainers(true), [summary]);
  assert.deepEqual(await api.listContainers(false), []);
  assert.deepEqual(await api.listVolumes(), [volume]);
  const empty = await engine(t, { 'GET /volumes': answer(200, { Volumes: null }), 'GET /containers/json': noSuch('') });
  assert.deepEqual(await empty.api.listVolumes(), []);
  assert.deepEqual(await empty.api.listContainers(false), []);
});

test('inspecting images and volumes by their percent-encoded names', async (t) => {
  const image = { Id: 'sha256:1', RepoTags: ['registry:5000/kolla/keystone:1'], Config: { Env: null, Labels: null } };
  const { api } = await engine(t, {
    'GET /images/registry%3A5000%2Fkolla%2Fkeystone%3A1/json': answer(200, image),
    'GET /images/absent/json': answer(404, { message: 'No such image: absent' }),
    'GET /volumes/kolla%20logs': answer(200, { Name: 'kolla logs', Labels: {}, Mountpoint: '/m' }),
    'GET /volumes/absent': answer(404, { message: 'get absent: no such volume' }),
  });
  assert.deepEqual(await api.inspectImage('registry:5000/kolla/keystone:1'), image);
  assert.equal(await api.inspectImage('absent'), undefined);
  assert.deepEqual(await api.inspectVolume('kolla logs'), { Name: 'kolla logs', Labels: {}, Mountpoint: '/m' });
  assert.equal(await api.inspectVolume('absent'), undefined);
});

test('creating a container sends its body and its name in the query; a conflict is an error', async (t) => {
  const { api, socket } = await engine(t, {
    'POST /containers/create?name=kolla%2Fkeystone': answer(201, { Id: 'c1', Warnings: [] }),
    'POST /containers/create?name=taken': answer(409, { message: 'Conflict. The container name "/taken" is already in use' }),
    'POST /containers/create?name=bad': answer(400, { message: 'invalid reference format' }),
  });
  assert.equal(await api.createContainer('kolla/keystone', { Image: 'kolla/keystone' }), 'c1');
  assert.deepEqual(JSON.parse(socket.seen[0]?.body.toString() ?? ''), { Image: 'kolla/keystone' });
  assert.equal(socket.seen[0]?.headers['content-type'], 'application/json');
  await assert.rejects(api.createContainer('taken', {}), { status: 409, message: 'Conflict. The container name "/taken" is already in use' });
  await assert.rejects(api.createContainer('bad', { Image: 'Kolla:' }), { status: 400, message: 'invalid reference format' });
});

test('start accepts 304 (already started); stop accepts 304 and 404; restart and start do not accept a missing container', async (t) => {
  // The engine answers a stop only once the container stopped: slower than a timer cut short would allow.
  const slow = (route: Route): Route => (request, res) => void delay(30).then(() => route(request, res));
  const { api, socket } = await engine(t, {
    'POST /containers/keystone/start': answer(204),
    'POST /containers/started/start': answer(304),
    'POST /containers/gone/start': noSuch('gone'),
    'POST /containers/kolla%2Fkeystone/stop?t=0': slow(answer(204)),
    'POST /containers/stopped/stop?t=10': slow(answer(304)),
    'POST /containers/gone/stop?t=10': slow(noSuch('gone')),
    'POST /containers/stuck/stop?t=10': slow(answer(500, { message: 'cannot stop container: stuck' })),
    'POST /containers/keystone/restart?t=0': slow(answer(204)),
    'POST /containers/gone/restart?t=10': slow(noSuch('gone')),
  });
  await api.startContainer('keystone');
  await api.startContainer('started');
  await assert.rejects(api.startContainer('gone'), { status: 404, message: 'No such container: gone' });
  await api.stopContainer('kolla/keystone', 0);
  await api.stopContainer('stopped', 10);
  await api.stopContainer('gone', 10);
  await assert.rejects(api.stopContainer('stuck', 10), { status: 500, message: 'cannot stop container: stuck' });
  await api.restartContainer('keystone', 0);
  await assert.rejects(api.restartContainer('gone', 10), { status: 404 });
  assert.equal(socket.seen.filter((r) => r.url.includes('stop') || r.url.includes('restart')).length, 6);
});

test('removing a container forces it and accepts 404; removing images and volumes tells whether there was one', async (t) => {
  const { api } = await engine(t, {
    'DELETE /containers/kolla%2Fkeystone?force=true': answer(204),
    'DELETE /containers/gone?force=true': noSuch('gone'),
    'DELETE /containers/busy?force=true': answer(409, { message: 'removal already in progress' }),
    'DELETE /images/registry%3A5000%2Fkeystone%3A1': answer(200, [{ Untagged: 'registry:5000/keystone:1' }]),
    'DELETE /images/absent': answer(404, { message: 'No such image: absent' }),
    'DELETE /images/used': answer(409, { message: 'image is being used by running container c1' }),
    'DELETE /volumes/kolla_logs': answer(204),
    'DELETE /volumes/absent': answer(404, { message: 'no such volume' }),
    'DELETE /volumes/used': answer(409, { message: 'volume is in use' }),
  });
  await api.removeContainer('kolla/keystone');
  await api.removeContainer('gone');
  await assert.rejects(api.removeContainer('busy'), { status: 409, message: 'removal already in progress' });
  assert.equal(await api.removeImage('registry:5000/keystone:1'), true);
  assert.equal(await api.removeImage('absent'), false);
  await assert.rejects(api.removeImage('used'), { status: 409 });
  assert.equal(await api.removeVolume('kolla_logs'), true);
  assert.equal(await api.removeVolume('absent'), false);
  await assert.rejects(api.removeVolume('used'), { status: 409, message: 'volume is in use' });
});

test('waiting for a container gives its exit code; its logs come split into stdout and stderr', async (t) => {
  const { api } = await engine(t, {
    'POST /containers/bootstrap/wait': answer(200, { StatusCode: 3 }),
    'POST /containers/hung/wait': () => undefined,
    'GET /containers/bootstrap/logs?stdout=1&stderr=1': text(200, Buffer.concat([frame(1, 'starting\n'), frame(2, 'failed\n'), frame(1, 'bye\n')])),
  });
  assert.equal(await api.waitContainer('bootstrap', 5_000), 3);
  await assert.rejects(api.waitContainer('hung', 50), { message: 'engine request POST /containers/hung/wait timed out' });
  assert.deepEqual(await api.logs('bootstrap'), { stdout: 'starting\nbye\n', stderr: 'failed\n' });
});

test('creating a volume sends its name and labels', async (t) => {
  const { api, socket } = await engine(t, { 'POST /volumes/create': answer(201, { Name: 'kolla_logs' }) });
  await api.createVolume('kolla_logs', { kolla: 'yes' });
  assert.deepEqual(JSON.parse(socket.seen[0]?.body.toString() ?? ''), { Name: 'kolla_logs', Labels: { kolla: 'yes' } });
});

test('pulling splits the reference into image and tag; a failure inside the progress stream is an error', async (t) => {
  const progress = (...lines: object[]): Route => text(200, lines.map((l) => `${JSON.stringify(l)}\r\n`).join(''));
  const pulled = progress({ status: 'Pulling from kolla/keystone' }, { status: 'Download complete' });
  const { api, socket } = await engine(t, {
    'POST /images/create?fromImage=registry%3A5000%2Fkolla%2Fkeystone&tag=2024.1': pulled,
    'POST /images/create?fromImage=kolla%2Fkeystone&tag=latest': pulled,
    'POST /images/create?fromImage=registry%3A5000%2Fkeystone&tag=latest': pulled,
    'POST /images/create?fromImage=busybox&tag=latest': pulled,
    'POST /images/create?fromImage=kolla%2Fmissing&tag=1': progress({ status: 'Pulling' }, { errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }),
    'POST /images/create?fromImage=private&tag=1': answer(401, { message: 'unauthorized: authentication required' }),
  });
  await api.pullImage('registry:5000/kolla/keystone:2024.1');
  await api.pullImage('kolla/keystone');
  await api.pullImage('registry:5000/keystone');
  await api.pullImage('busybox');
  await assert.rejects(api.pullImage('kolla/missing:1'), { status: 500, message: 'manifest unknown' });
  await assert.rejects(api.pullImage('private:1'), { status: 401, message: 'unauthorized: authentication required' });
  assert.equal(socket.seen.length, 6);
});

test('loading an image streams the archive with its length; an error in the answer fails it', async (t) => {
  const { api, socket } = await engine(t, {
    'POST /images/load?quiet=1': (request, res) =>
      request.body.toString() === 'good tar'
        ? text(200, '{"stream":"Loaded image: kolla/keystone:1\\n"}\r\n')(request, res)
        : text(200, '{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}\r\n')(request, res),
  });
  await api.loadImage(Readable.from([Buffer.from('good '), Buffer.from('tar')]), 8);
  assert.equal(socket.seen[0]?.headers['content-length'], '8');
  assert.equal(socket.seen[0]?.headers['content-type'], 'application/x-tar');
  await assert.rejects(api.loadImage(Readable.from([Buffer.from('bad')]), 3), (err: unknown) => err instanceof EngineError && err.status === 500 && err.message.includes('unexpected EOF'));
});

/** The exec instance e1 in container kolla/keystone: its start answers `output`, its inspections `states` in turn (the last one repeats). */
function execRoutes(output: Route, states: object[]): Record<string, Route> {
  let polled = 0;
  return {
    'POST /containers/kolla%2Fkeystone/exec': answer(201, { Id: 'e1' }),
    'POST /exec/e1/start': output,
    'GET /exec/e1/json': (request, res) => answer(200, states[Math.min(polled++, states.length - 1)])(request, res),
  };
}

const inspections = (socket: EngineSocket): number => socket.seen.filter((r) => r.url.endsWith('/exec/e1/json')).length;

test('an exec: created with its user and environment, started, its output split, its exit code polled until it is no longer running', async (t) => {
  const running = { Running: true, ExitCode: null };
  const { api, socket } = await engine(t, execRoutes(text(200, Buffer.concat([frame(1, 'ok\n'), frame(2, 'warn\n')])), [running, running, { Running: false, ExitCode: 2 }]));
  const result = await api.exec('kolla/keystone', ['sh', '-c', 'x'], { user: 'root', env: { A: '1', B: 'x=y' } });
  assert.deepEqual(result, { rc: 2, stdout: 'ok\n', stderr: 'warn\n' });
  assert.deepEqual(JSON.parse(socket.seen[0]?.body.toString() ?? ''), { Cmd: ['sh', '-c', 'x'], AttachStdout: true, AttachStderr: true, User: 'root', Env: ['A=1', 'B=x=y'] });
  assert.deepEqual(JSON.parse(socket.seen[1]?.body.toString() ?? ''), { Detach: false, Tty: false });
  assert.equal(inspections(socket), 3);
});

test("an exec's exit code: the image's user and environment when none given, -1 when the engine has none to tell", async (t) => {
  const done = await engine(t, execRoutes(text(200, frame(1, 'hi\n')), [{ Running: false, ExitCode: 0 }]));
  assert.deepEqual(await done.api.exec('kolla/keystone', ['true']), { rc: 0, stdout: 'hi\n', stderr: '' });
  assert.deepEqual(JSON.parse(done.socket.seen[0]?.body.toString() ?? ''), { Cmd: ['true'], AttachStdout: true, AttachStderr: true });
  assert.equal(inspections(done.socket), 1);
  const unknown = await engine(t, execRoutes(text(200, ''), [{ ExitCode: null }]));
  assert.equal((await unknown.api.exec('kolla/keystone', ['true'])).rc, -1);
  const gone = await engine(t, { ...execRoutes(text(200, ''), []), 'GET /exec/e1/json': answer(404, { message: 'No such exec instance: e1' }) });
  assert.equal((await gone.api.exec('kolla/keystone', ['true'])).rc, -1);
});

test('an exec still running after its output is given up on after 20 more inspections (a second)', async (t) => {
  const { api, socket } = await engine(t, execRoutes(text(200, ''), [{ Running: true, ExitCode: null }]));
  assert.equal((await api.exec('kolla/keystone', ['sleep', '9'])).rc, -1);
  assert.equal(inspections(socket), 21);
});

test('an exec in a container that is not running, or whose start does not answer in time, fails', async (t) => {
  const { api } = await engine(t, {
    'POST /containers/stopped/exec': answer(409, { message: 'Container stopped is not running' }),
    ...execRoutes(() => undefined, []),
  });
  await assert.rejects(api.exec('stopped', ['true']), { status: 409, message: 'Container stopped is not running' });
  await assert.rejects(api.exec('kolla/keystone', ['true'], { timeoutMs: 50 }), { message: 'engine request POST /exec/e1/start timed out' });
  const silent = await engine(t, execRoutes(() => undefined, []), () => undefined);
  await assert.rejects(silent.api.exec('kolla/keystone', ['true'], { stdin: 'x', timeoutMs: 50 }), { message: 'engine request POST /exec/e1/start timed out' });
});

/** Takes the exec's stream over as dockerd does (101; 200 before API 1.42 without an upgrade asked), echoes stdin back on stdout once it ended. */
const echoStdin =
  (status = '101 UPGRADED'): Hijack =>
  (_request, socket) => {
    let stdin = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => void (stdin = Buffer.concat([stdin, chunk])));
    socket.on('end', () => socket.end(Buffer.concat([frame(1, stdin.toString()), frame(2, 'read\n')])));
    socket.write(`HTTP/1.1 ${status}\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
  };

test('an exec with stdin: attached, sent through the hijacked stream, its output and exit code as without', async (t) => {
  const { api, socket } = await engine(t, execRoutes(() => undefined, [{ Running: false, ExitCode: 0 }]), echoStdin());
  assert.deepEqual(await api.exec('kolla/keystone', ['cat'], { stdin: 'password\n' }), { rc: 0, stdout: 'password\n', stderr: 'read\n' });
  assert.deepEqual(await api.exec('kolla/keystone', ['cat'], { stdin: Buffer.from([0x68, 0x69]) }), { rc: 0, stdout: 'hi', stderr: 'read\n' });
  assert.deepEqual(JSON.parse(socket.seen[0]?.body.toString() ?? ''), { Cmd: ['cat'], AttachStdout: true, AttachStderr: true, AttachStdin: true });
  assert.deepEqual(JSON.parse(socket.seen[1]?.body.toString() ?? ''), { Detach: false, Tty: false });
  const older = await engine(t, execRoutes(() => undefined, [{ Running: false, ExitCode: 1 }]), echoStdin('200 OK'));
  assert.deepEqual(await older.api.exec('kolla/keystone', ['cat'], { stdin: 'x' }), { rc: 1, stdout: 'x', stderr: 'read\n' });
});

test("an exec with stdin the engine refuses fails with the engine's status and message", async (t) => {
  const message = Buffer.from('{"message":"container kolla/keystone is paused, unpause the container before exec"}');
  const refuse: Hijack = (_request, socket) =>
    void socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: ${message.length}\r\n\r\n`), message]));
  const { api } = await engine(t, execRoutes(() => undefined, []), refuse);
  await assert.rejects(api.exec('kolla/keystone', ['cat'], { stdin: '' }), { status: 409, message: 'container kolla/keystone is paused, unpause the container before exec' });
});
