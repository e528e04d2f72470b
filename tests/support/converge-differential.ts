/**
 * A module's two ways must agree: converge (ordinary runs, one command
 * where it can) and query-then-apply (check and diff runs, and whatever
 * converge leaves to apply). Each case starts from the same state in two
 * folders and runs once each way: same status, same registered fields
 * (the folders' names made alike), same tree left behind; a second
 * converge changes nothing.
 */
import assert from 'node:assert/strict';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runModule } from '../../src/executor/module-runner.js';
import type { AnyTaskModule, ModuleContext } from '../../src/modules/contract.js';
import type { LocalModuleHost } from './local-module-host.js';

export interface ConvergeCase {
  name: string;
  /** Shell run in the case's folder ($D) before the module. */
  setup?: string;
  /** The arguments; `@` in a string stands for the case's folder. */
  args: Record<string, unknown>;
  status: 'ok' | 'changed' | 'failed';
  /** Permission bits paths (relative to the case's folder) are left with, as ansible-playbook leaves them. */
  modes?: Record<string, number>;
}

/** Type, mode, owner, links, link target and content of everything below dir, named relative to it. */
async function tree(dir: string, rel = '.'): Promise<string[]> {
  const path = join(dir, rel);
  const st = await lstat(path);
  const what = st.isSymbolicLink() ? ` -> ${await readlink(path)}` : st.isFile() ? ` ${JSON.stringify(await readFile(path, 'utf8'))}` : '';
  const lines = [`${rel} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.nlink}${what}`];
  if (st.isDirectory()) for (const name of (await readdir(path)).sort()) lines.push(...(await tree(dir, join(rel, name))));
  return lines;
}

let folders = 0;
/** A fresh folder below the host's root, set up by the case's shell. */
export async function caseFolder(h: LocalModuleHost, setup: string | undefined): Promise<string> {
  const dir = h.path(`case-${folders++}`);
  await h.sh(`mkdir -p '${dir}' && D='${dir}' && { ${setup ?? ':'}; }`);
  return dir;
}

const inFolder = (args: Record<string, unknown>, dir: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.replace('@', dir) : v]));

export function convergeDifferential(host: () => LocalModuleHost, module: AnyTaskModule, cases: readonly ConvergeCase[]): void {
  for (const c of cases) {
    test(`converge agrees with query-then-apply: ${c.name}`, async () => {
      const h = host();
      const [a, b] = [await caseFolder(h, c.setup), await caseFolder(h, c.setup)];
      const converged = await runModule(module, inFolder(c.args, a), h.ctx, { check: false, diff: false });
      const applied = await runModule(module, inFolder(c.args, b), h.ctx, { check: false, diff: true });
      assert.equal(converged.status, c.status, JSON.stringify(converged.result));
      assert.equal(applied.status, c.status, JSON.stringify(applied.result));
      const fields = (r: Record<string, unknown>, dir: string) => JSON.parse(JSON.stringify(r).split(dir).join('@')) as unknown;
      assert.deepEqual(fields(converged.result, a), fields(applied.result, b));
      assert.deepEqual(await tree(a), await tree(b));
      for (const [rel, mode] of Object.entries(c.modes ?? {})) {
        assert.equal(((await lstat(join(a, rel))).mode & 0o7777).toString(8), mode.toString(8), `the mode of ${rel}`);
      }
      const again = await runModule(module, inFolder(c.args, a), h.ctx, { check: false, diff: false });
      assert.equal(again.status, c.status === 'changed' ? 'ok' : c.status, `a second run: ${JSON.stringify(again.result)}`);
    });
  }
}

/** A context that counts the commands it runs and the files it puts (each its own exec). */
export function countingContext(ctx: ModuleContext): { ctx: ModuleContext; runs: () => number; puts: () => number } {
  let n = 0;
  let p = 0;
  return {
    ctx: { ...ctx, run: (command, options) => (n++, ctx.run(command, options)), put: (content, path, options) => (p++, ctx.put(content, path, options)) },
    runs: () => n,
    puts: () => p,
  };
}
