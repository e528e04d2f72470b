import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleCatalog } from '../../../src/modules/registry.js';
import { InputError } from '../../../src/errors.js';
import { loadPlaybook, type Block, type ModuleCatalog, type Node, type Task } from '../../../src/playbook/index.js';
import { tempDir } from '../../support/temp-dir.js';

/** tests/fixtures/playbook, from the compiled test file in dist/tests/unit/playbook. */
export const FIXTURES = fileURLToPath(new URL('../../../../tests/fixtures/playbook/', import.meta.url));

export const MODULES = ['command', 'shell', 'raw', 'copy', 'template', 'debug', 'file', 'service', 'ping', 'wait_for', 'stat', 'assert', 'fail', 'modprobe'];

export function catalogOf(names: readonly string[] = MODULES): ModuleCatalog {
  const set = new Set(names);
  // Which modules are free-form is the real registry's answer.
  return { has: (n) => set.has(n), names: () => names, freeForm: moduleCatalog.freeForm };
}

/** Every task under `nodes`, depth first (blocks opened). */
export function flatTasks(nodes: readonly Node[]): Task[] {
  const out: Task[] = [];
  const walk = (n: Node): void => {
    if (n.kind === 'task') out.push(n);
    else [...n.block, ...n.rescue, ...n.always].forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

export function findTask(nodes: readonly Node[], name: string): Task {
  const t = flatTasks(nodes).find((x) => x.name === name);
  if (!t) throw new Error(`no task named ${name}`);
  return t;
}

export function findBlock(nodes: readonly Node[], pred: (b: Block) => boolean): Block {
  const walk = (list: readonly Node[]): Block | undefined => {
    for (const n of list) {
      if (n.kind !== 'block') continue;
      if (pred(n)) return n;
      const inner = walk([...n.block, ...n.rescue, ...n.always]);
      if (inner) return inner;
    }
    return undefined;
  };
  const b = walk(nodes);
  if (!b) throw new Error('no such block');
  return b;
}

/** The bad-input corpus: tests/fixtures/playbook/bad/<case>/{site.yml,expected.json}. */
export interface Expected {
  file: string;
  line: number;
  col: number;
  message: string;
  /** What `ansible-playbook --syntax-check` does with the case (oracle.test.ts checks it). */
  ansible: 'accepts' | 'rejects';
}

export const BAD = path.join(FIXTURES, 'bad');
export const CASES = readdirSync(BAD).sort();

export function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(path.join(BAD, name, 'expected.json'), 'utf8')) as Expected;
}

/** Writes `files` (relative path -> content) under a new temp directory; returns it. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const dir = await tempDir('kr-pb-');
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

/** The InputError that loading `file` fails with: its place relative to `dir` and its reason. */
export async function loadError(dir: string, catalog: ModuleCatalog = catalogOf(), file = 'site.yml'): Promise<{ where: string; reason: string }> {
  const err = await loadPlaybook(path.join(dir, file), { catalog }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${err === undefined ? 'a loaded playbook' : String(err)}`);
  return { where: `${path.relative(dir, err.location.file)}:${err.location.line}:${err.location.col}`, reason: err.reason };
}
