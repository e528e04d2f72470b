// Bundles the unit test files (dist/tests/unit/**/*.test.js), with what they import, our code and
// its packages, into a few group files in dist/unit-bundle/ (two per core), the
// chunks they share split out. node --test starts one process per file: 160 processes, each loading
// its own copy of the code, spent more CPU than most tests themselves (about 22 of the
// suite's 60 CPU seconds on 2 cores). In a group, each test file is a suite of its own (named after
// the file), so a file's top-level hooks stay its own; the files of a group run one after another.
// The groups run the same compiled code, as the CLI runs bundled (bundle.mjs). A single test file
// can still be run from dist/tests/unit/, with readable stack traces.
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKey, upToDate, writeStamp } from './build-stamp.mjs';
import { nativeAddons, ownImportMetaUrl } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'unit-bundle');
const groupSources = join(dist, 'unit-groups');
const DURATIONS = join(dist, 'unit-durations.json');
// More groups than cores: a group whose test waits on a timer leaves its core to another.
const groupCount = Number(process.env.KOLLA_RUN_UNIT_GROUPS ?? availableParallelism() * 2);

const files = (await readdir(join(dist, 'tests', 'unit'), { recursive: true }))
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => join(dist, 'tests', 'unit', file));

// Groups of about equal time, the longest file placed first: each file's time in the last run
// (unit-durations-reporter.mjs writes them), or where there is none, its compiled size at the
// last run's milliseconds per byte.
const durations = await readFile(DURATIONS, 'utf8').then(
  (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return {};
    }
  },
  () => ({}),
);
const sized = await Promise.all(files.map(async (file) => ({ file, name: relative(dist, file), size: (await stat(file)).size })));
const timed = sized.filter((f) => typeof durations[f.name] === 'number');
const msPerByte = timed.length > 0 ? timed.reduce((n, f) => n + durations[f.name], 0) / timed.reduce((n, f) => n + f.size, 0) : 1;
const weighed = sized.map((f) => ({ ...f, weight: durations[f.name] ?? f.size * msPerByte }));
weighed.sort((a, b) => b.weight - a.weight || a.file.localeCompare(b.file));
const balanced = Array.from({ length: Math.max(1, Math.min(groupCount, files.length)) }, () => ({ weight: 0, files: [] }));
for (const { file, weight } of weighed) {
  const lightest = balanced.reduce((a, b) => (b.weight < a.weight ? b : a));
  lightest.files.push(file);
  lightest.weight += weight;
}
for (const group of balanced) group.files.sort();

// The last run's groups are kept while they hold the same files and are within 5% of the balance
// found now: test times vary from run to run, and new groups mean a new bundle.
const GROUPS = join(groupSources, 'groups.json');
const weightOf = new Map(weighed.map((f) => [f.file, f.weight]));
const longest = (groups) => Math.max(...groups.map((files) => files.reduce((n, file) => n + (weightOf.get(file) ?? 0), 0)));
const previous = await readFile(GROUPS, 'utf8').then(
  (text) => JSON.parse(text),
  () => undefined,
);
const sameFiles = (groups) =>
  Array.isArray(groups) && groups.length === balanced.length && groups.every(Array.isArray) && JSON.stringify(groups.flat().sort()) === JSON.stringify([...files].sort());
const groups = sameFiles(previous) && longest(previous) <= 1.05 * longest(balanced.map((g) => g.files)) ? previous : balanced.map((g) => g.files);

const stampPath = join(dist, 'unit-bundle.stamp.json');
const key = await buildKey(await readFile(fileURLToPath(import.meta.url)), JSON.stringify(groups));
if (await upToDate(stampPath, key)) process.exit(0);

// A test file removed since the last build must not run from an old bundle.
await rm(outdir, { recursive: true, force: true });
await rm(groupSources, { recursive: true, force: true });
await mkdir(groupSources, { recursive: true });
await writeFile(GROUPS, `${JSON.stringify(groups, null, 1)}\n`);
const entries = [];
for (const [index, group] of groups.entries()) {
  const entry = join(groupSources, `group-${index + 1}.test.js`);
  const suites = group.map((file) => `describe(${JSON.stringify(relative(dist, file))}, async () => {\n  await import(${JSON.stringify(file)});\n});`);
  await writeFile(entry, `import { describe } from 'node:test';\n${suites.join('\n')}\n`);
  entries.push(entry);
}

const result = await build({
  entryPoints: entries,
  absWorkingDir: root,
  metafile: true,
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['cpu-features', 'testcontainers'],
  plugins: [nativeAddons, ownImportMetaUrl],
  // The packages bundled are CommonJS: in an ES module they need require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as kollaRunCreateRequire } from 'node:module';",
      "import { fileURLToPath as kollaRunFileURLToPath } from 'node:url';",
      "import { dirname as kollaRunDirname } from 'node:path';",
      'const require = kollaRunCreateRequire(import.meta.url);',
      'const __filename = kollaRunFileURLToPath(import.meta.url);',
      'const __dirname = kollaRunDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
await writeStamp(stampPath, key, result.metafile, root);
