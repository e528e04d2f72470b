/** file on a real host: states, symbolic modes, recursion, links, check mode, diff, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileModule } from '../../../src/modules/file.js';
import { assertIdempotent, snapshot } from '../../support/module-host.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('file');

test('directory with parents and a symbolic mode: check, change, then ok', async () => {
  const first = await assertIdempotent(b.host, fileModule, { path: `${b.dir}/a/b`, state: 'directory', mode: 'u=rwx,g=rx,o=' }, b.dir);
  assert.equal(first.result.path, `${b.dir}/a/b`);
  assert.equal(first.result.mode, '0750');
  assert.equal(first.result.state, 'directory');
  assert.equal(await b.host.sh(`stat -c %a ${b.dir}/a ${b.dir}/a/b`), '750\n750\n');
});

test('touch a new file with owner and mode; touching again changes its times', async () => {
  const args = { path: `${b.dir}/t`, state: 'touch', mode: '0600', owner: 'nobody' };
  const first = await b.host.run(fileModule, args);
  assert.equal(first.status, 'changed');
  assert.equal(first.result.dest, `${b.dir}/t`);
  assert.equal(first.result.owner, 'nobody');
  assert.equal((await b.host.run(fileModule, args)).status, 'changed');
  const kept = await b.host.run(fileModule, { ...args, modification_time: 'preserve', access_time: 'preserve' });
  assert.equal(kept.status, 'ok');
});

test('mode change on an existing file: diff states before and after', async () => {
  await b.host.sh(`echo x > ${b.dir}/m && chmod 644 ${b.dir}/m`);
  const checked = await b.host.run(fileModule, { path: `${b.dir}/m`, mode: 'g+w' }, { check: true, diff: true });
  assert.equal(checked.status, 'changed');
  assert.deepEqual(checked.result.diff, { before: { path: `${b.dir}/m`, mode: '0644' }, after: { path: `${b.dir}/m`, mode: '0664' } });
  assert.equal(await b.host.sh(`stat -c %a ${b.dir}/m`), '644\n');
  await assertIdempotent(b.host, fileModule, { path: `${b.dir}/m`, mode: 'g+w,o=' }, b.dir);
});

test('recurse sets owner and X modes on the whole tree', async () => {
  await b.host.sh(`mkdir -p ${b.dir}/r/s && echo x > ${b.dir}/r/s/f && echo y > ${b.dir}/r/g && chmod 755 ${b.dir}/r/g && ln -s g ${b.dir}/r/l`);
  await assertIdempotent(b.host, fileModule, { path: `${b.dir}/r`, state: 'directory', recurse: true, owner: 'daemon', mode: 'u=rwX,g=rX,o=' }, b.dir);
  assert.equal(await b.host.sh(`cd ${b.dir}/r && stat -c '%n %a %U' . s s/f g | sort`), '. 750 daemon\ng 750 daemon\ns 750 daemon\ns/f 640 daemon\n');
});

test('link, hard link and absent', async () => {
  await b.host.sh(`echo x > ${b.dir}/src`);
  const link = await assertIdempotent(b.host, fileModule, { src: 'src', dest: `${b.dir}/ln`, state: 'link' }, b.dir);
  assert.equal(link.result.state, 'link');
  assert.equal(await b.host.sh(`readlink ${b.dir}/ln`), 'src\n');
  const hard = await assertIdempotent(b.host, fileModule, { src: `${b.dir}/src`, path: `${b.dir}/hl`, state: 'hard' }, b.dir);
  assert.equal(hard.result.state, 'hard');
  await assertIdempotent(b.host, fileModule, { path: `${b.dir}/a`, state: 'absent' }, b.dir);
  assert.equal(await b.host.sh(`[ -e ${b.dir}/a ] || echo gone`), 'gone\n');
});

test('refusals keep the host as it was', async () => {
  await b.host.sh(`echo x > ${b.dir}/plain`);
  const before = await snapshot(b.host, b.dir);
  const over = await b.host.run(fileModule, { src: 'src', path: `${b.dir}/plain`, state: 'link' });
  assert.equal(over.result.msg, `refusing to convert from file to symlink for ${b.dir}/plain`);
  const missing = await b.host.run(fileModule, { path: `${b.dir}/none`, state: 'file' });
  assert.equal(missing.result.msg, `file (${b.dir}/none) is absent, cannot continue`);
  const owner = await b.host.run(fileModule, { path: `${b.dir}/plain`, owner: 'no-such-user' });
  assert.equal(owner.result.msg, 'chown failed: failed to look up user no-such-user');
  assert.equal(await snapshot(b.host, b.dir), before);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, fileModule, { path: `${b.dir}/x`, state: 'folder' }, 'state');
  await assertRejected(b.host, fileModule, { path: `${b.dir}/x`, mode: 'rwx' }, 'mode');
  await assertRejected(b.host, fileModule, { path: `${b.dir}/x`, colour: 'red' }, 'colour');
  // Checked once a missing state is filled in (from the path), as Ansible does.
  const recurse = await b.host.run(fileModule, { path: `${b.dir}/x`, state: 'file', recurse: true });
  assert.equal(recurse.status, 'failed');
  assert.equal(recurse.result.msg, "recurse option requires state to be 'directory'");
  await assertRejected(b.host, fileModule, { state: 'file' }, 'path');
});
