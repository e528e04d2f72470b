/** template on this machine: rendered with the task's variables, put like copy; newline_sequence, folder dest, both apply paths. */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { assertChangesOnce, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

for (const diff of [true, false]) {
  const way = diff ? 'query then apply' : 'converge';
  test(`renders with the variables, keeps the trailing newline, sets the mode (${way})`, async () => {
    await h.source('templates', 'app.conf.j2', 'name = {{ name }}\n{% for p in ports %}port = {{ p }}\n{% endfor %}');
    Object.assign(h.vars, { name: "o'neil", ports: [80, 443] });
    const dest = h.path('etc dir', 'app.conf');
    await h.write('etc dir/.keep', '');
    const first = await assertChangesOnce(h, 'template', { src: 'app.conf.j2', dest, mode: '0600' }, { diff });
    assert.equal(await h.read('etc dir/app.conf'), "name = o'neil\nport = 80\nport = 443\n");
    assert.equal(((await stat(dest)).mode & 0o777).toString(8), '600');
    assert.equal(first.result.dest, dest);
  });

  test(`a variable that changes changes the file; the same again does not (${way})`, async () => {
    await h.source('templates', 't.j2', 'v={{ v }}\n');
    h.vars.v = 1;
    const dest = h.path('t');
    assert.equal((await h.run('template', { src: 't.j2', dest }, { diff })).status, 'changed');
    h.vars.v = 2;
    await assertChangesOnce(h, 'template', { src: 't.j2', dest }, { diff });
    assert.equal(await h.read('t'), 'v=2\n');
  });
}

test('an existing folder as dest receives the file under the template name', async () => {
  await h.source('templates', 'motd.j2', 'hi\n');
  await h.write('d/.keep', '');
  await assertChangesOnce(h, 'template', { src: 'motd.j2', dest: h.path('d') });
  assert.equal(await h.read('d/motd.j2'), 'hi\n');
});

test('newline_sequence \\r\\n: every line ending, and the file compares equal afterwards', async () => {
  await h.source('templates', 'w.j2', 'a\nb\n');
  await assertChangesOnce(h, 'template', { src: 'w.j2', dest: h.path('w'), newline_sequence: '\r\n' });
  assert.equal(await h.read('w'), 'a\r\nb\r\n');
});

test('a missing folder for dest fails with Ansible words', async () => {
  await h.source('templates', 'x.j2', 'x\n');
  for (const diff of [true, false]) {
    const r = await h.run('template', { src: 'x.j2', dest: h.path('no', 'x') }, { diff });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `Destination directory ${h.path('no')} does not exist`);
  }
});
