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
      else if (req.url === '/problem') res.writeHead(200, { 'Content-Type': 'application/problem+json; charset=utf-8' }).end('{"title":"x"}');
      else if (req.url === '/choices') res.writeHead(300, { 'Content-Type': 'text/plain' }).end('pick');
      else if (req.url === '/bad') res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad');
      else if (req.url === '/gone.json') res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"gone"}');
      else if (req.url === '/twice') res.writeHead(200, [['X-Multi', 'a'], ['X-Multi', 'b'], ['Content-Type', 'text/plain']]).end('two');
      else if (req.url === '/auth') {
        const credentials = Buffer.from(String(req.headers.authorization).replace('Basic ', ''), 'base64').toString();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ credentials, nested: [credentials] }));
      }
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

const withRuns = async (args: Record<string, unknown>) => {
  const rec = recordRuns(h.ctx);
  const out = await runModule(uriModule, args, rec.ctx, { check: false, diff: false });
  const request = rec.runs.find((r) => r.stdin?.includes('url = ') === true);
  return { ...out, runs: rec.runs, request };
};

test('the request: certificates checked unless validate_certs is false, a run time of timeout + 30 s, elapsed in whole seconds; an empty URL or timeout 0 runs nothing', async () => {
  const plain = await withRuns({ url: `${base}/status.json` });
  assert.equal(plain.status, 'ok', JSON.stringify(plain.result));
  assert.doesNotMatch(plain.request?.stdin ?? '', /^insecure$/m);
  assert.match(plain.request?.stdin ?? '', /^max-time = 30$/m);
  assert.equal(plain.request?.timeoutMs, 60_000);
  assert.ok(plain.result.elapsed === 0 || plain.result.elapsed === 1, String(plain.result.elapsed));
  const insecure = await withRuns({ url: `${base}/status.json`, validate_certs: false, timeout: 5 });
  assert.match(insecure.request?.stdin ?? '', /^insecure$/m);
  assert.equal(insecure.request?.timeoutMs, 35_000);
  for (const args of [{ url: '' }, { url: `${base}/status.json`, timeout: 0 }]) {
    const refused = await withRuns(args);
    assert.deepEqual([refused.status, refused.runs], ['failed', []], JSON.stringify(args));
  }
});

test("bodies as the module encodes them: JSON null when none is given, the caller's Content-Type kept, raw text as is, form pairs, lists and quote_plus", async () => {
  seen.length = 0;
  await h.run(uriModule, { url: `${base}/echo`, body_format: 'json', status_code: 201 });
  assert.deepEqual([seen[0]?.method, seen[0]?.headers['content-type'], seen[0]?.body], ['GET', 'application/json', 'null']);
  const typed = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: 'json', body: { a: 1 }, headers: { 'X-Trace': 1 }, status_code: 201 });
  assert.match(typed.request?.stdin ?? '', /^header = "Content-Type: application\/json"$/m);
  await h.run(uriModule, { url: `${base}/echo`, method: 'POST', body_format: 'json', body: { a: 1 }, headers: { 'content-type': 'application/vnd.api+json' }, status_code: 201 });
  assert.equal(seen[2]?.headers['content-type'], 'application/vnd.api+json');
  const form = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: 'form-urlencoded', body: [['a', '1'], ['b c', "it's"]], status_code: 201 });
  assert.equal(seen[3]?.body, 'a=1&b+c=it%27s');
  assert.match(form.request?.stdin ?? '', /^header = "Content-Type: application\/x-www-form-urlencoded"$/m);
  const ownType = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: 'form-urlencoded', body: { k: ['x', 'y'], none: null }, headers: { 'Content-Type': 'text/x-form' }, status_code: 201 });
  assert.deepEqual([seen[4]?.body, seen[4]?.headers['content-type']], ['k=x&k=y', 'text/x-form']);
  assert.doesNotMatch(ownType.request?.stdin ?? '', /x-www-form-urlencoded/);
  await h.run(uriModule, { url: `${base}/echo`, method: 'POST', body: 'raw "text"', status_code: 201 });
  assert.equal(seen[5]?.body, 'raw "text"');
});

test('redirects: all follows a POST; an empty answer is empty content', async () => {
  const all = await h.run(uriModule, { url: `${base}/moved`, method: 'POST', follow_redirects: 'all' });
  assert.deepEqual([all.status, all.result.status, all.result.redirected], ['ok', 200, true]);
  const none = await h.run(uriModule, { url: `${base}/moved`, follow_redirects: 'none', status_code: 302, return_content: true });
  assert.deepEqual([none.status, none.result.status, none.result.content], ['ok', 302, '']);
});

