/**
 * Modules tested without Docker: a real ModuleContext over the local
 * connection (`ansible_connection=local`), so a module's shell commands
 * really run, on this machine. Every path a test gives a module lies in a
 * fresh temp folder (`root`); the controller's files/ and templates/ lie
 * in a folder of their own beside it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConnectionPool, connectionSettingsFromVars } from '../../src/connection/index.js';
import { moduleContext } from '../../src/executor/module-context.js';
import { runModule, type TaskOutcome, type TaskStatus } from '../../src/executor/module-runner.js';
import type { AnyTaskModule, ModuleContext } from '../../src/modules/contract.js';
import { findModule } from '../../src/modules/registry.js';
import { localFiles } from './local-files.js';
import type { ModuleRunner } from './module-checks.js';

export interface RunFlagsIn {
  check?: boolean;
  diff?: boolean;
}

export interface LocalModuleHost extends ModuleRunner {
  ctx: ModuleContext;
  /** The host's side: every path a test names lies below it. */
  root: string;
  /** The controller's side: `files/` and `templates/` (copy's and template's src). */
  controller: string;
  /** Variables templates are rendered with; tests may add to them. */
  vars: Record<string, unknown>;
  /** `root` joined with the parts. */
  path(...parts: string[]): string;
  /** Writes a file below `root` (folders made), optionally with a mode; returns its path. */
  write(relative: string, content: string | Buffer, mode?: number): Promise<string>;
  read(relative: string): Promise<string>;
  /** Writes a file of the controller (kind: files or templates). */
  source(kind: 'files' | 'templates', relative: string, content: string): Promise<string>;
  /** A module from the registry, by the name a task gives it. */
  module(name: string): Promise<AnyTaskModule>;
  run(module: AnyTaskModule | string, args: Record<string, unknown>, flags?: RunFlagsIn): Promise<TaskOutcome>;
  close(): Promise<void>;
}

export async function localModuleHost(): Promise<LocalModuleHost> {
  const base = await mkdtemp(join(tmpdir(), 'kr-modunit-'));
  const root = join(base, 'host');
  const controller = join(base, 'controller');
  for (const dir of [root, join(controller, 'files'), join(controller, 'templates')]) await mkdir(dir, { recursive: true });
  const vars: Record<string, unknown> = {};
  const pool = new ConnectionPool();
  const connection = pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false, globalKnownHostsFiles: [] }));
  const ctx = moduleContext('localhost', connection, { local: localFiles(controller, vars) });
  const module = async (name: string): Promise<AnyTaskModule> => {
    const found = await findModule(name);
    if (!found) throw new Error(`no module named ${name}`);
    return found;
  };
  const write = async (relative: string, content: string | Buffer, mode?: number): Promise<string> => {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    if (mode !== undefined) await chmod(path, mode);
    return path;
  };
  return {
    ctx,
    root,
    controller,
    vars,
    path: (...parts) => join(root, ...parts),
    write,
    read: (relative) => readFile(join(root, relative), 'utf8'),
    async source(kind, relative, content) {
      const path = join(controller, kind, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    module,
    async sh(command) {
      const r = await connection.exec(command);
      assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
      return r.stdout;
    },
    async run(m, args, flags = {}) {
      const resolved = typeof m === 'string' ? await module(m) : m;
      return runModule(resolved, args, ctx, { check: flags.check ?? false, diff: flags.diff ?? false });
    },
    async close() {
      await pool.closeAll();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/**
 * Everything below `dir` as one text: each entry's type, mode, owner,
 * size, modification time (to the nanosecond), link target and content
 * digest. Stricter than the ssh snapshot: a check run that so much as
 * touches a file, or makes and removes a temp file in a folder, shows.
 */
export async function localSnapshot(dir: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const st = await lstat(path, { bigint: true }).catch(() => undefined);
    if (!st) return;
    let what = '';
    if (st.isSymbolicLink()) what = `-> ${await readlink(path)}`;
    else if (st.isFile()) what = createHash('sha256').update(await readFile(path)).digest('hex');
    lines.push(`${path} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeNs} ${st.nlink} ${what}`);
    if (st.isDirectory()) for (const name of (await readdir(path)).sort()) await walk(join(path, name));
  };
  await walk(dir);
  return lines.join('\n');
}

/**
 * The module contract, every path through the runner: check mode with and
 * without --diff reports the change (or skips the task, for a module that
 * cannot know without running) and leaves `root` as it was; the real
 * run changes (with `diff: true` through query then apply, else through
 * the module's one-step converge where it has one); a second run, in
 * either way, reports no change (`again`: script's creates skips the task).
 */
export async function assertChangesOnce(host: LocalModuleHost, module: AnyTaskModule | string, args: Record<string, unknown>, options: { diff?: boolean; inCheck?: TaskStatus; again?: TaskStatus } = {}): Promise<TaskOutcome> {
  const resolved = typeof module === 'string' ? await host.module(module) : module;
  // A module that cannot tell without running (command, fetch, assemble) is skipped in check mode, as in Ansible, unless creates/removes decide.
  const inCheck = options.inCheck ?? (resolved.check === 'skip' ? 'skipped' : 'changed');
  const before = await localSnapshot(host.root);
  for (const diff of [true, false]) {
    const checked = await host.run(resolved, args, { check: true, diff });
    assert.equal(checked.status, inCheck, `check mode (diff ${diff}) should report the change: ${JSON.stringify(checked.result)}`);
    assert.equal(await localSnapshot(host.root), before, `check mode (diff ${diff}) must not change the host`);
  }
  const first = await host.run(resolved, args, { diff: options.diff ?? false });
  assert.equal(first.status, 'changed', `first run: ${JSON.stringify(first.result)}`);
  for (const diff of [false, true]) {
    const again = await host.run(resolved, args, { diff });
    assert.equal(again.status, options.again ?? 'ok', `a second run (diff ${diff}) must report no change: ${JSON.stringify(again.result)}`);
  }
  return first;
}

/** A module that only reads: the same answer, never a change, in check mode or not, and `root` as it was. */
export async function assertReadOnly(host: LocalModuleHost, module: AnyTaskModule | string, args: Record<string, unknown>): Promise<TaskOutcome> {
  const before = await localSnapshot(host.root);
  for (const flags of [{ check: true, diff: true }, { check: true }, { diff: true }]) {
    const r = await host.run(module, args, flags);
    assert.equal(r.status, 'ok', `${JSON.stringify(flags)}: ${JSON.stringify(r.result)}`);
  }
  const r = await host.run(module, args);
  assert.equal(r.status, 'ok', JSON.stringify(r.result));
  assert.equal(r.result.changed, false);
  assert.equal(await localSnapshot(host.root), before, 'a read-only module must not change the host');
  return r;
}

/** The permission bits of `path` (links followed), in octal as Ansible registers them. */
export const modeOf = async (path: string): Promise<string> => ((await stat(path)).mode & 0o7777).toString(8);

/** The umask the local connection's shell runs with (the test process's). */
export function processUmask(): number {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}
