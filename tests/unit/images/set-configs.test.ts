/**
 * kolla_set_configs (images/base/kolla_set_configs, Python 3) run against
 * temporary directories: config.json in, files and exit codes out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp-dir.js';
import { ansiblePython } from '../../support/ansible-python.js';

const script = fileURLToPath(new URL('../../../../images/base/kolla_set_configs', import.meta.url));
const me = userInfo().username;
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Setup {
  root: string;
  src: string;
  dst: string;
  run(args?: string[], strategy?: string): { code: number; stderr: string };
  config(config: unknown): Promise<void>;
}

async function setup(): Promise<Setup> {
  const root = await tempDir('kolla-set-configs-');
  dirs.push(root);
  const src = join(root, 'config_files');
  const dst = join(root, 'etc');
  await mkdir(src);
  return {
    root,
    src,
    dst,
    config: (config) => writeFile(join(src, 'config.json'), JSON.stringify(config)),
    run: (args = [], strategy = 'COPY_ALWAYS') => {
      const result = spawnSync(ansiblePython(), [script, ...args], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          KOLLA_CONFIG_FILE: join(src, 'config.json'),
          KOLLA_CONFIG_STRATEGY: strategy,
          KOLLA_CONFIGURED_MARKER: join(root, 'configured'),
          KOLLA_RUN_COMMAND_FILE: join(root, 'run_command'),
        },
      });
      return { code: result.status ?? -1, stderr: result.stderr };
    },
  };
}

const mode = async (path: string) => ((await stat(path)).mode & 0o7777).toString(8).padStart(4, '0');

test('copies files with owner and mode, into a directory when dest ends with /, and writes the command', async () => {
  const s = await setup();
  await writeFile(join(s.src, 'a.conf'), 'A\n');
  await writeFile(join(s.src, 'b.conf'), 'B\n');
  await s.config({
    command: '/usr/bin/memcached -v',
    config_files: [
      { source: join(s.src, 'a.conf'), dest: join(s.dst, 'a', 'renamed.conf'), owner: me, perm: '0600' },
      { source: join(s.src, 'b.conf'), dest: `${join(s.dst, 'b')}/`, owner: `${me}:${me === 'root' ? 'root' : me}`, perm: '0640' },
    ],
  });
  const r = s.run();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(s.dst, 'a', 'renamed.conf'), 'utf8'), 'A\n');
  assert.equal(await mode(join(s.dst, 'a', 'renamed.conf')), '0600');
  assert.equal(await readFile(join(s.dst, 'b', 'b.conf'), 'utf8'), 'B\n');
  assert.equal(await mode(join(s.dst, 'b', 'b.conf')), '0640');
  assert.equal(await readFile(join(s.root, 'run_command'), 'utf8'), '/usr/bin/memcached -v');
});

test('a glob copies every match; a missing optional source is skipped; a missing required one fails', async () => {
  const s = await setup();
  await writeFile(join(s.src, 'x.pem'), 'x');
  await writeFile(join(s.src, 'y.pem'), 'y');
  await s.config({
    command: 'true',
    config_files: [
      { source: join(s.src, '*.pem'), dest: `${s.dst}/certs/`, owner: me, perm: '0400' },
      { source: join(s.src, 'absent.conf'), dest: join(s.dst, 'absent.conf'), owner: me, perm: '0600', optional: true },
    ],
  });
  const ok = s.run();
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(await readFile(join(s.dst, 'certs', 'x.pem'), 'utf8'), 'x');
  assert.equal(await readFile(join(s.dst, 'certs', 'y.pem'), 'utf8'), 'y');
  assert.match(ok.stderr, /skipping optional/);
  await s.config({ command: 'true', config_files: [{ source: join(s.src, 'absent.conf'), dest: join(s.dst, 'absent.conf'), owner: me, perm: '0600' }] });
  const bad = s.run();
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /missing source .*absent\.conf/);
});

test('the destination is removed before copying, unless merge', async () => {
  const s = await setup();
  await mkdir(join(s.src, 'conf.d'));
  await writeFile(join(s.src, 'conf.d', 'new.cnf'), 'new');
  await mkdir(join(s.dst, 'replaced'), { recursive: true });
  await writeFile(join(s.dst, 'replaced', 'old.cnf'), 'old');
  await mkdir(join(s.dst, 'merged'), { recursive: true });
  await writeFile(join(s.dst, 'merged', 'old.cnf'), 'old');
  await s.config({
    command: 'true',
    config_files: [
      { source: join(s.src, 'conf.d'), dest: join(s.dst, 'replaced'), owner: me, perm: '0644' },
      { source: join(s.src, 'conf.d'), dest: join(s.dst, 'merged'), owner: me, perm: '0644', merge: true },
    ],
  });
  const r = s.run();
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(join(s.dst, 'replaced', 'old.cnf')), 'replaced dir lost its old file');
  assert.equal(await readFile(join(s.dst, 'replaced', 'new.cnf'), 'utf8'), 'new');
  assert.equal(await readFile(join(s.dst, 'merged', 'old.cnf'), 'utf8'), 'old');
  assert.equal(await readFile(join(s.dst, 'merged', 'new.cnf'), 'utf8'), 'new');
  // A directory gets search permission wherever it can be read.
  assert.equal(await mode(join(s.dst, 'replaced')), '0755');
});

test('permissions: owner and mode, recursively', async () => {
  const s = await setup();
  await mkdir(join(s.root, 'logs', 'sub'), { recursive: true });
  await writeFile(join(s.root, 'logs', 'sub', 'a.log'), '');
  await s.config({
    command: 'true',
    permissions: [
      { path: join(s.root, 'logs'), owner: me, perm: '0640', recurse: true },
      { path: join(s.root, 'not-there'), owner: me },
    ],
  });
  const r = s.run();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await mode(join(s.root, 'logs', 'sub', 'a.log')), '0640');
  assert.equal(await mode(join(s.root, 'logs', 'sub')), '0750');
  assert.match(r.stderr, /skipping permissions of .*not-there/);
});

test('COPY_ONCE copies at the first start only; COPY_ALWAYS at every start', async () => {
  const s = await setup();
  await writeFile(join(s.src, 'a.conf'), 'v1');
  await s.config({ command: 'true', config_files: [{ source: join(s.src, 'a.conf'), dest: join(s.dst, 'a.conf'), owner: me, perm: '0600' }] });
  assert.equal(s.run([], 'COPY_ONCE').code, 0);
  assert.ok(existsSync(join(s.root, 'configured')), 'marker written');
  await writeFile(join(s.src, 'a.conf'), 'v2');
  const again = s.run([], 'COPY_ONCE');
  assert.equal(again.code, 0);
  assert.match(again.stderr, /COPY_ONCE/);
  assert.equal(await readFile(join(s.dst, 'a.conf'), 'utf8'), 'v1');
  assert.equal(s.run([], 'COPY_ALWAYS').code, 0);
  assert.equal(await readFile(join(s.dst, 'a.conf'), 'utf8'), 'v2');
});

test('an unknown or missing strategy is refused', async () => {
  const s = await setup();
  await s.config({ command: 'true' });
  const r = s.run([], 'SOMETIMES');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /KOLLA_CONFIG_STRATEGY must be one of COPY_ALWAYS, COPY_ONCE/);
});

test('--check: 0 when the files match, 1 when a source, a mode or the command changed', async () => {
  const s = await setup();
  await writeFile(join(s.src, 'a.conf'), 'v1');
  const config = { command: 'run-me', config_files: [{ source: join(s.src, 'a.conf'), dest: join(s.dst, 'a.conf'), owner: me, perm: '0600' }] };
  await s.config(config);
  assert.equal(s.run(['--check']).code, 1, 'nothing copied yet');
  assert.equal(s.run().code, 0);
  const same = s.run(['--check']);
  assert.equal(same.code, 0, same.stderr);
  await writeFile(join(s.src, 'a.conf'), 'v2');
  const changed = s.run(['--check']);
  assert.equal(changed.code, 1);
  assert.match(changed.stderr, /a\.conf: content differs/);
  assert.equal(s.run().code, 0);
  await chmod(join(s.dst, 'a.conf'), 0o644);
  assert.match(s.run(['--check']).stderr, /mode 0644, expected 0600/);
  assert.equal(s.run().code, 0);
  await s.config({ ...config, command: 'run-me --other' });
  const cmd = s.run(['--check']);
  assert.equal(cmd.code, 1);
  assert.match(cmd.stderr, /command differs/);
  // --check copies nothing.
  assert.equal(await readFile(join(s.root, 'run_command'), 'utf8'), 'run-me');
});

test('a broken config.json is reported, exit 1', async () => {
  const s = await setup();
  await writeFile(join(s.src, 'config.json'), '{"command": ');
  const r = s.run();
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not valid JSON/);
  await s.config({ config_files: [{ source: 'x' }] });
  assert.match(s.run().stderr, /config_files\[0\] needs "dest"/);
  await s.config({ config_files: [{ source: 'x', dest: 'y', perm: '9' }] });
  assert.match(s.run().stderr, /not an octal mode/);
});
