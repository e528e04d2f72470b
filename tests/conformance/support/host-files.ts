/**
 * The files a case leaves behind: its output folder on each node (and on
 * the controller, for delegate_to: localhost), emptied before each run and
 * read back after it as { "host:path": content }.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectionPool } from '../../../src/connection/index.js';
import type { TestbedState } from '../../../src/testbed/index.js';
import { nodeSettings } from '../../support/testbed.js';

// One folder per test process: two runs of the corpus at once (CI and a developer) must not share files.
export const OUT_ROOT = `/tmp/conformance/run-${process.pid}`;

export function outDir(caseName: string): string {
  return `${OUT_ROOT}/${caseName}`;
}

// Prints { path: content } of every file under the folder (python3 is on every node).
const DUMP = `import json,os,sys
d=sys.argv[1]; out={}
for root,_,files in os.walk(d):
    for f in files:
        p=os.path.join(root,f)
        out[p]=open(p,"rb").read().decode("utf-8","replace")
print(json.dumps(out,sort_keys=True))`;

export class HostFiles {
  readonly #pool = new ConnectionPool();
  constructor(private readonly state: TestbedState) {}

  #node(i: number) {
    return this.#pool.get(nodeSettings(this.state, i));
  }

  async reset(caseName: string, local: boolean): Promise<void> {
    const dir = outDir(caseName);
    await Promise.all(
      this.state.nodes.map(async (_, i) => {
        const r = await this.#node(i).exec(`rm -rf ${dir} && mkdir -p ${dir}`);
        if (r.rc !== 0) throw new Error(`reset ${dir} on node${i + 1}: ${r.stderr}`);
      }),
    );
    if (local) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
    }
  }

  async collect(caseName: string, local: boolean): Promise<Record<string, string>> {
    const dir = outDir(caseName);
    const out: Record<string, string> = {};
    await Promise.all(
      this.state.nodes.map(async (node, i) => {
        const r = await this.#node(i).exec(`python3 -c '${DUMP}' ${dir}`);
        if (r.rc !== 0) throw new Error(`collect ${dir} on ${node.hostname}: ${r.stderr}`);
        for (const [path, content] of Object.entries(JSON.parse(r.stdout) as Record<string, string>)) out[`${node.hostname}:${path}`] = content;
      }),
    );
    if (local) for (const [path, content] of Object.entries(await readLocal(dir))) out[`controller:${path}`] = content;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Removes this run's folders (nodes and controller), then closes the connections. */
  async close(): Promise<void> {
    await Promise.all(this.state.nodes.map((_, i) => this.#node(i).exec(`rm -rf ${OUT_ROOT}`).catch(() => undefined)));
    await rm(OUT_ROOT, { recursive: true, force: true });
    await this.#pool.closeAll();
  }
}

async function readLocal(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath ?? e.path, e.name);
    out[path] = await readFile(path, 'utf8');
  }
  return out;
}
