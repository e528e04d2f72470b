/**
 * kolla_toolbox's uri without a container: the request goes to curl (or
 * python3) in the container on stdin, credentials included, and the answer
 * is read as uri reads it (status checks, json, headers).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { ContainerEngine } from '../../../../src/containers/engine.js';
import { checkModuleArgs } from '../../../../src/executor/module-args.js';
import { kollaToolboxModule, type KollaToolboxParams } from '../../../../src/modules/kolla_toolbox.js';

function params(args: Record<string, unknown>): KollaToolboxParams {
  const checked = checkModuleArgs(kollaToolboxModule, { module_name: 'uri', module_args: args });
  if (!checked.ok) throw new Error(checked.message);
  return checked.params as KollaToolboxParams;
}

interface Call {
  argv: readonly string[];
  stdin?: string | Buffer;
  timeoutMs?: number;
}

/** A container whose HTTP client answers `status` with a JSON body; its path checks run in this machine's shell (no /etc/marker here). */
function container(status: number): { engine: ContainerEngine; calls: Call[] } {
  const calls: Call[] = [];
  const engine = {
    async exec(_name: string, argv: readonly string[], o: { stdin?: string | Buffer; timeoutMs?: number }) {
      calls.push({ argv, ...o });
      const script = argv[0] === 'sh' ? argv[2] ?? '' : '';
      if (script.startsWith("printf '%s' ")) {
        const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
        return { rc: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
      }
      return { rc: 0, stdout: `{"ok":true}\n__KR_HTTP__ ${status} http://es:9200/idx\n`, stderr: `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\n\r\n` };
    },
  } as unknown as ContainerEngine;
  return { engine, calls };
}

async function apply(p: KollaToolboxParams, engine: ContainerEngine) {
  const session = p.module.connect({ engine, container: 'kolla_toolbox', user: 'ansible', timeoutMs: 1000 }, p.args);
  return p.module.apply(p.args, undefined, session);
}

describe('kolla_toolbox uri', () => {
  it('sends the request on stdin, the password never in argv; accepts the listed status codes', async () => {
    const { engine, calls } = container(404);
    const p = params({ url: 'http://es:9200/idx', status_code: '200, 404', user: 'admin', password: 'grafana-pw', force_basic_auth: true });
    assert.equal(p.module.name, 'uri');
    const r = await apply(p, engine);
    assert.equal(r.status, 404);
    assert.equal(r.failed, undefined);
    assert.deepEqual(r.json, { ok: true });
    const call = calls[0];
    assert.equal(call?.argv[0], 'sh');
    assert.ok(!call?.argv.join(' ').includes('grafana-pw'));
    assert.match(String(call?.stdin), /url = "http:\/\/es:9200\/idx"/);
    assert.match(String(call?.stdin), /user = "admin:grafana-pw"/);
    assert.deepEqual(p.module.secrets(p.args), ['grafana-pw']);
  });

  it('fails on a status not listed, and skips the request when `removes` names no file in the container', async () => {
    const { engine } = container(500);
    const r = await apply(params({ url: 'http://es:9200/idx' }), engine);
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /^Status code was 500 and not \[200\]/);
    const skip = container(200);
    const skipped = await apply(params({ url: 'http://es:9200/idx', removes: '/etc/marker' }), skip.engine);
    assert.equal(skipped.stdout, "skipped, since '/etc/marker' does not exist");
    assert.equal(skip.calls.length, 1, 'only the path check ran, no request');
    const home = await apply(params({ url: 'http://es:9200/idx', removes: '~/.no-such-marker-kr' }), container(200).engine);
    assert.equal(home.stdout, `skipped, since '${process.env.HOME ?? ''}/.no-such-marker-kr' does not exist`, 'a path: ~ expanded, as uri does');
  });

  it('a body the client cannot send fails as uri does, before anything runs in the container', async () => {
    const { engine, calls } = container(200);
    const r = await apply(params({ url: 'http://es:9200/idx', method: 'POST', body: 5 }), engine);
    assert.deepEqual([r.failed, r.status, r.msg], [true, -1, "Status code was -1 and not [200]: An unknown error occurred: message_body should be a bytes-like object or an iterable, got <class 'int'>"]);
    assert.equal(calls.length, 0);
  });

  it("gives the request uri's timeout plus 30 s, a path check the task's; elapsed is whole seconds", async () => {
    const { engine, calls } = container(200);
    const realNow = Date.now;
    let now = 1_700_000_000_000;
    Date.now = () => now;
    const slow: ContainerEngine = {
      ...engine,
      exec: async (...args: Parameters<ContainerEngine['exec']>) => {
        now += 1000;
        return engine.exec(...args);
      },
    } as ContainerEngine;
    try {
      const r = await apply(params({ url: 'http://es:9200/idx', timeout: 10, creates: '/etc/no-such-marker-kr' }), slow);
      assert.equal(r.elapsed, 1);
    } finally {
      Date.now = realNow;
    }
    assert.deepEqual(calls.map((c) => c.timeoutMs), [1000, 40_000]);
  });
});
