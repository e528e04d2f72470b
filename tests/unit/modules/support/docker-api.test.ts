/**
 * dockerJson against a scripted engine socket: the JSON answer, a 404 that
 * is an error unless the caller allows it, any status from 400 an error
 * with the engine's message; the shared options refuse a zero timeout.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ModuleContext } from '../../../../src/modules/contract.js';
import { DockerApiError, dockerJson, dockerParams } from '../../../../src/modules/support/docker-api.js';
import { engineSocket, json, type EngineSocket } from '../../../support/engine-socket.js';

let engine: EngineSocket;
before(async () => {
  engine = await engineSocket((req, res) => {
    if (req.url.endsWith('/ok')) json(res, 200, { Id: 'abc' });
    else if (req.url.endsWith('/bad')) json(res, 400, { message: 'bad parameter' });
    else json(res, 404, { message: 'no such image' });
  });
});
after(() => engine.close());

const ctx = { openUnixSocket: () => engine.open() } as unknown as ModuleContext;
const p = { docker_host: 'unix:///var/run/docker.sock', timeout: 5 };

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
