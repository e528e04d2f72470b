/**
 * parseKv against Ansible's own parse_kv (ansible.parsing.splitter), the
 * oracle, over argument strings built to sit on the splitter's edges:
 * whitespace of every kind and place, quotes (escaped, nested, unbalanced),
 * Jinja2 blocks of the three kinds (nested, unbalanced, with spaces and
 * quotes inside), `=` in every position, backslash escapes, and the inline
 * options of command-like modules (check_raw).
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseKv } from '../../../src/playbook/index.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));
const skip = hasAnsible() ? false : 'ansible is not installed (the oracle)';

const TEXTS: string[] = [
  // whitespace
  'a=1', ' a=1', 'a=1 ', '  a=1   b=2  ', 'a=1\tb=2', 'a=1\nb=2', 'a=1\r\nb=2', 'free  words\there', 'x \n y', '\t', '', ' ',
  // = in every place
  'a==1', 'a=b=c', '=', '==', 'a=', '=a', ' =a b=1', 'a =1', 'a= 1', 'a=1=', 'k-v=1', 'k.v=1', 'k_v=1', 'K1=x', '1=x', 'a=b c=d e',
  // quotes
  'a="1 2"', "a='1 2'", 'a="1\'2"', "a='1\"2'", 'a="x"y', 'a=x"y z"', '"a=1"', "'a=1' b=2", 'a="" b=\'\'', 'a="\\"" b=1', "a='\\''", 'a="x\\\\" b=1',
  'a="x', "a='x", 'a=x"', '"unclosed words', 'a="1" "b=2"', 'say "hi there"  friend', "it's", 'a=it\\\'s',
  // Jinja2
  'a={{ x }}', 'a={{x}} b={{ y|default("q r") }}', 'a={% if x %}1{% endif %}', 'a={# c #}1', 'a={{ {"k": 1} }}', 'a={{ "}}" }}', 'a={{ x', 'a=x }}', 'a={% x', '{{ a }} b=1', 'a={{ b }}{{ c }} d', 'a="{{ b }}" c={{ "d e" }}', 'a={{ x }}=y', '{{', '}}', 'a={ b }',
  // escapes
  'a=x\\ty', 'a=x\\ny', 'a=\\x41', 'a=\\u00e9', 'a=\\U0001F600', 'a=\\q', 'a=\\\\', 'a=x\\', 'a="x\\ty"', "a='x\\ny'", 'a=\\a\\b\\f\\r\\v', 'a=\\"', 'a=\\N{DASH}', 'a=\\0',
  // free form
  'echo hello', 'echo a=b', 'ls -l /tmp', 'chdir=/tmp ls', 'ls chdir=/tmp', 'creates=/x removes=/y cmd', 'echo "a  b"   c', 'echo  {{ x }}  y', 'executable=/bin/bash echo $0', 'warn=no x', 'stdin=abc cat',
  'cmd=ls argv=x', 'a=1 a=2', 'chdir="/a b" ls', "chdir='/a b' ls 'c d'", 'echo chdir', 'echo =chdir',
  // a quote right after a backslash, at a word's start or later, does not open or close
  'echo \\"x y', "\\' z", 'a=\\"b', "a='x\\' y'", "a='x\\\\' '",
  // blocks over lines, words alone on a line, two kinds opened by one word
  'a={{\nx\n}}', 'a={{ x\ny\nz }}', 'a="x\ny"', 'a="x\ny z"', 'a={{x{% y %}}}', 'a={%x{{ y }}%}', 'a=\\\nb=1', 'a=1 \\ b=2',
  // escaped =, the last code point and the first past it
  'a\\=b=c', 'a\\=b', '\\==x', 'a=b\\=c', 'a=\\U0010ffff', 'a=\\U00110000',
  // keys and values with tabs around them
  'a\t=\t1', '\ta=1', 'a=1\t', 'a=\t"q"\t',
  // a lone backslash ending a line joins the next line without a newline
  'echo a \\\nb',
  // quotes written as escapes: split sees none; after decoding, a quote after a backslash is not a closing one
  'a=\\x27x\\\\\\x27 b=\\x22y\\x22',
];

const CHECK_RAW = [false, true];

test('parseKv agrees with parse_kv on every text, with and without check_raw', { skip }, async () => {
  const questions = TEXTS.flatMap((t) => CHECK_RAW.map((raw) => [t, raw] as const));
  const answers = await askPythonScript<Array<{ options?: Record<string, unknown>; error?: string }>>(join(TREE, 'tests', 'fixtures', 'playbook', '_oracle', 'parse_kv.py'), JSON.stringify(questions), { root: TREE });
  const wrong: string[] = [];
  questions.forEach(([text, raw], i) => {
    const want = answers[i];
    let got: { options?: Record<string, unknown>; error?: string };
    try {
      got = { options: parseKv(text, raw) };
    } catch (err) {
      got = { error: err instanceof Error ? err.constructor.name : 'error' };
    }
    const same = want?.error !== undefined ? got.error !== undefined : JSON.stringify(got.options) === JSON.stringify(want?.options);
    if (!same) wrong.push(`${JSON.stringify(text)} check_raw=${raw}: ansible ${JSON.stringify(want)}, kolla-run ${JSON.stringify(got)}`);
  });
  assert.deepEqual(wrong, [], `${wrong.length} of ${questions.length} differ`);
});
