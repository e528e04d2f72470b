import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { curlConfig } from '../../../src/modules/support/http.js';
import { uriModule, uriParams, uriRequest } from '../../../src/modules/uri.js';
import { httpServerOn, type NodeServer } from '../../support/http-server.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
let server: NodeServer;
before(async () => {
  host = await moduleHost(2);
  server = await httpServerOn(host);
  await host.sh(`printf '{"service": "keystone", "port": 5000}' > ${server.dir}/status.json; printf 'hello\\n' > ${server.dir}/hello.txt`);
});
after(async () => {
  try {
    await server?.stop();
  } finally {
    await host?.close();
  }
});

test('GET json: ok, status, json, headers as Ansible names; nothing changed', { timeout: 60_000 }, async () => {
  const out = await host.run(uriModule, { url: server.url('status.json') });
  assert.equal(out.status, 'ok', JSON.stringify(out.result));
  assert.equal(out.result.changed, false);
  assert.equal(out.result.status, 200);
  assert.equal(out.result.url, server.url('status.json'));
  assert.deepEqual(out.result.json, { service: 'keystone', port: 5000 });
  assert.equal(out.result.content_type, 'application/json');
  const size = '{"service": "keystone", "port": 5000}'.length;
  assert.equal(out.result.content_length, String(size));
  assert.equal(out.result.msg, `OK (${size} bytes)`);
  assert.equal(out.result.redirected, false);
  assert.equal(out.result.content, undefined);
});

test('return_content, and a status not in status_code fails with Ansible\'s message', { timeout: 60_000 }, async () => {
  const out = await host.run(uriModule, { url: server.url('hello.txt'), return_content: true });
  assert.equal(out.result.content, 'hello\n');
  const missing = await host.run(uriModule, { url: server.url('nope'), status_code: [200, 201] });
  assert.equal(missing.status, 'failed');
  assert.equal(missing.result.status, 404);
  assert.equal(missing.result.msg, 'Status code was 404 and not [200, 201]: HTTP Error 404: File not found');
  const accepted = await host.run(uriModule, { url: server.url('nope'), status_code: '404' });
  assert.equal(accepted.status, 'ok');
});

test('a refused connection: status -1 and a Request failed message', { timeout: 60_000 }, async () => {
  const out = await host.run(uriModule, { url: `http://127.0.0.1:${server.port + 1}/`, timeout: 5 });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.status, -1);
  assert.match(String(out.result.msg), /^Status code was -1 and not \[200\]: Request failed/);
});

test('POST: check mode skips it; a real run sends it (http.server answers 501)', { timeout: 60_000 }, async () => {
  const args = { url: server.url('x'), method: 'POST', body: { a: 1 }, body_format: 'json', status_code: 501, user: 'admin', password: 'sup3r-secret' };
  const checked = await host.run(uriModule, args, { check: true });
  assert.equal(checked.status, 'skipped');
  const out = await host.run(uriModule, args);
  assert.equal(out.result.status, 501, JSON.stringify(out.result));
  assert.equal(out.result.failed, undefined);
  assert.ok(!JSON.stringify(out).includes('sup3r-secret'));
});

test('the request goes on stdin: body, user and password never on the command line', () => {
  const config = curlConfig(uriRequest(uriParams.parse({ url: 'http://h/x', method: 'post', body: { name: 'a b', pw: 'p"w' }, body_format: 'form-urlencoded', user: 'u', password: 'p@ss' })));
  assert.match(config, /^request = "POST"$/m);
  assert.match(config, /^data-raw = "name=a\+b&pw=p%22w"$/m);
  assert.match(config, /^header = "Content-Type: application\/x-www-form-urlencoded"$/m);
  assert.match(config, /^user = "u:p@ss"$/m);
  assert.doesNotMatch(config, /^location$/m, 'safe redirects: not for POST');
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await host.run(uriModule, { url: 'http://x', body_format: 'xml' })).result.msg), /"body_format"/);
  assert.match(String((await host.run(uriModule, { url: 'http://x', method: 'GET me' })).result.msg), /method/);
  assert.match(String((await host.run(uriModule, { url: 'http://x', verb: 'GET' })).result.msg), /"verb"/);
  assert.match(String((await host.run(uriModule, {})).result.msg), /"url"/);
});
