/**
 * Writes tests/conformance/COMPATIBILITY.md and the README's compatibility
 * table from the rows conformance runs recorded (compat-table.ts's
 * RESULTS_FILE), keeping the earlier rows of cases no run recorded.
 * Run after the conformance test: node dist/tests/conformance/support/update-tables.js
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCases } from './cases.js';
import { compatibilityTable, corpusRows, readmeSection, readResults, RESULTS_FILE, withReadmeSection } from './compat-table.js';

const TABLE = fileURLToPath(new URL('../../../../tests/conformance/COMPATIBILITY.md', import.meta.url));
const README = fileURLToPath(new URL('../../../../README.md', import.meta.url));

const recorded = await readResults();
if (!recorded) {
  process.stderr.write(`update-tables: no results in ${RESULTS_FILE}: run the conformance test first\n`);
  process.exit(1);
}
const corpus = loadCases('').map((c) => c.name);
const readme = await readFile(README, 'utf8');
const rows = corpusRows(corpus, recorded.rows, await readFile(TABLE, 'utf8').catch(() => ''), readme);
await writeFile(TABLE, compatibilityTable(rows, recorded.ansibleVersion));
await writeFile(README, withReadmeSection(readme, readmeSection(rows, recorded.ansibleVersion)));
const missing = corpus.filter((name) => !rows.some((r) => r[0] === name));
process.stdout.write(`COMPATIBILITY.md and README.md: ${rows.length} cases${missing.length ? `; never run: ${missing.join(', ')}` : ''}\n`);
