/**
 * filters/yaml-scalar.ts: which style a string gets (plain, single or double
 * quoted), seen through the dump. Expected values are PyYAML 6.0's
 * yaml.dump(..., Dumper=CSafeDumper, allow_unicode=True), libyaml's emitter as
 * ansible-core's to_yaml uses it: each row is [text, dump of [text], dump of
 * {k: [text]} in block style].
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { yamlDump } from '../../../../src/template/filters/yaml-dump.js';
import { printable } from '../../../../src/template/filters/yaml-scalar.js';

const flow = (v: unknown) => yamlDump(v, { indent: 2, flowDefault: null, width: 80, sortKeys: true });
const block = (v: unknown) => yamlDump(v, { indent: 2, flowDefault: false, width: 80, sortKeys: true });

function check(rows: Array<[string, string, string]>): void {
  for (const [text, inFlow, inBlock] of rows) {
    assert.equal(flow([text]), inFlow, `flow ${JSON.stringify(text)}`);
    assert.equal(block({ k: [text] }), inBlock, `block ${JSON.stringify(text)}`);
  }
}

const CHARS: Array<[string, string, string]> = [
  ["a\u007fb", "[\"a\\x7Fb\"]\n", "k:\n- \"a\\x7Fb\"\n"],
  ["a~b", "[a~b]\n", "k:\n- a~b\n"],
  ["a\u001fb", "[\"a\\x1Fb\"]\n", "k:\n- \"a\\x1Fb\"\n"],
  ["a\u009fb", "[\"a\\x9Fb\"]\n", "k:\n- \"a\\x9Fb\"\n"],
  ["a\u00a0b", "[a\u00a0b]\n", "k:\n- a\u00a0b\n"],
  ["a\ud7ffb", "[a\ud7ffb]\n", "k:\n- a\ud7ffb\n"],
  ["a\ue000b", "[a\ue000b]\n", "k:\n- a\ue000b\n"],
  ["a\ufffdb", "[a\ufffdb]\n", "k:\n- a\ufffdb\n"],
  ["a\ufffeb", "[\"a\\uFFFEb\"]\n", "k:\n- \"a\\uFFFEb\"\n"],
  ["a\ufeffb", "[\"a\\uFEFFb\"]\n", "k:\n- \"a\\uFEFFb\"\n"],
  ["a\ud83d\ude00b", "[\"a\\U0001F600b\"]\n", "k:\n- \"a\\U0001F600b\"\n"],
  ["a\udbff\udfffb", "[\"a\\U0010FFFFb\"]\n", "k:\n- \"a\\U0010FFFFb\"\n"],
  ["a\tb", "[\"a\\tb\"]\n", "k:\n- \"a\\tb\"\n"],
  ["a\rb", "[\"a\\rb\"]\n", "k:\n- \"a\\rb\"\n"],
  ["a\u0000b", "[\"a\\0b\"]\n", "k:\n- \"a\\0b\"\n"],
  ["\u0085a", "[\"\\Na\"]\n", "k:\n- \"\\Na\"\n"],
  ["a\u0085b", "[\"a\\Nb\"]\n", "k:\n- \"a\\Nb\"\n"],
  ["a\u2028b", "['a\u2028    b']\n", "k:\n- 'a\u2028  b'\n"],
  ["a\u2029b", "['a\u2029    b']\n", "k:\n- 'a\u2029  b'\n"],
  ["a\bb", "[\"a\\bb\"]\n", "k:\n- \"a\\bb\"\n"],
  ["a\fb", "[\"a\\fb\"]\n", "k:\n- \"a\\fb\"\n"],
  ["a\u001bb", "[\"a\\eb\"]\n", "k:\n- \"a\\eb\"\n"],
  ["a\t~", "[\"a\\t~\"]\n", "k:\n- \"a\\t~\"\n"],
  ["a\t\ud83d\ude00", "[\"a\\t\\U0001F600\"]\n", "k:\n- \"a\\t\\U0001F600\"\n"],
  ["a\uffffb", "[\"a\\uFFFFb\"]\n", "k:\n- \"a\\uFFFFb\"\n"],
  ["a\t\u00ffb", "[\"a\\t\u00ffb\"]\n", "k:\n- \"a\\t\u00ffb\"\n"],
  ["a\t\u0100", "[\"a\\t\u0100\"]\n", "k:\n- \"a\\t\u0100\"\n"],
  ["a\ud800\udc00b", "[\"a\\U00010000b\"]\n", "k:\n- \"a\\U00010000b\"\n"],
  ["a\t\ud800\udc00", "[\"a\\t\\U00010000\"]\n", "k:\n- \"a\\t\\U00010000\"\n"],
  ["a\t\u00a0b", "[\"a\\t\u00a0b\"]\n", "k:\n- \"a\\t\u00a0b\"\n"],
  ["a\t\u009f", "[\"a\\t\\x9F\"]\n", "k:\n- \"a\\t\\x9F\"\n"],
  ["a\t\ufffd\ue000\ud7ff", "[\"a\\t\ufffd\ue000\ud7ff\"]\n", "k:\n- \"a\\t\ufffd\ue000\ud7ff\"\n"],
];
const INDICATORS: Array<[string, string, string]> = [
  ["#a", "['#a']\n", "k:\n- '#a'\n"],
  [",a", "[',a']\n", "k:\n- ',a'\n"],
  ["[a", "['[a']\n", "k:\n- '[a'\n"],
  ["]a", "[']a']\n", "k:\n- ']a'\n"],
  ["{a", "['{a']\n", "k:\n- '{a'\n"],
  ["}a", "['}a']\n", "k:\n- '}a'\n"],
  ["&a", "['&a']\n", "k:\n- '&a'\n"],
  ["*a", "['*a']\n", "k:\n- '*a'\n"],
  ["!a", "['!a']\n", "k:\n- '!a'\n"],
  ["|a", "['|a']\n", "k:\n- '|a'\n"],
  [">a", "['>a']\n", "k:\n- '>a'\n"],
  ["'a", "['''a']\n", "k:\n- '''a'\n"],
  ["\"a", "['\"a']\n", "k:\n- '\"a'\n"],
  ["%a", "['%a']\n", "k:\n- '%a'\n"],
  ["@a", "['@a']\n", "k:\n- '@a'\n"],
  ["`a", "['`a']\n", "k:\n- '`a'\n"],
  ["?a", "['?a']\n", "k:\n- ?a\n"],
  ["? a", "['? a']\n", "k:\n- '? a'\n"],
  [":a", "[':a']\n", "k:\n- :a\n"],
  [": a", "[': a']\n", "k:\n- ': a'\n"],
  ["-a", "[-a]\n", "k:\n- -a\n"],
  ["- a", "['- a']\n", "k:\n- '- a'\n"],
  ["-", "['-']\n", "k:\n- '-'\n"],
  ["?", "['?']\n", "k:\n- '?'\n"],
  [":", "[':']\n", "k:\n- ':'\n"],
  ["a,b", "['a,b']\n", "k:\n- a,b\n"],
  ["a?b", "['a?b']\n", "k:\n- a?b\n"],
  ["a[b", "['a[b']\n", "k:\n- a[b\n"],
  ["a]b", "['a]b']\n", "k:\n- a]b\n"],
  ["a{b", "['a{b']\n", "k:\n- a{b\n"],
  ["a}b", "['a}b']\n", "k:\n- a}b\n"],
  ["a:b", "['a:b']\n", "k:\n- a:b\n"],
  ["a: b", "['a: b']\n", "k:\n- 'a: b'\n"],
  ["a:", "['a:']\n", "k:\n- 'a:'\n"],
  ["a#b", "[a#b]\n", "k:\n- a#b\n"],
  ["a #b", "['a #b']\n", "k:\n- 'a #b'\n"],
  ["a\n#b", "['a\n\n    #b']\n", "k:\n- 'a\n\n  #b'\n"],
  ["---", "['---']\n", "k:\n- '---'\n"],
  ["...", "['...']\n", "k:\n- '...'\n"],
  ["---a", "['---a']\n", "k:\n- '---a'\n"],
  ["...a", "['...a']\n", "k:\n- '...a'\n"],
  ["--", "[--]\n", "k:\n- --\n"],
  [".a", "[.a]\n", "k:\n- .a\n"],
  ["a---", "[a---]\n", "k:\n- a---\n"],
];
const SPACES: Array<[string, string, string]> = [
  [" a", "[' a']\n", "k:\n- ' a'\n"],
  ["a ", "['a ']\n", "k:\n- 'a '\n"],
  ["a  b", "[a  b]\n", "k:\n- a  b\n"],
  ["a \nb", "[\"a \\nb\"]\n", "k:\n- \"a \\nb\"\n"],
  ["a\n b", "[\"a\\n b\"]\n", "k:\n- \"a\\n b\"\n"],
  ["\na", "['\n\n    a']\n", "k:\n- '\n\n  a'\n"],
  ["a\n", "['a\n\n    ']\n", "k:\n- 'a\n\n  '\n"],
  ["a\n\nb", "['a\n\n\n    b']\n", "k:\n- 'a\n\n\n  b'\n"],
  [" ", "[' ']\n", "k:\n- ' '\n"],
  ["\n", "['\n\n    ']\n", "k:\n- '\n\n  '\n"],
  ["a\n  b", "[\"a\\n  b\"]\n", "k:\n- \"a\\n  b\"\n"],
  ["a \u0085b", "[\"a \\Nb\"]\n", "k:\n- \"a \\Nb\"\n"],
  ["a\u0085 b", "[\"a\\N b\"]\n", "k:\n- \"a\\N b\"\n"],
  ["it's", "[it's]\n", "k:\n- it's\n"],
  ["'", "['''']\n", "k:\n- ''''\n"],
  ["a''b", "[a''b]\n", "k:\n- a''b\n"],
];
const RESOLVERS: Array<[string, string, string]> = [
  ["", "['']\n", "k:\n- ''\n"],
  ["yes", "['yes']\n", "k:\n- 'yes'\n"],
  ["No", "['No']\n", "k:\n- 'No'\n"],
  ["off", "['off']\n", "k:\n- 'off'\n"],
  ["ON", "['ON']\n", "k:\n- 'ON'\n"],
  ["y", "[y]\n", "k:\n- y\n"],
  ["true", "['true']\n", "k:\n- 'true'\n"],
  ["False", "['False']\n", "k:\n- 'False'\n"],
  ["1", "['1']\n", "k:\n- '1'\n"],
  ["-1", "['-1']\n", "k:\n- '-1'\n"],
  ["+1", "['+1']\n", "k:\n- '+1'\n"],
  ["0b101", "['0b101']\n", "k:\n- '0b101'\n"],
  ["017", "['017']\n", "k:\n- '017'\n"],
  ["0o17", "[0o17]\n", "k:\n- 0o17\n"],
  ["0x1F", "['0x1F']\n", "k:\n- '0x1F'\n"],
  ["1_000", "['1_000']\n", "k:\n- '1_000'\n"],
  ["1:30", "['1:30']\n", "k:\n- '1:30'\n"],
  ["190:20:30", "['190:20:30']\n", "k:\n- '190:20:30'\n"],
  ["1.5", "['1.5']\n", "k:\n- '1.5'\n"],
  [".5", "['.5']\n", "k:\n- '.5'\n"],
  ["-1.5e+3", "['-1.5e+3']\n", "k:\n- '-1.5e+3'\n"],
  ["1e3", "[1e3]\n", "k:\n- 1e3\n"],
  ["1.0e3", "[1.0e3]\n", "k:\n- 1.0e3\n"],
  [".inf", "['.inf']\n", "k:\n- '.inf'\n"],
  ["-.Inf", "['-.Inf']\n", "k:\n- '-.Inf'\n"],
  [".NaN", "['.NaN']\n", "k:\n- '.NaN'\n"],
  ["nan", "[nan]\n", "k:\n- nan\n"],
  ["null", "['null']\n", "k:\n- 'null'\n"],
  ["Null", "['Null']\n", "k:\n- 'Null'\n"],
  ["NULL", "['NULL']\n", "k:\n- 'NULL'\n"],
  ["~", "['~']\n", "k:\n- '~'\n"],
  ["none", "[none]\n", "k:\n- none\n"],
  ["<<", "['<<']\n", "k:\n- '<<'\n"],
  ["=", "['=']\n", "k:\n- '='\n"],
  ["2001-12-14", "['2001-12-14']\n", "k:\n- '2001-12-14'\n"],
  ["2001-12-14t21:59:43.10-05:00", "['2001-12-14t21:59:43.10-05:00']\n", "k:\n- '2001-12-14t21:59:43.10-05:00'\n"],
  ["2001-12-14 21:59:43.10 -5", "['2001-12-14 21:59:43.10 -5']\n", "k:\n- '2001-12-14 21:59:43.10 -5'\n"],
  ["2001-1-1", "[2001-1-1]\n", "k:\n- 2001-1-1\n"],
  ["12:30", "['12:30']\n", "k:\n- '12:30'\n"],
];

test('control characters, U+0085, non-characters, a BOM and anything past U+FFFF force double quotes and are escaped; the rest of Unicode stays as it is', () => check(CHARS));

test('an indicator first, ": " or " #" inside, or a document marker makes a string quoted (some only in flow)', () => check(INDICATORS));

test('spaces at the ends or around a line break, and line breaks themselves, decide between quotes', () => check(SPACES));

test('a string that would read back as a bool, number, null, merge key or date is quoted', () => check(RESOLVERS));

test("a surrogate is not printable for libyaml's IS_PRINTABLE (its UTF-8 lead bytes ED A0..BF are refused); U+D7FF and U+E000 are", () => {
  assert.deepEqual(['\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000'].map(printable), [true, false, false, false, false, true]);
});
