/**
 * Differential corpus: every case under tests/fixtures/template/ is rendered
 * by our engine and by ansible-core's own Templar (oracle.py, one python3
 * process for the whole corpus); the results must be identical.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/errors.js';
import { Templar } from '../../../src/template/index.js';
import { parseYaml } from '../../../src/yaml/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../../tests/fixtures/template');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

type Mode = 'file' | 'cond' | 'string';
interface Case {
  id: string;
  dir: string;
  mode: Mode;
  template: string;
  varsFile: string | undefined;
}

function loadCases(): Case[] {
  const out: Case[] = [];
  for (const id of readdirSync(root).sort()) {
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

function runOracle(cases: Case[]): Map<string, OracleResult> {
  const input = JSON.stringify(cases.map((c) => ({ id: c.id, mode: c.mode, template: c.template, vars_file: c.varsFile, dir: c.dir })));
  const r = spawnSync(PYTHON, [path.join(root, 'oracle.py')], { input, encoding: 'utf8', maxBuffer: 64 << 20, cwd: root });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const results = JSON.parse(r.stdout) as OracleResult[];
  return new Map(results.map((x) => [x.id, x]));
}

const cases = loadCases();
const oracle = runOracle(cases);
const templar = new Templar();

describe('template corpus (differential against ansible-core)', () => {
  test('the corpus is large enough', () => {
    assert.ok(cases.length >= 80, `only ${cases.length} cases`);
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