test('the result by status: cookies only for 2xx, the body kept for an accepted error unless it was read as content or JSON, +json parsed, HTTP Error from 300 on', async () => {
  const problem = await h.run(uriModule, { url: `${base}/problem` });
  assert.deepEqual([problem.result.json, problem.result.cookies, problem.result.cookies_string, problem.result.msg], [{ title: 'x' }, {}, '', 'OK (unknown bytes)']);
  const choices = await h.run(uriModule, { url: `${base}/choices`, status_code: 300 });
  assert.deepEqual([choices.status, choices.result.cookies, choices.result.body, choices.result.msg], ['ok', undefined, 'pick', 'HTTP Error 300: Multiple Choices']);
  const bad = await h.run(uriModule, { url: `${base}/bad`, status_code: 400 });
  assert.deepEqual([bad.result.cookies, bad.result.body, bad.result.msg], [undefined, 'bad', 'HTTP Error 400: Bad Request']);
  const accepted = await h.run(uriModule, { url: `${base}/nope`, status_code: 404 });
  assert.deepEqual([accepted.result.body, accepted.result.content, accepted.result.json], ['<h1>nope</h1>', undefined, undefined]);
  const read = await h.run(uriModule, { url: `${base}/nope`, status_code: 404, return_content: true });
  assert.deepEqual([read.result.body, read.result.content], [undefined, '<h1>nope</h1>']);
  const json = await h.run(uriModule, { url: `${base}/gone.json`, status_code: 404 });
  assert.deepEqual([json.result.body, json.result.json], [undefined, { error: 'gone' }]);
  const unexpected = await h.run(uriModule, { url: `${base}/nope` });
  assert.deepEqual([unexpected.status, unexpected.result.body], ['failed', undefined]);
  const twice = await h.run(uriModule, { url: `${base}/twice` });
  assert.equal(twice.result.x_multi, 'a, b');
});

test('no answer: status -1, the client\'s reason in the message, no body', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const r = await h.run(uriModule, { url: `http://127.0.0.1:${port}/` });
  assert.deepEqual([r.status, r.result.status, 'body' in r.result], ['failed', -1, false]);
  assert.match(String(r.result.msg), /^Status code was -1 and not \[200\]: Request failed: <urlopen error (?!curl)\S.*>$/);
  const accepted = await h.run(uriModule, { url: `http://127.0.0.1:${port}/`, status_code: [-1] });
  assert.deepEqual([accepted.status, accepted.result.status, 'body' in accepted.result], ['ok', -1, false]);
});

test('the password, as url_password or password, is masked in content and JSON', async () => {
  for (const key of ['url_password', 'password']) {
    const r = await h.run(uriModule, { url: `${base}/auth`, url_username: 'u', [key]: 'pw-secret', return_content: true });
    assert.equal(r.status, 'ok', JSON.stringify(r.result));
    assert.deepEqual(r.result.json, { credentials: 'u:********', nested: ['u:********'] }, key);
    assert.match(String(r.result.content), /u:\*{8}/);
  }
});

test("a body http.client cannot send fails with Ansible's message (each checked with ansible localhost), and nothing is sent: a number or a boolean, raw or form-urlencoded; a raw list or mapping by its first non-empty item", async () => {
  const cases: Array<[string, unknown, string]> = [
    ['form-urlencoded', 5, "message_body should be a bytes-like object or an iterable, got <class 'int'>"],
    ['form-urlencoded', 2.5, "message_body should be a bytes-like object or an iterable, got <class 'float'>"],
    ['form-urlencoded', true, "message_body should be a bytes-like object or an iterable, got <class 'bool'>"],
    ['raw', 5, "message_body should be a bytes-like object or an iterable, got <class 'int'>"],
    ['raw', false, "message_body should be a bytes-like object or an iterable, got <class 'bool'>"],
    ['raw', { raw: true }, "can't concat str to bytes"],
    ['raw', ['a', 1], "can't concat str to bytes"],
    ['raw', [1], "object of type 'int' has no len()"],
    ['raw', [null, 0, '', [], true], "object of type 'bool' has no len()"],
    ['raw', [false, 'a'], "can't concat str to bytes"],
    ['raw', [2.5], "object of type 'float' has no len()"],
    ['raw', [[1]], "can't concat list to bytes"],
    ['raw', [{ a: 1 }], "can't concat dict to bytes"],
  ];
  for (const [format, body, error] of cases) {
    const refused = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: format, body, status_code: [200, 201] });
    assert.equal(refused.status, 'failed', JSON.stringify(body));
    assert.deepEqual(refused.runs, [], 'no request made');
    const { msg, status, elapsed, redirected, url, changed } = refused.result;
    assert.deepEqual({ msg, status, elapsed, redirected, url, changed }, { msg: `Status code was -1 and not [200, 201]: An unknown error occurred: ${error}`, status: -1, elapsed: 0, redirected: false, url: `${base}/echo`, changed: false });
  }
  const skipped = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: 'form-urlencoded', body: 5, creates: h.root });
  assert.deepEqual([skipped.status, skipped.result.stdout], ['ok', `skipped, since '${h.root}' exists`], 'creates skips first');
  seen.length = 0;
  const none = await withRuns({ url: `${base}/echo`, method: 'POST', body_format: 'form-urlencoded', status_code: 201 });
  assert.equal(none.status, 'ok', 'form-urlencoded with no body: sent without one');
  assert.deepEqual([seen[0]?.body, seen[0]?.headers['content-type']], ['', 'application/x-www-form-urlencoded']);
  seen.length = 0;
  for (const body of [[], {}, [null]]) {
    const sent = await withRuns({ url: `${base}/echo`, method: 'POST', body, status_code: 201 });
    assert.equal(sent.status, 'ok', `${JSON.stringify(body)}: a raw body of nothing but empty items is sent empty`);
  }
  assert.deepEqual(seen.map((r) => r.body), ['', '', '']);
});
