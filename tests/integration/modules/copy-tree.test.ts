/**
 * copy with a folder as src (support/copy-tree.ts) on a real node: Ansible's
 * `dir/` vs `dir` rule, modes, owner and directory_mode, only changed files
 * rewritten, force off, and the usual contract (check mode changes nothing,
 * a second run reports no change).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copyModule } from '../../../src/modules/copy.js';
import { localFiles } from '../../support/local-files.js';
import { assertIdempotent, moduleHost, type ModuleHost } from '../../support/module-host.js';

const dir = `/tmp/kr-mod-copytree-${process.pid}`;
let host: ModuleHost;
let local = '';

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(local, 'files', 'tree', path, '..'), { recursive: true });
    await writeFile(join(local, 'files', 'tree', path), text);
  }
}

before(async () => {
  local = await mkdtemp(join(tmpdir(), 'kr-copytree-'));
  await writeTree({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n', 'sub/deeper/c.txt': 'c\n', 'name with spaces.txt': 's\n' });
  host = await moduleHost(0, { local: localFiles(local, {}) });
  await host.sh(`rm -rf ${dir} && mkdir -p ${dir}`);
});
after(async () => {
  await host.sh(`rm -rf ${dir}`);
  await host.close();
  await rm(local, { recursive: true, force: true });
});

const listing = (path: string) => host.sh(`cd ${path} && find . -exec stat -c '%n %a %U' {} + | sort && find . -type f -exec cat {} + | sort | tr '\\n' ' '`);

test('src dir/ copies what is in it; files get mode, folders the umask; check, change, no change', async () => {
  const first = await assertIdempotent(host, copyModule, { src: 'tree/', dest: `${dir}/out`, mode: '0640' }, dir);
  assert.equal(first.result.dest, `${dir}/out/`);
  assert.equal(first.result.src, join(local, 'files', 'tree') + '/');
  assert.equal(
    await listing(`${dir}/out`),
    ['. 755 root', './a.txt 640 root', './name with spaces.txt 640 root', './sub 755 root', './sub/b.txt 640 root', './sub/deeper 755 root', './sub/deeper/c.txt 640 root', 'a b c s '].join('\n'),
  );
});

test('src dir (no slash) copies the folder itself into dest', async () => {
  await assertIdempotent(host, copyModule, { src: 'tree', dest: `${dir}/out2/` }, dir);
  assert.equal((await host.sh(`cat ${dir}/out2/tree/sub/deeper/c.txt; stat -c %a ${dir}/out2/tree/a.txt`)), 'c\n644\n');
});

test('one changed file is the only one rewritten; a replaced file keeps its mode', async () => {
  await host.sh(`rm -rf ${dir}/out3`);
  assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out3` })).status, 'changed');
  await host.sh(`chmod 600 ${dir}/out3/sub/b.txt`);
  const inodes = async () => host.sh(`stat -c '%n %i' ${dir}/out3/a.txt ${dir}/out3/sub/b.txt`);
  const before = (await inodes()).split('\n');
  await writeTree({ 'sub/b.txt': 'b changed\n' });
  try {
    assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out3` })).status, 'changed');
    const after = (await inodes()).split('\n');
    assert.equal(after[0], before[0], 'a.txt untouched');
    assert.notEqual(after[1], before[1], 'b.txt replaced (a new file renamed into place)');
    assert.equal(await host.sh(`cat ${dir}/out3/sub/b.txt; stat -c %a ${dir}/out3/sub/b.txt; ls -A ${dir}/out3 | grep -c kr-stage || true`), 'b changed\n600\n0\n');
    assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out3` })).status, 'ok');
  } finally {
    await writeTree({ 'sub/b.txt': 'b\n' });
  }
});

test('owner, group and directory_mode; an attribute change alone is a change', async () => {
  await assertIdempotent(host, copyModule, { src: 'tree/', dest: `${dir}/out4`, owner: 'daemon', group: 'daemon', directory_mode: '0750' }, dir);
  assert.equal(await host.sh(`stat -c '%a %U:%G' ${dir}/out4/sub ${dir}/out4/sub/b.txt`), '750 daemon:daemon\n644 daemon:daemon\n');
  await host.sh(`chown root ${dir}/out4/a.txt`);
  assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out4`, owner: 'daemon', group: 'daemon', directory_mode: '0750' })).status, 'changed');
  assert.equal(await host.sh(`stat -c '%U' ${dir}/out4/a.txt`), 'daemon\n');
});

test('force off: existing files stay as they are, missing ones are added', async () => {
  await host.sh(`mkdir -p ${dir}/out5 && echo mine > ${dir}/out5/a.txt`);
  assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out5`, force: false })).status, 'changed');
  assert.equal(await host.sh(`cat ${dir}/out5/a.txt ${dir}/out5/sub/b.txt`), 'mine\nb\n');
  assert.equal((await host.run(copyModule, { src: 'tree/', dest: `${dir}/out5`, force: false })).status, 'ok');
});

test('a dest that is a file is an error, and nothing is written', async () => {
  await host.sh(`echo x > ${dir}/file`);
  const outcome = await host.run(copyModule, { src: 'tree/', dest: `${dir}/file` });
  assert.equal(outcome.status, 'failed');
  assert.match(String(outcome.result.msg), /exists and is not a directory/);
  assert.equal(await host.sh(`cat ${dir}/file`), 'x\n');
});
