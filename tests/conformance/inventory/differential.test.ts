/**
 * The differential corpus: every tests/fixtures/inventory/<case>/case.json
 * is loaded by us and by ansible-inventory (the oracle), and the outputs
 * must agree: --list always, --graph and host patterns when the case asks.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inventoryGraph, inventoryHostJson, inventoryToListJson, loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { parseAddress } from '../../../src/inventory/address.js';
import { pythonLiteral } from '../../../src/inventory/literal.js';
import { fnmatchToRegExp } from '../../../src/inventory/patterns.js';
import { shlexSplit } from '../../../src/inventory/shlex.js';
import { ansibleInventory, ansibleListHostsBatch, ansibleParseAddress, FIXTURES, pythonGlobMatch, pythonLiteralEval, pythonShlexSplit } from '../../unit/inventory/oracle.js';

interface PatternCase {
  pattern: string;
  limit?: string;
  /** False where Ansible's own order is not deterministic (deep group trees). */
  ordered?: boolean;
}

interface Case {
  sources: string[];
  graph?: boolean;
  patterns?: PatternCase[];
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

// Parse JSON the same way on both sides, so 1000.0 and 1000 compare equal.
const normalise = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('the corpus has at least 20 cases', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
});

describe('differential corpus against ansible-inventory', { concurrency: 6 }, () => {
  for (const name of cases) {
    const dir = join(FIXTURES, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;

    test(`${name}: --list`, async () => {
      const [inv, oracle] = await Promise.all([loadInventory(spec.sources, { cwd: dir }), ansibleInventory(spec.sources, dir, ['--list'])]);
      assert.equal(oracle.code, 0, oracle.stderr);
      assert.deepEqual(normalise(inventoryToListJson(inv)), JSON.parse(oracle.stdout));
    });

    if (spec.graph) {
      test(`${name}: --graph`, async () => {
        const [inv, oracle] = await Promise.all([loadInventory(spec.sources, { cwd: dir }), ansibleInventory(spec.sources, dir, ['--graph'])]);
        assert.equal(oracle.code, 0, oracle.stderr);
        assert.equal(inventoryGraph(inv), oracle.stdout.trimEnd());
      });
    }

    if (spec.patterns && spec.patterns.length > 0) {
      const patterns = spec.patterns;
      test(`${name}: ${patterns.length} host patterns`, async () => {
        const inv = await loadInventory(spec.sources, { cwd: dir });
        const expected = await ansibleListHostsBatch(spec.sources, dir, patterns);
        patterns.forEach((p, i) => {
          const label = p.limit === undefined ? p.pattern : `${p.pattern} --limit ${p.limit}`;
          const ours = selectHosts(inv, p.pattern, p.limit, { cwd: dir }).hosts;
          const theirs = expected[i] ?? [];
          if (p.ordered === false) assert.deepEqual([...ours].sort(), [...theirs].sort(), label);
          else assert.deepEqual(ours, theirs, label);
        });
      });
    }
  }
});

describe('--host against ansible-inventory', { concurrency: 4 }, () => {
  const picks: Array<[string, string]> = [
    ['ini-var-precedence', 'h'],
    ['group-vars-files', 'w1'],
    ['kolla-multinode', 'compute02'],
    ['kolla-multinode', 'localhost'],
  ];
  for (const [name, host] of picks) {
    test(`${name}: --host ${host}`, async () => {
      const dir = join(FIXTURES, name);
      const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
      const [inv, oracle] = await Promise.all([loadInventory(spec.sources, { cwd: dir }), ansibleInventory(spec.sources, dir, ['--host', host])]);
      assert.equal(oracle.code, 0, oracle.stderr);
      assert.deepEqual(normalise(inventoryHostJson(inv, host)), JSON.parse(oracle.stdout));
    });
  }
});

/** Host texts at the edges of Ansible's parse_address: IPv6 forms, ports, brackets, labels, ranges, with and without ranges allowed. */
const ADDRESSES = [
  'host', 'host:22', 'my_host.example.com:22', '10.0.0.1:2222', '999.1.1.1:22', '256.1.1.1', '[10.0.0.1]:22', '[host:22]:33',
  '_host', 'host_', 'host_:22', 'h-', 'h-:22', '-h', 'a..b', ':22', 'x:abc', 'a:b:c', 'héte:22',
  'fe80::1', '::1', '::', 'abcd::', '[fe80::1]', '[fe80::1]:22', '[abcd::]', '[abcd::]:22', '[host]', '[host]:22',
  '::ffff:1.2.3.4', '::1.2.3.4', '1::1.2.3.4', '0:0:0:0:0:ffff:1.2.3.4', '0:0:0:0:0:0:1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5::1.2.3.4', '1:2:3:4:5:6::1.2.3.4',
  '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8', '1:2:3:4:5:6:7::', '1:2:3:4:5:6::8', '[1:2:3:4::5:6:7:8]:22', 'FE80::A',
  'web[01:10]', 'web[01:10]:22', 'web[a:c]', 'web[A:C]', 'web[a:c:2]', 'h[:2]', 'h[:2]:22', '[1:3]x', 'fe80::[1:3]', '10.0.0.[1:3]', '10.0.[1:2].[1:3]:22',
];

test("addresses: Ansible's parse_address, text by text, with and without ranges", async () => {
  const texts = ADDRESSES.flatMap((t) => [[t, false], [t, true]] as const);
  const theirs = await ansibleParseAddress(texts);
  const ours = texts.map(([text, ranges]) => {
    const a = parseAddress(text, ranges);
    return a === undefined ? null : [a.host, a.port ?? null];
  });
  const disagree = texts.flatMap(([t, r], i) => (JSON.stringify(ours[i]) === JSON.stringify(theirs[i]) ? [] : [`${t} (ranges ${r}): ours ${JSON.stringify(ours[i])}, Ansible ${JSON.stringify(theirs[i])}`]));
  assert.deepEqual(disagree, []);
});

/**
 * INI values at the edges of Python's literal syntax: escapes, string prefixes, quotes, whitespace, numbers, containers.
 * An INI value is one line, so a newline outside brackets (Python's end of statement) never reaches the reader.
 */
const LITERALS = [
  "'a\\\\'", "'a\\'", "'\\777'", "'\\0'", "'\\101'", "'\\1234'", "'\\x4'", "'\\x41'", "'\\u00e9'", "'\\U0001F600'", "'\\U0010FFFF'", "'\\U00110000'",
  "b'\\u00e9'", "b'\\x41'", "'\\q'", "'\\a\\b\\f\\n\\r\\t\\v'", "'x\\\ny'", "'''a\nb'''", "'a\nb'", '"""x"""', "'''x'", "'x''y'", "'x' 'y'",
  "rb'\\n'", "Br'\\n'", "bR'x'", "u'x'", "U'x'", "ur'x'", "bu'x'", "f'x'", "rf'x'", "R'\\x'",
  '\t5', '5\t', '\f5', '[1,\n2]', '[1,\r2]', '[1,\f2]', '[1,\t2]', '(1,\n2)',
  '0', '007', '0_7', '1_000_000', '0x_1f', '0b_1', '0o_7', '1e', '1e+3', '1E3', '.5e1', '5.e1', '1.5_0', '1__5', '0x', '-0', '- -1', '+-1', '-+1',
  'True', 'true', 'None', 'False,', '(None,)', '[]', '[,]', '[1 2]', '{1:}', "{'a':1,}", "{'a' 1}", '{,}', '(,)', '((1))', '[[1], (2, 3)]',
  'x', '1 # c', '#c', "'#'", "'it''s'", "'a' b", '1 2', '[1] [2]', '- (1)', '-[1]', "-'x'", '1,,2', ',1',
  "b'\\N'", '{1}', '{None}', '{1, 2}}', 'len()', 'set(1)',
];

test("INI values: Python's ast.literal_eval, text by text", async () => {
  const theirs = await pythonLiteralEval(LITERALS);
  const disagree = LITERALS.flatMap((text, i) => {
    const t = theirs[i] ?? {};
    if (t.error !== undefined) return [`${JSON.stringify(text)}: Python raised ${t.error}, which no corpus text should`];
    const want = t.string ? undefined : t.value;
    const ours = pythonLiteral(text);
    return JSON.stringify(ours) === JSON.stringify(want) ? [] : [`${JSON.stringify(text)}: ours ${JSON.stringify(ours)}, Python ${JSON.stringify(want)}`];
  });
  assert.deepEqual(disagree, []);
});

/** Host lines at the edges of shlex's POSIX rules: quotes, escapes inside and outside them, comments, word joins. */
const HOST_LINES = [
  'h', 'h a=1 b=2', '  h   a=1  ', 'h a="x y"', "h a='x y'", 'h a="x \\" y"', "h a='x \\' y", 'h a=x\\ y', 'h a=\\"', 'h a="\\\\"', 'h a="\\$x"', 'h a="\\n"',
  "h a='\\n'", 'h a=pre"mid"post', "h a=pre'mid'post", 'h a="x"#c', 'h a=x#c', 'h a=x #c', '# c', 'h #c d', 'h a="#"', "h a='#'", 'h a=b\\#c',
  'h a="', "h a='", 'h a=\\', 'h a="x\\', 'h ""', "h ''", 'h a=""', 'h\ta=1', 'h a=1\t', 'h a="x\ty"', 'h a=é', 'h a="é b"', 'h a="a"\'b\'c',
];

test("host lines: Python's shlex.split with comments, line by line", async () => {
  const theirs = await pythonShlexSplit(HOST_LINES);
  const disagree = HOST_LINES.flatMap((line, i) => {
    const want = theirs[i];
    let ours: string[] | { error: string };
    try {
      ours = shlexSplit(line);
    } catch (err) {
      ours = { error: err instanceof Error ? err.message : String(err) };
    }
    return JSON.stringify(ours) === JSON.stringify(want) ? [] : [`${JSON.stringify(line)}: ours ${JSON.stringify(ours)}, Python ${JSON.stringify(want)}`];
  });
  assert.deepEqual(disagree, []);
});

/** Host and group names, and globs at the edges of fnmatch: classes, negation, a ] first, unclosed brackets, regex characters. */
const NAMES = ['a&b', 'a|b', 'a~b', 'a]', 'ab', 'aab', 'web1', 'web2', 'web10', 'db1', 'db-1', 'db_1', 'a.b', 'axb', 'a]b', 'a!b', 'a^b', 'a-b', 'a\\b', 'A1', '[x]', 'x', 'web', 'a\nb', 'ab+', 'a(b)', 'a$b', 'a{1}', 'acb', 'adb', 'a--b', 'abb', '-', 'a-'];
const GLOBS = [
  'web*', 'web?', 'web[12]', 'web[!1]', 'web[!12]*', 'a[]]b', 'a[!]]b', 'a[^]b', 'a[^b]b', 'a[a-c]b', 'a[-]b', 'a[!-]b', 'a[\\]b', '[x]', '[[]x]', '[',
  'a[', 'a[b', 'a[!', 'a.b', 'a?b', '*b', '*', '?', '??', 'db[-_]1', 'db[_-]1', 'a\\b', 'ab+', 'a(b)', 'a$b', 'a{1}', 'a*b', 'A[0-9]', 'a[!x-z]b', '[!a-z]*', 'a[z-a]b', 'a[c-a-z]b', 'a[!z-a]b', 'a[a-]b', 'a[-a]b', 'a[!-a]b', 'a[a-c-e]b', 'a[b-a-c]b', 'a[&&]b', 'a[~|]b', 'a[!]b', 'a[!]]', 'a[]-a]b', 'a[\\-a]b',
  'a[-b]b', 'a[!-b]b', 'a[--b]b', 'a[a--]b', 'a[!a-c-]b', 'a[b-a]b', 'a[!b-a]b', 'a[a-b-c-d]b', 'a[!a-b-c]b', 'a[---]b', 'a[!---]b',
  'a[c-a-b]b', 'a[d-c-b-a]b', 'a[!d-c-b-a]b', 'a[ab-]', 'a[!ab-]', 'a[-]', '[-a]*', '[!-a]*',
];

test("host pattern globs: Ansible's re.match of fnmatch.translate, glob by glob", async () => {
  const theirs = await pythonGlobMatch(GLOBS.map((g) => [g, NAMES] as const));
  const disagree = GLOBS.flatMap((glob, i) => {
    let ours: string[] | { error: string };
    try {
      const re = fnmatchToRegExp(glob);
      ours = NAMES.filter((n) => re.test(n));
    } catch (err) {
      ours = { error: err instanceof Error ? err.name : String(err) };
    }
    return JSON.stringify(ours) === JSON.stringify(theirs[i]) ? [] : [`${JSON.stringify(glob)}: ours ${JSON.stringify(ours)}, Python ${JSON.stringify(theirs[i])}`];
  });
  assert.deepEqual(disagree, []);
});
