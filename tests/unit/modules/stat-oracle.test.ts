/**
 * stat against Ansible's own stat module, run in one Python process per test
 * (tests/fixtures/modules/_oracle/stat_many.py) on the same paths of this
 * machine: every field of `stat` but the access time (reading a file for its
 * checksum may move it), for files with each permission and special bit, a
 * folder, a fifo, a socket, two devices, a link followed or not, owners, and
 * each option that leaves fields out.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, symlink, utimes } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { ansiblePython } from '../../support/ansible-python.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));

/** Ansible's stat for each argument set, in one Python process. */
async function ansibleStats(argSets: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const script = join(TREE, 'tests', 'fixtures', 'modules', '_oracle', 'stat_many.py');
  const child = execFile(ansiblePython(), [script], { maxBuffer: 16 << 20 });
  child.stdin?.end(JSON.stringify(argSets));
  const [stdout] = await Promise.all([new Promise<string>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`stat oracle exited ${String(code)}`))));
  })]);
  return JSON.parse(stdout) as Record<string, unknown>[];
}

/** Our stat and Ansible's for each argument set; `withAtime`: the access time too, for files whose atime no read moves (relatime: later than their mtime and ctime). */
async function compare(argSets: readonly Record<string, unknown>[], withAtime = false): Promise<void> {
  const ours: Record<string, unknown>[] = [];
  for (const args of argSets) ours.push((await h.run('stat', args)).result.stat as Record<string, unknown>);
  const theirs = await ansibleStats(argSets);
  argSets.forEach((args, i) => {
    const [a, b] = [ours[i] ?? {}, theirs[i] ?? {}];
    if (!withAtime) for (const st of [a, b]) delete st.atime;
    assert.deepEqual(a, b, JSON.stringify(args));
  });
}

test('files with each permission bit and setuid, setgid, sticky: the same stat as Ansible\'s', async () => {
  const paths: string[] = [];
  for (const mode of [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1, 0o4000, 0o2000, 0o1000, 0o6644]) paths.push(await h.write(`m${mode.toString(8)}`, 'text\n', mode));
  await compare(paths.map((path) => ({ path })));
});

test('a folder, a fifo, a socket, a char and a block device, an empty and a binary file: the same stat as Ansible\'s', async () => {
  await mkdir(h.path('dir'));
  await h.sh(`mkfifo '${h.path('fifo')}'`);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(h.path('sock'), resolve));
  try {
    await h.write('empty', '');
    await h.write('bin', Buffer.from([0, 1, 2, 255]));
    // A block device node (major 253, minor 200: two hex digits each): stat reads the node, no device behind it is needed.
    await h.sh(`mknod '${h.path('blk')}' b 253 200`);
    await compare([h.path('dir'), h.path('fifo'), h.path('sock'), '/dev/null', h.path('blk'), h.path('empty'), h.path('bin')].map((path) => ({ path })));
  } finally {
    server.close();
  }
});

test('a link, followed or not, an owner other than the group, and one the host does not know: the same stat as Ansible\'s', async () => {
  await h.write('t', 'x\n', 0o600);
  await symlink('t', h.path('l'));
  const nobody = await h.write('nobody', 'x');
  await h.sh(`chown nobody:root '${nobody}'`);
  const unknown = await h.write('unknown', 'x');
  await h.sh(`chown 4242:4343 '${unknown}'`);
  await compare([{ path: h.path('l'), follow: false }, { path: h.path('l'), follow: true }, { path: nobody }, { path: unknown }]);
});

test('the access time: the same as Ansible\'s', async () => {
  const path = await h.write('timed', 'x\n');
  await utimes(path, new Date(Date.now() + 3_600_000), new Date(2020, 0, 1));
  await compare([{ path }], true);
});

test('options that leave fields out or add them: the same stat as Ansible\'s', async () => {
  const path = await h.write('f', 'hello\n', 0o644);
  const options = [{ get_mime: false }, { get_attributes: false }, { get_checksum: false }, { get_md5: true }, { checksum_algorithm: 'sha256' }];
  await compare([...options.map((o) => ({ path, ...o })), { path: h.path('dir-md5'), get_md5: true }, { path: '' }]);
});
