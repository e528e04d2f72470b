/**
 * file's two ways must agree: converge (ordinary runs: the probe and the
 * common changes in one command) and query-then-apply (check and diff runs,
 * and whatever the shell leaves). Each case starts from the same state in
 * two folders and runs once each way: same status, same registered fields,
 * same tree left behind. Then the commands: converge makes a missing
 * directory or fixes a mode in one round trip.
 */
import assert from 'node:assert/strict';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { fileModule } from '../../../src/modules/file.js';
import { runModule } from '../../../src/executor/module-runner.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

interface Case {
  name: string;
  /** Shell run in the case's folder ($D) before the module. */
  setup?: string;
  /** The arguments; `@` in a value stands for the case's folder. */
  args: Record<string, unknown>;
  status: 'ok' | 'changed' | 'failed';
}

const CASES: Case[] = [
  { name: 'a missing directory and its parents, with a mode', args: { path: '@/a/b/c', state: 'directory', mode: '0750' }, status: 'changed' },
  { name: 'a missing directory, owner and group by name', args: { path: '@/new', state: 'directory', owner: 'nobody', group: 'nogroup', mode: 0o711 }, status: 'changed' },
  { name: 'a directory whose mode differs', setup: 'mkdir -m 700 "$D/d"', args: { path: '@/d', state: 'directory', mode: '755' }, status: 'changed' },
  { name: 'a directory as wanted', setup: 'mkdir -m 755 "$D/d"', args: { path: '@/d', state: 'directory', mode: '0755', owner: '0' }, status: 'ok' },
  { name: 'a directory whose group differs, owner as it is', setup: 'mkdir "$D/d"', args: { path: '@/d', state: 'directory', owner: 'root', group: 'nogroup' }, status: 'changed' },
  { name: 'a file whose owner and group differ', setup: 'touch "$D/f"', args: { path: '@/f', state: 'file', owner: 'nobody', group: '65534' }, status: 'changed' },
  { name: 'a file whose owner alone differs', setup: 'touch "$D/f"; chgrp nogroup "$D/f"', args: { path: '@/f', owner: 'nobody', group: 'nogroup' }, status: 'changed' },
  { name: 'a file, no state, mode 0600', setup: 'echo x > "$D/f"; chmod 644 "$D/f"', args: { path: '@/f', mode: '0600' }, status: 'changed' },
  { name: 'a file with a second hard link (state hard, left to apply)', setup: 'touch "$D/f"; ln "$D/f" "$D/g"', args: { path: '@/f', mode: '0600' }, status: 'changed' },
  { name: 'a link to a directory is followed (left to apply)', setup: 'mkdir -m 700 "$D/t"; ln -s t "$D/l"', args: { path: '@/l', state: 'directory', mode: '0755' }, status: 'changed' },
  { name: 'an unknown owner changes nothing', setup: 'touch "$D/f"; chmod 600 "$D/f"', args: { path: '@/f', owner: 'no-such-user-kr', mode: '0644' }, status: 'failed' },
  { name: 'an unknown group on a missing directory makes nothing', args: { path: '@/x', state: 'directory', group: 'no-such-group-kr' }, status: 'failed' },
  { name: 'state=directory on a file', setup: 'touch "$D/f"', args: { path: '@/f', state: 'directory', mode: '0755' }, status: 'failed' },
  { name: 'state=file on nothing', args: { path: '@/none', state: 'file', mode: '0644' }, status: 'failed' },
  { name: 'a directory below a file', setup: 'touch "$D/f"', args: { path: '@/f/sub', state: 'directory' }, status: 'failed' },
  { name: 'a directory with a space and a quote', args: { path: "@/it's a/dir", state: 'directory', mode: '0700' }, status: 'changed' },
];

let folders = 0;
async function folder(setup: string | undefined): Promise<string> {
  const dir = h.path(`case-${folders++}`);
  await h.sh(`mkdir -p '${dir}' && D='${dir}' && { ${setup ?? ':'}; }`);
  return dir;
}

const inFolder = (args: Record<string, unknown>, dir: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.replace('@', dir) : v]));

/** Type, mode, owner and link target of everything below dir, named relative to it. */
async function tree(dir: string, rel = '.'): Promise<string[]> {
  const path = join(dir, rel);
  const st = await lstat(path);
  const link = st.isSymbolicLink() ? ` -> ${await readlink(path)}` : '';
  const lines = [`${rel} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.nlink}${link}`];
  if (st.isDirectory()) for (const name of (await readdir(path)).sort()) lines.push(...(await tree(dir, join(rel, name))));
  return lines;
}

/** A context that counts the commands it runs. */
function counting(ctx: ModuleContext): { ctx: ModuleContext; runs: () => number } {
  let n = 0;
  return { ctx: { ...ctx, run: (command, options) => (n++, ctx.run(command, options)) }, runs: () => n };
}

for (const c of CASES) {
  test(`converge agrees with query-then-apply: ${c.name}`, async () => {
    const [a, b] = [await folder(c.setup), await folder(c.setup)];
    const converged = await runModule(fileModule, inFolder(c.args, a), h.ctx, { check: false, diff: false });
    const applied = await runModule(fileModule, inFolder(c.args, b), h.ctx, { check: false, diff: true });
    assert.equal(converged.status, c.status, JSON.stringify(converged.result));
    assert.equal(applied.status, c.status, JSON.stringify(applied.result));
    const fields = (r: Record<string, unknown>, dir: string) => JSON.parse(JSON.stringify(r).split(dir).join('@')) as unknown;
    assert.deepEqual(fields(converged.result, a), fields(applied.result, b));
    assert.deepEqual(await tree(a), await tree(b));
    const again = await runModule(fileModule, inFolder(c.args, a), h.ctx, { check: false, diff: false });
    assert.equal(again.status, c.status === 'changed' ? 'ok' : c.status, `a second run: ${JSON.stringify(again.result)}`);
  });
}

test('converge: one command makes a missing directory, fixes a mode, or finds nothing to do', async () => {
  const dir = await folder('echo x > "$D/f"; chmod 644 "$D/f"');
  for (const [args, status] of [
    [{ path: join(dir, 'p', 'q'), state: 'directory', mode: '0755' }, 'changed'],
    [{ path: join(dir, 'f'), mode: '0600' }, 'changed'],
    [{ path: join(dir, 'f'), mode: '0600', owner: 'root' }, 'ok'],
  ] as const) {
    const counted = counting(h.ctx);
    const r = await runModule(fileModule, args, counted.ctx, { check: false, diff: false });
    assert.equal(r.status, status, JSON.stringify(r.result));
    assert.equal(counted.runs(), 1, `${JSON.stringify(args)}: one round trip`);
  }
});
