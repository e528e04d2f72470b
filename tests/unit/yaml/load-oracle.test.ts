/**
 * parseYaml against Ansible's own loader (AnsibleLoader, PyYAML's SafeLoader
 * rules), the oracle: every YAML 1.1 scalar form on the edges of PyYAML's
 * implicit resolvers (null, bool, int in its five bases, float, timestamp,
 * and the look-alikes that stay text), then whole documents (typed keys,
 * merges, anchors, several documents, syntax errors). Values are compared
 * with their Python types spelled out: 1 and 1.0 differ, as do 80 and "80".
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PyDate } from '../../../src/template/pydate.js';
import { dictEntries } from '../../../src/template/pydict.js';
import { floatRepr, PyFloat } from '../../../src/template/pyfloat.js';
import { parseYaml } from '../../../src/yaml/load.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));
const skip = hasAnsible() ? false : 'ansible is not installed (the oracle)';

const SCALARS: string[] = [
  // null
  '~', 'null', 'Null', 'NULL', 'nULL', 'None',
  // bool: YAML 1.1's words, not y/n
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'n', 'Y', 'N', 'yEs', 'oN',
  // int: decimal, binary, hexadecimal, octal, base 60
  '0', '-0', '+0', '7', '12', '+12', '-12', '1_000', '-1_000', '0b101', '-0b101', '+0b1_1', '0x1f', '-0x1F', '+0x_ff', '0755', '-0755', '+010', '0_7',
  '1:20', '-1:20', '+1:20', '1:2:3', '190:20:30', '1:60', '0:20', '09', '0o7', '12e3', '1e3', '1E3', '0x', '0b2', '0xg',
  // float, base 60 float, infinities, NaN
  '1.0', '-1.5', '+1.5', '1.', '0.', '.5', '-.5', '1.5e+3', '1.5e3', '2.5E-2', '1_0.5', '1:20.5', '-1:20.5', '+1:20.25', '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan', '1.0e+2', '1e-3', '.', '-', '+',
  // timestamps: a date, datetimes with and without a zone
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43Z', '2001-12-15 2:59:43.10', '2001-1-2 3:04:05', '2002-12-14 21:59:43.1234567', '2001-12-14 21:59:43 +05:30', '2001-1-2', '20011-12-14',
  // timestamps Python's datetime refuses: the load fails
  '2001-13-01', '2001-02-30', '2000-02-29', '1900-02-29', '2001-01-01 24:00:00', '2001-01-01 23:60:00', '2001-12-14 21:59:43 +24', '2001-12-14 21:59:43 -23:60', '2001-12-14 21:59:43 +23:59',
  // an int with no digits: Python's int() refuses it
  '0b_', '-0x_',
  // quoted: no resolving; tagged: the tag's constructor, whatever the text looks like, or an error
  '"12"', "'yes'", '"~"', '1.2.3', 'x', '!!str 12', '!!str yes',
  '!!float 1', '!!float "-2"', '!!float 1e3', '!!float 1_0', '!!float .NaN', '!!float -.nan', '!!float 1:30', '!!float x', '!!float ""', '!!float 1.5.2', '!!float 0x10', '!!float inf', '!!float -Infinity', '!!float nan',
  '!!int "12"', '!!int -0b11', '!!int 0x_1F', '!!int 017', '!!int 1:30', '!!int 019', '!!int 1.5', '!!int x', '!!int 0b', '!!int 1:x',
  '!!bool TRUE', '!!bool oFf', '!!bool y', '!!bool "1"', '!!null x', '!!null ""',
];

const DOCUMENTS: string[] = [
  ...SCALARS.map((s) => `v: ${s}\n`),
  // A lone `-` in a flow collection ([-], {a: -}) is a known divergence of the `yaml` package: a syntax error there, the text "-" in PyYAML.
  ...SCALARS.filter((s) => s !== '-').map((s) => `[${s}]\n`),
  '',
  '---\n',
  '# only a comment\n',
  'a:\nb: ""\n',
  'a: 1\nb: 0\na: 2\n',
  "1: int\n'1': text\n",
  '1: int\n1.0: float\ntrue: bool\n',
  'base: &b {a: 1, c: 0}\nx:\n  <<: *b\n  c: 2\n',
  'a: &a {k: 1}\nb: &b {k: 2, q: b}\nx:\n  <<: [*a, *b]\n',
  '[&a 1, *a, &s {k: v}, *s]\n',
  '--- \na: 1\n...\n',
  'a: 1\n---\nb: 2\n',
  'a: *nope\n',
  'x:\n  <<: 1\n',
  'a: [\n',
  'a: "x\n',
  'a: b: c\n',
  '{a: [1, {b: ~}], c: d}\n',
];

type Typed = ['none'] | ['bool', boolean] | [string, string] | ['list', Typed[]] | ['dict', Array<[Typed, Typed]>];

/** A loaded value with its Python type spelled out, as the oracle script prints it. */
function typed(value: unknown): Typed {
  if (value === null) return ['none'];
  if (typeof value === 'boolean') return ['bool', value];
  if (typeof value === 'number') return Number.isInteger(value) ? ['int', String(value)] : ['float', floatRepr(value)];
  if (value instanceof PyFloat) return ['float', floatRepr(value.v)];
  if (typeof value === 'string') return ['str', value];
  if (value instanceof PyDate) return [value.typeName, value.repr()];
  if (Array.isArray(value)) return ['list', value.map(typed)];
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return ['dict', dictEntries(value as Record<string, unknown>).map(([k, v]) => [typed(k), typed(v)])];
  }
  return ['other', typeof value];
}

test('parseYaml reads every scalar and document as AnsibleLoader does, types and all', { skip }, async () => {
  const answers = await askPythonScript<Array<{ value?: Typed; error?: string }>>(join(TREE, 'tests', 'fixtures', 'yaml', '_oracle', 'load.py'), JSON.stringify(DOCUMENTS), { root: TREE });
  const wrong: string[] = [];
  DOCUMENTS.forEach((text, i) => {
    const want = answers[i];
    let got: { value?: Typed; error?: string };
    try {
      got = { value: typed(parseYaml(text, 'oracle.yml').value) };
    } catch (err) {
      got = { error: err instanceof Error ? err.constructor.name : 'error' };
    }
    const same = want?.error !== undefined ? got.error !== undefined : JSON.stringify(got.value) === JSON.stringify(want?.value);
    if (!same) wrong.push(`${JSON.stringify(text)}: ansible ${JSON.stringify(want)}, kolla-run ${JSON.stringify(got)}`);
  });
  assert.deepEqual(wrong, [], `${wrong.length} of ${DOCUMENTS.length} differ`);
});
