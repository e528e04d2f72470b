/** get_url on this machine: file:// URLs (Ansible reads them like any other), and HTTP from a server in this process. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('get_url: file://', () => {
  for (const diff of [true, false]) {
    test(`a file URL with an escaped space is fetched once; check mode on the result says no change (diff ${diff})`, async () => {
      const url = pathToFileURL(await h.write('srv dir/pkg list', 'v1\n')).href;
      assert.match(url, /%20/);
      const dest = h.path('out');
      const first = await assertChangesOnce(h, 'get_url', { url, dest, mode: '0600' }, { diff });
      assert.equal(first.result.msg, 'OK (3 bytes)');
      assert.equal(first.result.status_code, null, 'a file URL has no status code');
      assert.equal(await h.read('out'), 'v1\n');
      assert.equal(((await stat(dest)).mode & 0o777).toString(8), '600');
      assert.equal((await h.run('get_url', { url, dest, mode: '600' }, { check: true })).status, 'ok');
    });
  }

  test('a changed source is fetched again, keeping the mode the file has', async () => {
    const src = await h.write('src', 'v1\n');
    const dest = h.path('out');
    assert.equal((await h.run('get_url', { url: pathToFileURL(src).href, dest, mode: '0640' })).status, 'changed');
    await h.write('src', 'v2\n');
    await assertChangesOnce(h, 'get_url', { url: pathToFileURL(src).href, dest });
    assert.equal(await h.read('out'), 'v2\n');
    assert.equal(((await stat(dest)).mode & 0o777).toString(8), '640');
  });

  test('a missing file fails and writes nothing', async () => {
    const before = await localSnapshot(h.root);
    const r = await h.run('get_url', { url: pathToFileURL(h.path('none')).href, dest: h.path('out') });
    assert.equal(r.status, 'failed');
    assert.match(String(r.result.msg), /^Request failed: <urlopen error /);
    assert.equal(await localSnapshot(h.root), before);
  });

  test('a checksum that does not match fails and removes the download', async () => {
    const url = pathToFileURL(await h.write('src', 'real\n')).href;
    const r = await h.run('get_url', { url, dest: h.path('out'), checksum: `sha256:${sha256('other\n')}` });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `The checksum for ${h.path('out')} did not match ${sha256('other\n')}; it was ${sha256('real\n')}.`);
    await assert.rejects(stat(h.path('out')));
  });
});

describe('get_url: HTTP', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (req.url === '/files/app.tar') res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '5' }).end(req.method === 'HEAD' ? undefined : 'data\n');
      else res.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('into an existing folder under the URL name; the same body again is no change', async () => {
    await h.write('dl/.keep', '');
    const first = await h.run('get_url', { url: `${base}/files/app.tar`, dest: h.path('dl') });
    assert.equal(first.status, 'changed', JSON.stringify(first.result));
    assert.equal(first.result.dest, h.path('dl', 'app.tar'));
    assert.equal(first.result.status_code, 200);
    assert.equal(await h.read('dl/app.tar'), 'data\n');
    assert.equal((await h.run('get_url', { url: `${base}/files/app.tar`, dest: h.path('dl') })).status, 'ok');
  });

  test('check mode sends HEAD and writes nothing', async () => {
    const before = await localSnapshot(h.root);
    requests.length = 0;
    const r = await h.run('get_url', { url: `${base}/files/app.tar`, dest: h.path('x') }, { check: true });
    assert.equal(r.status, 'changed');
    assert.deepEqual(requests, ['HEAD /files/app.tar']);
    assert.equal(await localSnapshot(h.root), before);
  });

  test('a matching checksum on an existing dest: no request at all', async () => {
    const dest = await h.write('have', 'data\n');
    requests.length = 0;
    const r = await h.run('get_url', { url: `${base}/files/app.tar`, dest, checksum: `sha256:${sha256('data\n')}` });
    assert.equal(r.status, 'ok');
    assert.equal(r.result.msg, 'file already exists');
    assert.deepEqual(requests, []);
  });

  test('404 fails with the HTTP error and writes nothing', async () => {
    const r = await h.run('get_url', { url: `${base}/missing`, dest: h.path('m') });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.status_code, 404);
    assert.equal(r.result.response, 'HTTP Error 404: Not Found');
    await assert.rejects(stat(h.path('m')));
  });
});
