/**
 * get_url over HTTP from a server in this process: the request it sends
 * (defaults, credentials, If-Modified-Since), a redirect followed, a 304,
 * a missing folder, the owner and mode given to the script; and how a host
 * whose shell failed is reported (a context that answers so).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, mock, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext, RunResult } from '../../../src/modules/contract.js';
import { getUrlModule, octalMode } from '../../../src/modules/get_url.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

let h: LocalModuleHost;
let server: Server;
let base = '';
const seen: IncomingMessage['headers'][] = [];
before(async () => {
  h = await localModuleHost();
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/moved') res.writeHead(302, { Location: '/file.txt' }).end();
    else if (req.url === '/cached' && req.headers['if-modified-since'] !== undefined) res.writeHead(304).end();
    else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('payload\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

const fetchWithRuns = async (args: Record<string, unknown>) => {
  const rec = recordRuns(h.ctx);
  const r = await runModule(getUrlModule, args, rec.ctx, { check: false, diff: false });
  return { ...r, runs: rec.runs };
};

test("the request: Ansible's timeout and certificate checks by default, credentials only when given, the temp file named in src", async () => {
  seen.length = 0;
  const r = await fetchWithRuns({ url: `${base}/file.txt`, dest: h.path('a.txt') });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  const run = r.runs.find((x) => x.stdin?.includes('url = ') === true);
  assert.match(run?.stdin ?? '', /^max-time = 10$/m);
  assert.doesNotMatch(run?.stdin ?? '', /^insecure$/m);
  assert.equal(run?.timeoutMs, 70_000);
  assert.equal(seen[0]?.authorization, undefined);
  assert.match(String(r.result.src), /^\/tmp\/\.kolla-run-get_url\.[0-9a-f]{12}$/);
  assert.ok(r.result.elapsed === 0 || r.result.elapsed === 1, String(r.result.elapsed));
  await h.run(getUrlModule, { url: `${base}/file.txt`, dest: h.path('b.txt'), url_username: 'u', url_password: 'pw' });
  assert.equal(seen[1]?.authorization, `Basic ${Buffer.from('u:pw').toString('base64')}`);
});

test('a redirect is followed; a 304 to If-Modified-Since changes nothing; a missing folder fails', async () => {
  const moved = await h.run(getUrlModule, { url: `${base}/moved`, dest: h.path('m.txt') });
  assert.deepEqual([moved.status, await h.read('m.txt')], ['changed', 'payload\n']);
  const dest = h.path('c.txt');
  assert.equal((await h.run(getUrlModule, { url: `${base}/cached`, dest })).status, 'changed');
  const cached = await h.run(getUrlModule, { url: `${base}/cached`, dest });
  assert.deepEqual([cached.status, cached.result.changed, cached.result.status_code, cached.result.msg], ['ok', false, 304, 'HTTP Error 304: Not Modified']);
  const missing = await h.run(getUrlModule, { url: `${base}/file.txt`, dest: h.path('no', 'dir', 'x') });
  assert.deepEqual([missing.status, missing.result.msg], ['failed', `Destination ${h.path('no', 'dir')} does not exist`]);
});

test('a file already there with the checksum: elapsed 0; owner and group reach the script; empty url or dest run nothing', async () => {
  const dest = await h.write('sum.txt', 'payload\n');
  const kept = await h.run(getUrlModule, { url: `${base}/file.txt`, dest, checksum: 'sha1:997e49bbf4ad5ee847d0e77aa30648c70c71323c' });
  assert.deepEqual([kept.status, kept.result.msg, kept.result.elapsed, kept.result.changed], ['ok', 'file already exists', 0, false]);
  const owner = (await h.sh('id -un')).trim();
  const group = (await h.sh('id -gn')).trim();
  const r = await fetchWithRuns({ url: `${base}/file.txt`, dest: h.path('o.txt'), owner, group });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.ok(r.runs.some((x) => x.text.includes(`OWN=${owner} GRP=${group}`)), r.runs.map((x) => x.text.split('\n')[0]).join('\n'));
  for (const [args, field] of [[{ url: '', dest: h.path('x') }, 'url'], [{ url: `${base}/file.txt`, dest: '' }, 'dest'], [{ url: `${base}/file.txt`, dest: h.path('x'), timeout: 0 }, 'timeout']] as const) {
    const refused = await fetchWithRuns(args);
    assert.deepEqual([refused.status, refused.runs], ['failed', []], JSON.stringify(args));
    assert.match(String(refused.result.msg), new RegExp(field), JSON.stringify(refused.result));
  }
});

test('a host whose shell did not run the flow: failed, no change, its error or its exit code', async () => {
  const answering = (stderr: string): ModuleContext =>
    ({ host: 'n', async run(): Promise<RunResult> { return { rc: 2, stdout: '', stderr, command: '' }; } }) as unknown as ModuleContext;
  const said = await runModule(getUrlModule, { url: `${base}/f`, dest: '/x' }, answering('sh: boom\n'), { check: false, diff: false });
  assert.deepEqual([said.status, said.result.changed, said.result.msg], ['failed', false, 'sh: boom']);
  const silent = await runModule(getUrlModule, { url: `${base}/f`, dest: '/x' }, answering(''), { check: false, diff: false });
  assert.deepEqual([silent.status, silent.result.msg], ['failed', 'rc 2']);
});

test("modes as Ansible registers them: four octal digits from text or YAML's number", () => {
  assert.deepEqual([octalMode(0o644), octalMode(0o4755), octalMode('644'), octalMode('0755')], ['0644', '4755', '0644', '0755']);
  assert.throws(() => octalMode('u+x'), /must be octal/);
});

test("elapsed is the download's whole seconds: a request of exactly 1000 ms is 1 (Ansible: (end - start).seconds)", async () => {
  let now = 1_000_000;
  const clock = mock.method(Date, 'now', () => now);
  try {
    // The host's download takes one second on the mocked clock, nothing else does.
    const ctx: ModuleContext = {
      ...h.ctx,
      run: async (cmd, opts) => {
        const r = await h.ctx.run(cmd, opts);
        if (opts?.stdin?.includes('url = ') === true) now += 1000;
        return r;
      },
    };
    const r = await runModule(getUrlModule, { url: `${base}/file.txt`, dest: h.path('timed.txt') }, ctx, { check: false, diff: false });
    assert.deepEqual([r.status, r.result.elapsed], ['changed', 1]);
  } finally {
    clock.mock.restore();
  }
});
