/**
 * stat against Ansible's own stat module, run by the Python that runs
 * Ansible on the same paths of this machine: every field of `stat` but the
 * access time (reading a file for its checksum may move it), for files with
 * each permission and special bit, a folder, a fifo, a socket, a device, a
 * link followed or not, and each option that leaves fields out.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';
import { ansiblePython } from '../../support/python-oracle.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

async function ansibleStat(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = join(h.controller, 'stat-args.json');
  await writeFile(file, JSON.stringify({ ANSIBLE_MODULE_ARGS: args }));
  const { stdout } = await promisify(execFile)(ansiblePython(), ['-m', 'ansible.modules.stat', file]);
  return (JSON.parse(stdout) as { stat: Record<string, unknown> }).stat;
}

/** `withAtime`: the access time too, for a file whose atime no read moves (relatime: later than its mtime and ctime). */
async function compare(args: Record<string, unknown>, withAtime = false): Promise<void> {
  const ours = (await h.run('stat', args)).result.stat as Record<string, unknown>;
  const theirs = await ansibleStat(args);
  if (!withAtime) for (const st of [ours, theirs]) delete st.atime;
  assert.deepEqual(ours, theirs, JSON.stringify(args));
}

test('files with each permission bit and setuid, setgid, sticky: the same stat as Ansible\'s', async () => {
  for (const mode of [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1, 0o4000, 0o2000, 0o1000, 0o6644]) {
    const path = await h.write(`m${mode.toString(8)}`, 'text\n', mode);
    await compare({ path });
  }
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
    for (const path of [h.path('dir'), h.path('fifo'), h.path('sock'), '/dev/null', h.path('blk'), h.path('empty'), h.path('bin')]) await compare({ path });
  } finally {
    server.close();
  }
});

test('a link, followed or not, an owner other than the group, and one the host does not know: the same stat as Ansible\'s', async () => {
  await h.write('t', 'x\n', 0o600);
  await symlink('t', h.path('l'));
  for (const follow of [false, true]) await compare({ path: h.path('l'), follow });
  const nobody = await h.write('nobody', 'x');
  await h.sh(`chown nobody:root '${nobody}'`);
  await compare({ path: nobody });
  const unknown = await h.write('unknown', 'x');
  await h.sh(`chown 4242:4343 '${unknown}'`);
  await compare({ path: unknown });
});

test('the access time: the same as Ansible\'s', async () => {
  const path = await h.write('timed', 'x\n');
  await utimes(path, new Date(Date.now() + 3_600_000), new Date(2020, 0, 1));
  await compare({ path }, true);
});

test('options that leave fields out or add them: the same stat as Ansible\'s', async () => {
  const path = await h.write('f', 'hello\n', 0o644);
  for (const args of [{ get_mime: false }, { get_attributes: false }, { get_checksum: false }, { get_md5: true }, { checksum_algorithm: 'sha256' }]) await compare({ path, ...args });
  await compare({ path: h.path('dir-md5'), get_md5: true });
  await compare({ path: '' });
});
