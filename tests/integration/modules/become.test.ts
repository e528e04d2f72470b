/**
 * become for the modules that write and read files, on a real node: a plain
 * user logs in with the testbed's key and becomes root through the node's
 * sudo (one user NOPASSWD, one needing ansible_become_password) to work in a
 * root-only folder (/root/kr-become-*, mode 0700). What landed is checked
 * over a root login. Without become the same work fails with the system's
 * permission error; a wrong become password fails plainly, and neither
 * password appears in any result or output.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TaskConnectionOptions } from '../../../src/executor/module-context.js';
import type { TaskOutcome } from '../../../src/executor/module-runner.js';
import { blockinfileModule } from '../../../src/modules/blockinfile.js';
import { commandModule, shellModule } from '../../../src/modules/command.js';
import type { AnyTaskModule } from '../../../src/modules/contract.js';
import { copyModule } from '../../../src/modules/copy.js';
import { fetchModule } from '../../../src/modules/fetch.js';
import { fileModule } from '../../../src/modules/file.js';
import { iniFileModule } from '../../../src/modules/ini_file.js';
import { lineinfileModule } from '../../../src/modules/lineinfile.js';
import { slurpModule } from '../../../src/modules/slurp.js';
import { statModule } from '../../../src/modules/stat.js';
import { templateModule } from '../../../src/modules/template.js';
import { localFiles } from '../../support/local-files.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

const suffix = randomBytes(3).toString('hex');
/** May sudo anything without a password. */
const NOPW_USER = `krb${suffix}`;
/** Must give its own password to sudo. */
const PW_USER = `krp${suffix}`;
const PASSWORD = `pw-${randomBytes(12).toString('base64url')}`;
const WRONG_PASSWORD = `wrong-${randomBytes(12).toString('base64url')}`;
const dir = `/root/kr-become-${suffix}`;
const sudoers = `/etc/sudoers.d/kr-become-${suffix}`;
/** Only daemon may enter it (for become_user: daemon). */
const daemonDir = `/tmp/kr-become-${suffix}-daemon`;
/** 3 MB that do not compress, with every byte value. */
const BIG = randomBytes(3 * 1024 * 1024);
const TEMPLATE_VARS = { service: 'keystone', ports: [5000, 35357] };

let root: ModuleHost;
let local = '';
const opened: ModuleHost[] = [];

/** A ModuleHost on node1 logged in as `user` (with the testbed's key), with these connection vars. */
async function loginAs(user: string, vars: Record<string, unknown> = {}, task: TaskConnectionOptions = {}): Promise<ModuleHost> {
  const host = await moduleHost(0, { local: localFiles(local, TEMPLATE_VARS), ...task }, { ansible_user: user, ...vars });
  opened.push(host);
  return host;
}

/** Runs the module twice: the first run changes, the second reports ok. */
async function changesOnce(host: ModuleHost, module: AnyTaskModule, args: Record<string, unknown>): Promise<TaskOutcome> {
  const first = await host.run(module, args);
  assert.equal(first.status, 'changed', `${module.name} first run: ${JSON.stringify(first.result)}`);
  const second = await host.run(module, args);
  assert.equal(second.status, 'ok', `${module.name} second run: ${JSON.stringify(second.result)}`);
  return first;
}

