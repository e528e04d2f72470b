import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { copyModule } from '../../../src/modules/copy.js';
import { templateModule } from '../../../src/modules/template.js';
import { localFiles } from '../../support/local-files.js';
import { assertIdempotent, moduleHost, snapshot, type ModuleHost } from '../../support/module-host.js';

const fixtures = fileURLToPath(new URL('../../../../tests/fixtures/modules/', import.meta.url));
const local = localFiles(fixtures, { title: 'pool', servers: ['a', 'b'] });
const dir = `/tmp/kr-mod-copy-${process.pid}`;
let host: ModuleHost;

before(async () => {
  host = await moduleHost(0, { local });
  await host.sh(`rm -rf ${dir} && mkdir -p ${dir}`);
});
after(async () => {
  await host.sh(`rm -rf ${dir}`);
  await host.close();
});

test('copy content: check, change, no change; mode and content as asked', async () => {
  const first = await assertIdempotent(host, copyModule, { content: 'hello\n', dest: `${dir}/a.txt`, mode: '0640' }, dir);
  assert.equal(first.result.checksum, 'f572d396fae9206628714fb2ce00f72e94f2258f');
  assert.equal(await host.sh(`stat -c '%a %s' ${dir}/a.txt`), '640 6\n');
});

test('copy src from files/ into a directory, with a symbolic mode', async () => {
  await assertIdempotent(host, copyModule, { src: 'static.txt', dest: `${dir}/`, mode: 'u=rw,g=r,o=' }, dir);
  assert.equal(await host.sh(`cat ${dir}/static.txt; stat -c %a ${dir}/static.txt`), 'a static file\n640\n');
});

test('a mode change alone is a change, and only that', async () => {
  const outcome = await host.run(copyModule, { content: 'hello\n', dest: `${dir}/a.txt`, mode: '0600' });
  assert.equal(outcome.status, 'changed');
  assert.equal(await host.sh(`stat -c %a ${dir}/a.txt`), '600\n');
});

test('template renders on the controller; diff shows the new lines', async () => {
  const dest = `${dir}/servers.conf`;
  await host.sh(`printf '# pool\\nserver a\\n' > ${dest}`);
  const checked = await host.run(templateModule, { src: 'servers.conf.j2', dest }, { check: true, diff: true });
  assert.equal(checked.status, 'changed');
  assert.deepEqual(checked.diff, { path: dest, before: '# pool\nserver a\n', after: '# pool\nserver a\nserver b\n' });
  await assertIdempotent(host, templateModule, { src: 'servers.conf.j2', dest: `${dir}/fresh.conf` }, dir);
  assert.equal(await host.sh(`cat ${dir}/fresh.conf`), '# pool\nserver a\nserver b\n');
});

test('validate: a failing check leaves the old file in place', async () => {
  const dest = `${dir}/validated.txt`;
  await host.sh(`echo old > ${dest}`);
  const before = await snapshot(host, dir);
  const outcome = await host.run(copyModule, { content: 'new\n', dest, validate: 'grep -q valid %s' });
  assert.equal(outcome.status, 'failed');
  assert.match(String(outcome.result.msg), /failed to validate/);
  assert.equal(await snapshot(host, dir), before);
});

test('bad parameters are refused before the host is touched', async () => {
  const both = await host.run(copyModule, { content: 'x', src: 'static.txt', dest: `${dir}/x` });
  assert.equal(both.status, 'failed');
  assert.match(String(both.result.msg), /src and content are mutually exclusive/);
  const unknown = await host.run(templateModule, { src: 'a', dest: 'b', colour: 'red' });
  assert.match(String(unknown.result.msg), /unsupported parameter "colour"/);
  const badMode = await host.run(copyModule, { content: 'x', dest: `${dir}/x`, mode: 'rwx' });
  assert.match(String(badMode.result.msg), /mode/);
});

test('a missing destination directory is an error, not created', async () => {
  const outcome = await host.run(copyModule, { content: 'x', dest: `${dir}/nowhere/x` });
  assert.equal(outcome.status, 'failed');
  assert.match(String(outcome.result.msg), /Destination directory .*nowhere does not exist/);
});
