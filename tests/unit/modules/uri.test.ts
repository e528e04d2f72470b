/**
 * uri over the local connection (this machine's curl) against an HTTP
 * server in this process on the loopback: the request the parameters make
 * and the fields Ansible registers from the answer. The proof against
 * ansible-playbook is the differential test's uri cases.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { uriModule } from '../../../src/modules/uri.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { recordRuns } from '../../support/scripted-host.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let h: LocalModuleHost;
let server: Server;
let base = '';
const seen: Seen[] = [];
const STATUS = JSON.stringify({ service: 'keystone', port: 5000 });

before(async () => {
  h = await localModuleHost();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/status.json') res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': STATUS.length }).end(STATUS);
      else if (req.url === '/echo') res.writeHead(201, { 'Content-Type': 'text/plain' }).end(`${req.method} ${Buffer.concat(chunks).toString()}`);
      else if (req.url === '/moved') res.writeHead(302, { Location: '/status.json' }).end();
      else res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>nope</h1>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

test("check mode skips the request with Ansible's message; a JSON answer is parsed, headers become fields, nothing changed", async () => {
  seen.length = 0;
  const checked = await h.run(uriModule, { url: `${base}/status.json` }, { check: true });
  assert.deepEqual([checked.status, checked.result.msg], ['skipped', 'remote module (ansible.legacy.uri) does not support check mode']);
  assert.equal(seen.length, 0, 'no request in check mode');
  const out = await h.run(uriModule, { url: `${base}/status.json` });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  const r = out.result;
  assert.deepEqual([r.changed, r.status, r.url, r.redirected, r.msg], [false, 200, `${base}/status.json`, false, `OK (${STATUS.length} bytes)`]);
  assert.deepEqual(r.json, { service: 'keystone', port: 5000 });
  assert.deepEqual([r.content_type, r.content_length, r.content], ['application/json', String(STATUS.length), undefined]);
});

test('a JSON body is sent with its Content-Type; a form body is url-encoded; the password is in neither the command line nor the result', async () => {
  seen.length = 0;
  const rec = recordRuns(h.ctx);
  const json = await runModule(uriModule, { url: `${base}/echo`, method: 'post', body_format: 'json', body: { a: 1 }, status_code: 201, return_content: true, url_username: 'u', url_password: 'sup3r-secret', force_basic_auth: true }, rec.ctx, { check: false, diff: false });
  assert.equal(json.status, 'ok', JSON.stringify(json.result));
  assert.deepEqual([seen[0]?.method, seen[0]?.headers['content-type'], seen[0]?.body], ['POST', 'application/json', '{"a":1}']);
  assert.equal(seen[0]?.headers.authorization, `Basic ${Buffer.from('u:sup3r-secret').toString('base64')}`);
  assert.equal(json.result.content, 'POST {"a":1}');
  assert.ok(rec.runs.every((r) => !r.text.includes('sup3r-secret')), 'the password goes on stdin');
  assert.ok(!JSON.stringify(json).includes('sup3r-secret'));
  await h.run(uriModule, { url: `${base}/echo`, method: 'PUT', body_format: 'form-urlencoded', body: { name: 'a b', pw: 'p"w&' }, status_code: [201] });
  assert.deepEqual([seen[1]?.headers['content-type'], seen[1]?.body], ['application/x-www-form-urlencoded', 'name=a+b&pw=p%22w%26']);
});

test('an unexpected status fails with the status line; listed statuses pass', async () => {
  const missing = await h.run(uriModule, { url: `${base}/nope`, status_code: '200, 201' });
  assert.deepEqual([missing.status, missing.result.status, missing.result.msg], ['failed', 404, 'Status code was 404 and not [200, 201]: HTTP Error 404: Not Found']);
  const accepted = await h.run(uriModule, { url: `${base}/nope`, status_code: [200, 404], return_content: true });
  assert.deepEqual([accepted.status, accepted.result.content], ['ok', '<h1>nope</h1>']);
});

test('safe redirects: a GET follows and says so, a POST does not and reports the location', async () => {
  const get = await h.run(uriModule, { url: `${base}/moved` });
  assert.deepEqual([get.status, get.result.url, get.result.redirected], ['ok', `${base}/status.json`, true]);
  const post = await h.run(uriModule, { url: `${base}/moved`, method: 'POST', status_code: 302 });
  assert.deepEqual([post.status, post.result.status, post.result.location], ['ok', 302, `${base}/status.json`]);
});

test('creates: an existing path skips the request, naming it', async () => {
  seen.length = 0;
  const path = await h.write('done', '');
  const out = await h.run(uriModule, { url: `${base}/status.json`, creates: path });
  assert.deepEqual([out.status, out.result.stdout], ['ok', `skipped, since '${path}' exists`]);
  assert.equal(seen.length, 0);
});
