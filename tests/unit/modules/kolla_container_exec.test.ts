/**
 * kolla_container_exec against a fake engine: the exec API's three
 * requests (create, start with the multiplexed output, inspect for the
 * exit code), in Engine API 1.41's shapes.
 */
import assert from 'node:assert/strict';
import { after, before, mock, test } from 'node:test';
import { kollaContainerExecModule } from '../../../src/modules/kolla_container_exec.js';
import { fakeEngine, multiplexed, type FakeEngine } from '../../support/fake-engine.js';
import { scriptedHost } from '../../support/scripted-host.js';

let engine: FakeEngine;
/** What the next exec prints and exits with. */
let next = { stdout: '', stderr: '', rc: 0 };
before(async () => {
  engine = await fakeEngine();
  engine
    .on('GET', /^\/containers\/[^/]+\/json$/, (r) => ({ status: 404, json: { message: `No such container: ${r.path.split('/')[2] ?? ''}` } }))
    .on('GET', '/containers/mariadb/json', { json: { Id: 'mariadb-id', Name: '/mariadb', State: { Status: 'running', Running: true, ExitCode: 0 } } })
    .on('GET', '/containers/cron/json', { json: { Id: 'cron-id', Name: '/cron', State: { Status: 'exited', Running: false, ExitCode: 0 } } })
    .on('POST', /^\/containers\/[^/]+\/exec$/, { status: 201, json: { Id: 'exec-1' } })
    .on('POST', '/exec/exec-1/start', () => ({ raw: multiplexed(next.stdout, next.stderr) }))
    .on('GET', '/exec/exec-1/json', () => ({ json: { ID: 'exec-1', Running: false, ExitCode: next.rc, ProcessConfig: {} } }));
});
after(() => engine.close());

test('check mode skips it without a request; the run execs the command split into words, as the user given, and registers its output', async () => {
  const h = scriptedHost({ engine });
  const args = { name: 'mariadb', command: "mysql -uroot -e 'SELECT 1'", user: 'mysql' };
  engine.requests.length = 0;
  assert.equal((await h.run(kollaContainerExecModule, args, { check: true })).status, 'skipped');
  assert.equal(engine.requests.length, 0);
  next = { stdout: '1\n1\n', stderr: '', rc: 0 };
  const out = await h.run(kollaContainerExecModule, args);
  const create = engine.requests.find((r) => r.path === '/containers/mariadb/exec');
  assert.deepEqual(JSON.parse(create?.body ?? '{}'), { Cmd: ['mysql', '-uroot', '-e', 'SELECT 1'], AttachStdout: true, AttachStderr: true, User: 'mysql' });
  assert.deepEqual(out.result, { changed: true, rc: 0, cmd: ['mysql', '-uroot', '-e', 'SELECT 1'], stdout: '1\n1\n', stderr: '', stdout_lines: ['1', '1'], stderr_lines: [] });
});

test('a non-zero exit fails the task with its rc and both outputs', async () => {
  next = { stdout: '', stderr: 'ERROR 1045 (28000): Access denied\n', rc: 1 };
  const out = await scriptedHost({ engine }).run(kollaContainerExecModule, { name: 'mariadb', command: ['mysql', '-e', 'x'] });
  assert.equal(out.status, 'failed');
  assert.deepEqual([out.result.rc, out.result.msg, out.result.stderr_lines], [1, 'non-zero return code', ['ERROR 1045 (28000): Access denied']]);
});

test('a stopped or missing container fails without an exec; an unbalanced quote is refused by the schema', async () => {
  const h = scriptedHost({ engine });
  for (const name of ['cron', 'nova_api']) {
    engine.requests.length = 0;
    const out = await h.run(kollaContainerExecModule, { name, command: 'true' });
    assert.deepEqual([out.status, out.result.msg, out.result.rc], ['failed', `container ${name} is not running`, 1]);
    assert.ok(!engine.requests.some((r) => r.path.endsWith('/exec')), 'no exec created');
  }
  const bad = await h.run(kollaContainerExecModule, { name: 'mariadb', command: "echo 'x" });
  assert.match(String(bad.result.msg), /unbalanced quote/);
});

test('a missing container is a failure that changed nothing', async () => {
  const out = await scriptedHost({ engine }).run(kollaContainerExecModule, { name: 'nova_api', command: ['true'] });
  assert.deepEqual(out.result, { changed: false, failed: true, rc: 1, msg: 'container nova_api is not running' });
});

test('an empty name, an empty command list and a timeout under a second are refused before the engine is asked', async () => {
  const h = scriptedHost({ engine });
  engine.requests.length = 0;
  for (const args of [{ name: '', command: 'true' }, { name: 'mariadb', command: [] }, { name: 'mariadb', command: 'true', timeout: 0 }]) {
    const out = await h.run(kollaContainerExecModule, args);
    assert.equal(out.status, 'failed', JSON.stringify(args));
  }
  assert.equal(engine.requests.length, 0);
});

test('a command that does not end is given up after its timeout, 60 s unless the task says', async () => {
  const silent = await fakeEngine();
  /** Answers the start left hanging, so that the engine can close when a check failed. */
  let release = (): void => {};
  try {
    silent
      .on('GET', '/containers/mariadb/json', { json: { Id: 'mariadb-id', Name: '/mariadb', State: { Status: 'running', Running: true, ExitCode: 0 } } })
      .on('POST', '/containers/mariadb/exec', { status: 201, json: { Id: 'exec-1' } })
      .on('POST', '/exec/exec-1/start', () => new Promise((resolve) => (release = () => resolve({ status: 500, json: { message: 'released' } }))));
    for (const [args, ms] of [[{}, 60_000], [{ timeout: 5 }, 5_000]] as const) {
      mock.timers.enable({ apis: ['setTimeout'] });
      try {
        silent.requests.length = 0;
        let settled = false;
        const outcome = scriptedHost({ engine: silent }).run(kollaContainerExecModule, { name: 'mariadb', command: 'sleep infinity', ...args }).finally(() => (settled = true));
        while (!silent.requests.some((r) => r.path === '/exec/exec-1/start')) await new Promise((r) => setImmediate(r));
        mock.timers.tick(ms - 1);
        await new Promise((r) => setImmediate(r));
        assert.equal(settled, false, `still waiting just before ${ms} ms`);
        mock.timers.tick(1);
        for (let i = 0; i < 100 && !settled; i++) await new Promise((r) => setImmediate(r));
        assert.equal(settled, true, `given up at ${ms} ms`);
        const out = await outcome;
        assert.deepEqual([out.status, out.result.msg], ['failed', 'engine request POST /exec/exec-1/start timed out']);
      } finally {
        mock.timers.reset();
        release();
      }
    }
  } finally {
    await silent.close();
  }
});
