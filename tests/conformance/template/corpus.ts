/**
 * Differential corpus: every case under tests/fixtures/template/ is rendered
 * by our engine and by ansible-core's own Templar (oracle.py, one python3
 * process per test file); the results must be identical. Two test files
 * share it (corpus.test.ts, corpus-crypt.test.ts): the password_hash cases,
 * seconds of hashing, apart, so that a mutation run spends them only on the
 * mutants they reach.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/errors.js';
import { Templar } from '../../../src/template/index.js';
import { parseYaml } from '../../../src/yaml/load.js';
import { askPythonScript } from '../../support/python-oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TREE = path.resolve(here, '../../../..');
const root = path.join(TREE, 'tests/fixtures/template');

type Mode = 'file' | 'cond' | 'string';
interface Case {
  id: string;
  dir: string;
  mode: Mode;
  template: string;
  varsFile: string | undefined;
}

function loadCases(keep: (id: string) => boolean): Case[] {
  const out: Case[] = [];
  for (const id of readdirSync(root).sort()) {
    if (!keep(id)) continue;
    const dir = path.join(root, id);
    const files: Array<[string, Mode]> = [
      ['template.j2', 'file'],
      ['condition.txt', 'cond'],
      ['inline.txt', 'string'],
    ];
    const hit = files.find(([f]) => existsSync(path.join(dir, f)));
    if (!hit) continue;
    const varsFile = path.join(dir, 'vars.yml');
    out.push({
      id,
      dir,
      mode: hit[1],
      template: readFileSync(path.join(dir, hit[0]), 'utf8'),
      varsFile: existsSync(varsFile) ? varsFile : undefined,
    });
  }
  return out;
}

interface OracleResult {
  id: string;
  ok: boolean;
  output?: string | null;
  value?: unknown;
  warnings?: string[];
  error?: string;
}

// Asked once per mutation run (KOLLA_RUN_ORACLE_CACHE): Ansible's answers do not change with our code.
async function runOracle(cases: Case[]): Promise<Map<string, OracleResult>> {
  const input = JSON.stringify(cases.map((c) => ({ id: c.id, mode: c.mode, template: c.template, vars_file: c.varsFile, dir: c.dir })));
  const results = await askPythonScript<OracleResult[]>(path.join(root, 'oracle.py'), input, { root: TREE, cwd: root });
  return new Map(results.map((x) => [x.id, x]));
}

const templar = new Templar();

/** The corpus cases whose id `keep` accepts, each a test comparing us with ansible-core. */
export async function describeCorpus(title: string, keep: (id: string) => boolean, minimum: number): Promise<void> {
  const cases = loadCases(keep);
  const oracle = await runOracle(cases);

  describe(title, () => {
    test('the corpus is large enough', () => {
      assert.ok(cases.length >= minimum, `only ${cases.length} cases`);
      assert.equal(oracle.size, cases.length);
    });

    for (const c of cases) {
      test(c.id, () => {
        const expected = oracle.get(c.id);
        assert.ok(expected, 'no oracle result');
        const vars = c.varsFile ? (parseYaml(readFileSync(c.varsFile, 'utf8'), c.varsFile).value as Record<string, unknown>) ?? {} : {};
        const ours = (): unknown => {
          if (c.mode === 'file') return templar.renderText(c.template, vars, path.join(c.dir, 'template.j2'));
          if (c.mode === 'string') return templar.renderString(c.template, vars, { file: c.id });
          return templar.evaluateCondition(c.template, vars, { file: c.id });
        };
        if (!expected.ok) {
          assert.throws(ours, InputError, `ansible failed (${expected.error}) but we did not`);
          return;
        }
        const got = ours();
        if (c.mode === 'cond') {
          const r = got as { value: boolean; warnings: string[] };
          assert.equal(r.value, expected.value);
          assert.equal(r.warnings.length, (expected.warnings ?? []).length, 'warning count');
        } else {
          assert.equal(got, expected.output);
        }
      });
    }
  });
}