/** Writes to the process's stdout and stderr while `fn` runs (passed on as well). */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tap = (write: typeof out) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof out;
  process.stdout.write = tap(out);
  process.stderr.write = tap(err);
  try {
    return { value: await fn(), output: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

before(async () => {
  const state = await upTestbed(TEST_NODES);
  root = await moduleHost(0);
  const publicKey = (await readFile(`${state.files.keyFile}.pub`, 'utf8')).trim();
  local = await mkdtemp(join(tmpdir(), 'kr-become-'));
  await mkdir(join(local, 'files'));
  await mkdir(join(local, 'templates'));
  await writeFile(join(local, 'files', 'payload.txt'), 'payload from the controller\n');
  await writeFile(join(local, 'files', 'big.bin'), BIG);
  await writeFile(join(local, 'templates', 'service.conf.j2'), '[{{ service }}]\n{% for p in ports %}\nport = {{ p }}\n{% endfor %}\n');
  const account = (user: string) =>
    `useradd -m -s /bin/sh ${user} && install -d -m 700 -o ${user} -g ${user} /home/${user}/.ssh && ` +
    `printf '%s\\n' '${publicKey}' > /home/${user}/.ssh/authorized_keys && chown ${user}:${user} /home/${user}/.ssh/authorized_keys && chmod 600 /home/${user}/.ssh/authorized_keys`;
  await root.sh(
    [
      account(NOPW_USER),
      account(PW_USER),
      // No usable password, but not locked (sshd refuses key logins to locked accounts).
      `usermod -p '*' ${NOPW_USER}`,
      `printf '%s\\n' '${NOPW_USER} ALL=(ALL) NOPASSWD: ALL' '${PW_USER} ALL=(ALL) ALL' > ${sudoers}.tmp`,
      `visudo -cqf ${sudoers}.tmp && chmod 0440 ${sudoers}.tmp && mv ${sudoers}.tmp ${sudoers}`,
      `install -d -m 700 -o root -g root ${dir}`,
      `install -d -m 700 -o daemon -g daemon ${daemonDir}`,
      `printf 'top secret\\n' > ${dir}/secret && chmod 600 ${dir}/secret`,
    ].join(' && '),
  );
  // The password goes through stdin, never on a command line.
  const set = await root.connection.exec('chpasswd', { stdin: `${PW_USER}:${PASSWORD}\n` });
  assert.equal(set.rc, 0, set.stderr);
});

after(async () => {
  for (const host of opened) await host.close();
  if (root) {
    await root.sh(`rm -rf ${dir} ${daemonDir} ${sudoers} ${sudoers}.tmp; for u in ${NOPW_USER} ${PW_USER}; do ! id $u >/dev/null 2>&1 || userdel -r -f $u 2>/dev/null || true; done`);
    assert.equal(await root.sh(`id ${NOPW_USER} ${PW_USER} 2>&1 | grep -c 'no such user' || true`), '2\n', 'test users removed');
    await root.close();
  }
  if (local) await rm(local, { recursive: true, force: true });
});

describe('become: root through sudo for a plain user', () => {
  it('the users cannot reach the root-only folder by themselves (the test can fail)', async () => {
    const plain = await loginAs(NOPW_USER);
    const r = await plain.connection.exec(`id -un; ls ${dir}`);
    assert.equal(r.stdout, `${NOPW_USER}\n`);
    assert.match(r.stderr, /Permission denied/);
  });

  it('copy (content, src), template, file, lineinfile, blockinfile, ini_file write root-owned files; a second run is ok', async () => {
    const host = await loginAs(NOPW_USER, { ansible_become: true });
    await changesOnce(host, copyModule, { content: 'from content\n', dest: `${dir}/content.txt`, mode: '0600' });
    await changesOnce(host, copyModule, { src: 'payload.txt', dest: `${dir}/` });
    await changesOnce(host, templateModule, { src: 'service.conf.j2', dest: `${dir}/service.conf`, mode: '0640' });
    await changesOnce(host, fileModule, { path: `${dir}/sub`, state: 'directory', owner: 'root', mode: '0700' });
    await changesOnce(host, lineinfileModule, { path: `${dir}/lines`, line: 'a=1', create: true });
    await changesOnce(host, blockinfileModule, { path: `${dir}/block`, block: 'x\ny', create: true });
    await changesOnce(host, iniFileModule, { path: `${dir}/options.ini`, section: 's', option: 'k', value: 'v' });
    // Replacing a root-owned file's content through become.
    await changesOnce(host, copyModule, { content: 'replaced\n', dest: `${dir}/content.txt`, mode: '0600' });
    await changesOnce(host, lineinfileModule, { path: `${dir}/lines`, line: 'b=2' });

    const listing = await root.sh(`cd ${dir} && stat -c '%n %U:%G %a %F' $(ls -A | sort)`);
    assert.equal(
      listing,
      [
        'block root:root 644 regular file',
        'content.txt root:root 600 regular file',
        'lines root:root 644 regular file',
        'options.ini root:root 644 regular file',
        'payload.txt root:root 644 regular file',
        'secret root:root 600 regular file',
        'service.conf root:root 640 regular file',
        'sub root:root 700 directory',
        '',
      ].join('\n'),
      'every file root-owned, and no temp file left behind',
    );
    const contents = await root.sh(`cd ${dir} && for f in content.txt payload.txt service.conf lines block options.ini; do echo "== $f"; cat $f; done`);
    assert.equal(
      contents,
      [
        '== content.txt',
        'replaced',
        '== payload.txt',
        'payload from the controller',
        '== service.conf',
        '[keystone]',
        'port = 5000',
        'port = 35357',
        '== lines',
        'a=1',
        'b=2',
        '== block',
        '# BEGIN ANSIBLE MANAGED BLOCK',
        'x',
        'y',
        '# END ANSIBLE MANAGED BLOCK',
        '== options.ini',
        '',
        '[s]',
        'k = v',
        '',
      ].join('\n'),
    );
  });

  it('stat, slurp, fetch, command and shell read root-only files', async () => {
    const host = await loginAs(NOPW_USER, { ansible_become: true });
    const stat = await host.run(statModule, { path: `${dir}/secret` });
    assert.equal(stat.status, 'ok', JSON.stringify(stat.result));
    const info = stat.result.stat as Record<string, unknown>;
    assert.deepEqual([info.exists, info.pw_name, info.mode, info.size], [true, 'root', '0600', 11]);

    const slurp = await host.run(slurpModule, { src: `${dir}/secret` });
    assert.equal(slurp.status, 'ok', JSON.stringify(slurp.result));
    assert.equal(Buffer.from(String(slurp.result.content), 'base64').toString(), 'top secret\n');

    await changesOnce(host, fetchModule, { src: `${dir}/secret`, dest: `${local}/fetched/`, flat: true });
    assert.equal(await readFile(join(local, 'fetched', 'secret'), 'utf8'), 'top secret\n');

    const cat = await host.run(commandModule, { argv: ['cat', `${dir}/secret`] });
    assert.deepEqual([cat.status, cat.result.rc, cat.result.stdout], ['changed', 0, 'top secret']);
    const stdin = await host.run(commandModule, { cmd: 'cat', stdin: 'piped through sudo' });
    assert.equal(stdin.result.stdout, 'piped through sudo');
    const shell = await host.run(shellModule, { cmd: 'tr a-z A-Z < secret; id -un', chdir: dir });
    assert.deepEqual([shell.status, shell.result.stdout], ['changed', 'TOP SECRET\nroot']);
    // creates is probed with become too: the second run sees the file in the root-only folder.
    await changesOnce(host, commandModule, { cmd: 'touch made', chdir: dir, creates: `${dir}/made` });
    assert.equal(await root.sh(`stat -c '%U' ${dir}/made`), 'root\n');
  });

  it('become on the task (not in the host vars) does the same', async () => {
    const host = await loginAs(NOPW_USER, {}, { become: true });
    await changesOnce(host, copyModule, { content: 'task become\n', dest: `${dir}/task.txt`, owner: 'daemon', mode: '0640' });
    const id = await host.run(shellModule, { cmd: 'id -un; cat task.txt', chdir: dir });
    assert.equal(id.result.stdout, 'root\ntask become');
    assert.equal(await root.sh(`stat -c '%U:%G %a' ${dir}/task.txt`), 'daemon:root 640\n');
  });

  it('ansible_become_user other than root: the files belong to that user', async () => {
    const host = await loginAs(NOPW_USER, { ansible_become: true, ansible_become_user: 'daemon' });
    await changesOnce(host, copyModule, { content: 'as daemon\n', dest: `${daemonDir}/copied`, mode: '0600' });
    await changesOnce(host, templateModule, { src: 'service.conf.j2', dest: `${daemonDir}/service.conf` });
    await changesOnce(host, fileModule, { path: `${daemonDir}/sub`, state: 'directory', mode: '0750' });
    await changesOnce(host, lineinfileModule, { path: `${daemonDir}/sub/lines`, line: 'x=1', create: true });
    const id = await host.run(commandModule, { cmd: 'id -un', chdir: daemonDir });
    assert.equal(id.result.stdout, 'daemon');
    const slurp = await host.run(slurpModule, { src: `${daemonDir}/copied` });
    assert.equal(Buffer.from(String(slurp.result.content), 'base64').toString(), 'as daemon\n');
    assert.equal(
      await root.sh(`cd ${daemonDir} && stat -c '%n %U:%G %a' copied service.conf sub sub/lines`),
      'copied daemon:daemon 600\nservice.conf daemon:daemon 644\nsub daemon:daemon 750\nsub/lines daemon:daemon 644\n',
    );
  });

  it('without become the same copy fails with the permission error (a failed task, not a crash)', async () => {
    const host = await loginAs(NOPW_USER);
    const copy = await host.run(copyModule, { content: 'not allowed\n', dest: `${dir}/content.txt` });
    assert.equal(copy.status, 'failed', JSON.stringify(copy.result));
    assert.equal(copy.result.msg, `Failed to get information on remote file (${dir}/content.txt): Permission denied`, 'as Ansible says it');
    const write = await host.run(copyModule, { content: 'not allowed\n', dest: `/etc/kr-become-${suffix}` });
    assert.equal(write.status, 'failed', JSON.stringify(write.result));
    assert.match(String(write.result.msg), /Permission denied/);
    const file = await host.run(fileModule, { path: `${dir}/other`, state: 'directory' });
    assert.equal(file.status, 'failed', JSON.stringify(file.result));
    assert.match(String(file.result.msg), /Permission denied/);
    const cat = await host.run(commandModule, { argv: ['cat', `${dir}/secret`] });
    assert.equal(cat.status, 'failed');
    assert.match(String(cat.result.stderr), /Permission denied/);
    assert.doesNotMatch(await root.sh(`cat ${dir}/content.txt 2>/dev/null; ls -A /etc | grep kr-become || true`), /not allowed|kr-become/, 'nothing written');
  });

  it('with ansible_become_password: the right password works', async () => {
    const { value: outcomes, output } = await capturingOutput(async () => {
      const host = await loginAs(PW_USER, { ansible_become: true, ansible_become_password: PASSWORD });
      const copy = await changesOnce(host, copyModule, { content: 'with a password\n', dest: `${dir}/pw.txt` });
      const id = await host.run(commandModule, { cmd: 'id -un', stdin: 'stdin after the password' });
      const cat = await host.run(commandModule, { cmd: 'cat', stdin: 'stdin after the password' });
      // A large file streams through sudo after the password dance, whole.
      const big = await changesOnce(host, copyModule, { src: 'big.bin', dest: `${dir}/big.bin` });
      await changesOnce(host, fetchModule, { src: `${dir}/big.bin`, dest: `${local}/big-back.bin`, flat: true });
      return [copy, id, cat, big];
    });
    const [, id, cat, big] = outcomes;
    assert.equal(big?.result.checksum, createHash('sha1').update(BIG).digest('hex'));
    assert.equal(await root.sh(`sha1sum < ${dir}/big.bin | cut -d' ' -f1`), `${String(big?.result.checksum)}\n`);
    assert.ok((await readFile(join(local, 'big-back.bin'))).equals(BIG), 'fetched back whole');
    assert.equal(id?.result.stdout, 'root');
    assert.equal(cat?.result.stdout, 'stdin after the password', 'the password is not fed to the command');
    assert.equal(await root.sh(`stat -c '%U:%G' ${dir}/pw.txt; cat ${dir}/pw.txt`), 'root:root\nwith a password\n');
    assert.ok(!JSON.stringify(outcomes).includes(PASSWORD), 'password in a result');
    assert.ok(!output.includes(PASSWORD), 'password in the output');
  });

  it('a wrong become password fails with "incorrect become password" and appears nowhere', async () => {
    const { value: outcomes, output } = await capturingOutput(async () => {
      const host = await loginAs(PW_USER, { ansible_become: true, ansible_become_password: WRONG_PASSWORD });
      return [
        await host.run(copyModule, { content: 'never\n', dest: `${dir}/wrong.txt` }),
        await host.run(commandModule, { cmd: 'id -un' }),
        await host.run(statModule, { path: `${dir}/secret` }),
      ];
    });
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'failed', JSON.stringify(outcome.result));
      assert.match(String(outcome.result.msg), /incorrect become password/);
    }
    const text = JSON.stringify(outcomes);
    for (const secret of [WRONG_PASSWORD, PASSWORD]) {
      assert.ok(!text.includes(secret), 'password in a result');
      assert.ok(!output.includes(secret), 'password in the output');
    }
    assert.equal(await root.sh(`ls ${dir}/wrong.txt 2>/dev/null || echo absent`), 'absent\n');
  });

  it('the password user without a password: sudo asks for one, the task says so', async () => {
    const host = await loginAs(PW_USER, { ansible_become: true });
    const outcome = await host.run(copyModule, { content: 'never\n', dest: `${dir}/nopw.txt` });
    assert.equal(outcome.status, 'failed');
    assert.match(String(outcome.result.msg), /password is required/);
  });
});
