/**
 * Playbook load benchmark: generates a kolla-ansible-sized tree (100 roles,
 * 3,000 tasks by default) and prints how long loading and validating it takes.
 *
 *   node dist/bench/load.js [roles] [tasksPerRole] [runs]
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPlaybook } from '../src/playbook/index.js';
import { parseYaml } from '../src/yaml/load.js';
import { generateTree } from '../tests/unit/playbook/generate-tree.js';

const [roles = 100, tasksPerRole = 30, runs = 5] = process.argv.slice(2).map(Number);
const dir = await mkdtemp(path.join(tmpdir(), 'kr-bench-load-'));
try {
  const tree = await generateTree(dir, { roles, tasksPerRole });
  const names = tree.modules;
  const catalog = { has: (n: string) => names.includes(n), names: () => names };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const book = await loadPlaybook(tree.playbook, { catalog, env: {} });
    times.push(performance.now() - start);
    if (book.plays.length !== roles) throw new Error('unexpected play count');
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  // The share of the YAML adapter alone: parse every file of the tree once.
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.yml')).map((f) => path.join(dir, f));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const yamlTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    texts.forEach((t, j) => parseYaml(t, files[j] ?? ''));
    yamlTimes.push(performance.now() - start);
  }
  const yamlMedian = [...yamlTimes].sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  console.log(`playbook load: ${roles} roles, ${tree.tasks} tasks; first ${times[0]?.toFixed(0)} ms, median ${median.toFixed(0)} ms over ${runs} runs (each run a fresh loader, warm file cache)`);
  console.log(`of which YAML parsing (${files.length} files, ${texts.reduce((n, t) => n + t.length, 0)} bytes): median ${yamlMedian.toFixed(0)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
