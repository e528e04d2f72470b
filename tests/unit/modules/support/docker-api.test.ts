/**
 * dockerJson against a scripted engine socket: the JSON answer, a 404 that
 * is an error unless the caller allows it, any status from 400 an error
 * with the engine's message; a request bounded by the timeout in seconds;
 * the shared options refuse a zero timeout.
 */
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { ModuleContext } from '../../../../src/modules/contract.js';
import { DockerApiError, dockerJson, dockerParams } from '../../../../src/modules/support/docker-api.js';
import { engineSocket, json, type EngineSocket } from '../../../support/engine-socket.js';

let engine: EngineSocket;
let hung = 0;
before(async () => {
  engine = await engineSocket((req, res) => {
    if (req.url.endsWith('/hang')) hung++;
    else if (req.url.endsWith('/ok')) json(res, 200, { Id: 'abc' });
    else if (req.url.endsWith('/bad')) json(res, 400, { message: 'bad parameter' });
    else json(res, 404, { message: 'no such image' });
  });
});
after(() => engine.close());

const ctx = { openUnixSocket: () => engine.open() } as unknown as ModuleContext;
const p = { docker_host: 'unix:///var/run/docker.sock', timeout: 5 };

// First in the file: a request's timer made before the clock is mocked, and cleared while it is,
// would stay armed (the mocked clearTimeout does not know it) and hold the process for its time.
test('an engine that does not answer: the request ends after timeout seconds, not a millisecond more', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let outcome: unknown;
  void dockerJson(ctx, { ...p, timeout: 2 }, 'GET', '/hang').then(
    () => (outcome = 'answered'),
    (err: unknown) => (outcome = err),
  );
  for (let i = 0; i < 1000 && hung === 0; i++) await turn();
  assert.equal(hung, 1, 'the engine got the request');
  t.mock.timers.tick(1999);
  for (let i = 0; i < 20; i++) await turn();
  assert.equal(outcome, undefined, 'still waiting at 1999 ms');
  t.mock.timers.tick(1);
  for (let i = 0; i < 20 && outcome === undefined; i++) await turn();
  assert.match(String(outcome), /engine request GET .*\/hang timed out/);
});

test("the engine's JSON; a 404 only when allowed; 400 and up fail with the engine's message", async () => {
  assert.deepEqual(await dockerJson(ctx, p, 'GET', '/ok'), { Id: 'abc' });
  assert.equal(await dockerJson(ctx, p, 'GET', '/missing', true), undefined);
  await assert.rejects(dockerJson(ctx, p, 'GET', '/missing'), (err: unknown) => err instanceof DockerApiError && /^An unexpected Docker error occurred: 404 .*no such image/.test(err.message));
  await assert.rejects(dockerJson(ctx, p, 'GET', '/bad', true), (err: unknown) => err instanceof DockerApiError && /^An unexpected Docker error occurred: 400 .*bad parameter/.test(err.message));
});

test("the shared options: community.docker's 60 s timeout by default, at least a second", () => {
  assert.equal(dockerParams({}).parse({}).timeout, 60);
  assert.equal(dockerParams({}).safeParse({ timeout: 0 }).success, false);
  assert.equal(dockerParams({}).safeParse({ timeout: 1 }).success, true);
});
