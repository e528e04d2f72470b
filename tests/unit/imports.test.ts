/**
 * The engine's layering: no module of src/ reaches itself again through its
 * imports, type-only imports included (they vanish when compiled, but a
 * cycle of types is still two files that cannot be understood apart).
 * Read from the sources, so that a compiled file whose source is gone does
 * not count.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Relative imports and re-exports of a source, type-only ones included. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(?:type\s+)?[^;]*?\s*from\s+'(\.{1,2}\/[^']+)\.js'/gm)].map((m) => resolve(dirname(file), `${m[1] as string}.ts`));
}

export function cycles(files: readonly string[], edges: (f: string) => string[]): string[][] {
  const graph = new Map(files.map((f) => [f, edges(f).filter((d) => files.includes(d))]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

test('the cycle finder sees a loop of three and none in a chain', () => {
  assert.deepEqual(cycles(['a', 'b', 'c'], (f) => ({ a: ['b'], b: ['c'], c: ['a'] })[f] ?? []), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(cycles(['a', 'b', 'c'], (f) => ({ a: ['b'], b: ['c'] })[f] ?? []), []);
});

test('src/ has no import cycle, type-only imports included', () => {
  const found = cycles(tsFiles(SRC), imports).map((c) => c.map((f) => f.slice(SRC.length)).join(' -> '));
  assert.deepEqual(found, []);
});
