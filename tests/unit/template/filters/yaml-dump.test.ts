/**
 * filters/yaml-dump.ts: the layout of to_yaml / to_nice_yaml. Expected values
 * are PyYAML 6.0's yaml.dump(value, Dumper=CSafeDumper, allow_unicode=True,
 * default_flow_style=..., indent=..., width=..., sort_keys=...): ansible-core's
 * AnsibleDumper is CSafeDumper when libyaml is installed (as for the corpus
 * oracle), and libyaml's emitter differs from pure PyYAML's in places (no
 * '...' after a root scalar, '?' keys by byte length, folding in double quotes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { yamlDump } from '../../../../src/template/filters/yaml-dump.js';
import { assertInputError, r } from '../helpers.js';

interface Options {
  flow?: boolean;
  indent?: number;
  width?: number;
  sort?: boolean;
}

function check(rows: Array<[unknown, Options, string]>): void {
  for (const [value, o, expected] of rows) {
    const got = yamlDump(value, { indent: o.indent ?? 2, flowDefault: o.flow ?? null, width: o.width ?? 80, sortKeys: o.sort ?? true });
    assert.equal(got, expected, `${JSON.stringify(value)} ${JSON.stringify(o)}`);
  }
}

const LAYOUT: Array<[unknown, Options, string]> = [
  [{"b": [1, 2, {"c": [], "d": {}, "e": [[1], [2, [3]]]}], "a": {"x": null, "y": true, "z": false}, "list": [[], {}]}, {}, "a: {x: null, y: true, z: false}\nb:\n- 1\n- 2\n- c: []\n  d: {}\n  e:\n  - [1]\n  - - 2\n    - [3]\nlist:\n- []\n- {}\n"],
  [{"b": [1, 2, {"c": [], "d": {}, "e": [[1], [2, [3]]]}], "a": {"x": null, "y": true, "z": false}, "list": [[], {}]}, {flow: false}, "a:\n  x: null\n  y: true\n  z: false\nb:\n- 1\n- 2\n- c: []\n  d: {}\n  e:\n  - - 1\n  - - 2\n    - - 3\nlist:\n- []\n- {}\n"],
  [{"b": [1, 2, {"c": [], "d": {}, "e": [[1], [2, [3]]]}], "a": {"x": null, "y": true, "z": false}, "list": [[], {}]}, {flow: true}, "{a: {x: null, y: true, z: false}, b: [1, 2, {c: [], d: {}, e: [[1], [2, [3]]]}], list: [\n    [], {}]}\n"],
  [{"b": [1, 2, {"c": [], "d": {}, "e": [[1], [2, [3]]]}], "a": {"x": null, "y": true, "z": false}, "list": [[], {}]}, {flow: false, indent: 4}, "a:\n    x: null\n    y: true\n    z: false\nb:\n- 1\n- 2\n-   c: []\n    d: {}\n    e:\n    -   - 1\n    -   - 2\n        -   - 3\nlist:\n- []\n- {}\n"],
  [{"b": [1, 2, {"c": [], "d": {}, "e": [[1], [2, [3]]]}], "a": {"x": null, "y": true, "z": false}, "list": [[], {}]}, {indent: 3}, "a: {x: null, y: true, z: false}\nb:\n- 1\n- 2\n-  c: []\n   d: {}\n   e:\n   - [1]\n   -  - 2\n      - [3]\nlist:\n- []\n- {}\n"],
  [{"'a": [[1]], "\"b": {"c": [1]}, "c\td": [[2]]}, {}, "'\"b':\n  c: [1]\n'''a':\n- [1]\n\"c\\td\":\n- [2]\n"],
  [{"'a": [[1]], "b": [[2]]}, {flow: false}, "'''a':\n- - 1\nb:\n- - 2\n"],
  [[[[1, 2]], [[]], {"a": [{}]}], {}, "- - [1, 2]\n- - []\n- a:\n  - {}\n"],
  [[[1, [2]], "x"], {flow: false}, "- - 1\n  - - 2\n- x\n"],
  [{"z": 1, "a": 2, "m": {"y": 1, "b": 2}}, {sort: false}, "z: 1\na: 2\nm: {y: 1, b: 2}\n"],
  [[null, true, false, 0, -5], {}, "[null, true, false, 0, -5]\n"],
  [{"k": false}, {flow: false}, "k: false\n"],
  [{"a": {"b": [1, {"c": 2}]}}, {flow: false, indent: 10}, "a:\n  b:\n  - 1\n  - c: 2\n"],
  [{"a": {"b": [1, {"c": 2}]}}, {flow: false, indent: 9}, "a:\n         b:\n         - 1\n         -        c: 2\n"],
  [[[["a b c"]]], {flow: false, indent: 9, width: 19}, "-        -        - a\n                           b\n                           c\n"],
];

const FOLDING: Array<[unknown, Options, string]> = [
  [{"key": "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "}, {}, "{key: 'word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word '}\n"],
  [["word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "], {}, "['word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word ']\n"],
  [{"k": ["word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "]}, {flow: false}, "k:\n- 'word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word word\n  word word word word '\n"],
  [{"key": "it's word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "}, {}, "{key: 'it''s word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word word '}\n"],
  [{"key": " word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "}, {}, "{key: ' word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word '}\n"],
  [{"key": "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word '"}, {width: 40}, "{key: word word word word word word word word\n    word word word word word word word word\n    word word word word word word word word\n    word word word word word word word word\n    word word word word '}\n"],
  [{"key": "tab\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "}, {}, "{key: \"tab\\tword word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word\n    word word word word word word \"}\n"],
  [{"key": "tab\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "}, {width: 30}, "{key: \"tab\\tword word word word\n    word word word word word word\n    word word word word word word\n    word word word word word word\n    word word word word word word\n    word word word word word word\n    word word \"}\n"],
  [{"key": "a\twordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy  wordy"}, {width: 30}, "{key: \"a\\twordy  wordy  wordy  wordy\n    \\ wordy  wordy  wordy  wordy\n    \\ wordy  wordy  wordy  wordy\n    \\ wordy  wordy  wordy  wordy\n    \\ wordy  wordy  wordy  wordy\"}\n"],
  [{"key": "\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"}, {}, "{key: \"\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n    y\"}\n"],
  [{"key": "ab\t     xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}, {width: 20}, "{key: \"ab\\t     xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"],
  [{"key": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 tail words here"}, {}, "{key: \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 tail\n    words here}\n"],
  [{"key": ["item0", "item1", "item2", "item3", "item4", "item5", "item6", "item7", "item8", "item9", "item10", "item11", "item12", "item13", "item14", "item15", "item16", "item17", "item18", "item19", "item20", "item21", "item22", "item23", "item24", "item25", "item26", "item27", "item28", "item29"]}, {}, "key: [item0, item1, item2, item3, item4, item5, item6, item7, item8, item9, item10,\n  item11, item12, item13, item14, item15, item16, item17, item18, item19, item20,\n  item21, item22, item23, item24, item25, item26, item27, item28, item29]\n"],
  [{"key": {"k00": 0, "k01": 1, "k02": 2, "k03": 3, "k04": 4, "k05": 5, "k06": 6, "k07": 7, "k08": 8, "k09": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k17": 17, "k18": 18, "k19": 19}}, {}, "key: {k00: 0, k01: 1, k02: 2, k03: 3, k04: 4, k05: 5, k06: 6, k07: 7, k08: 8, k09: 9,\n  k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k18: 18,\n  k19: 19}\n"],
  [{"key": ["wwwwwwwwwwwwwwwwwwwwwwwwwwwwww vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "xxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyy"]}, {}, "key: [wwwwwwwwwwwwwwwwwwwwwwwwwwwwww vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv, xxxxxxxxxxxxxxxxxxxx,\n  yyyyyyyyyyyyyyyyyyyy]\n"],
  [{"key": {"wwwwwwwwwwwwwwwwwwwwwwwwwwwwww": "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv uuuuuuuuuuuuuuuuuuuuuuuuuuuuuu", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": [1]}}, {}, "key:\n  wwwwwwwwwwwwwwwwwwwwwwwwwwwwww: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv uuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\n  xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1\n  yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy: [1]\n"],
  [{"key": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"]}, {}, "key: [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,\n  y]\n"],
  [{"key": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"]}, {}, "key: [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, y]\n"],
  [{"key": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"]}, {}, "key: [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, y]\n"],
  [{"key": {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": "y", "z": 1}}, {}, "key: {xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: y, z: 1}\n"],
  [{"key": {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": "y", "z": 1}}, {}, "key: {xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: y, z: 1}\n"],
  ["a bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb c", {}, "a bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n  c\n"],
  ["a bbbbbbbbbb c", {width: 5}, "a bbbbbbbbbb\n  c\n"],
  ["a bbbbbbbbbb c", {width: 4, indent: 2}, "a bbbbbbbbbb c\n"],
  [["word word word word word word word word word word word word "], {width: 25, indent: 12}, "['word word word word word\n    word word word word word\n    word word ']\n"],
  [{"word word word word word word word word word word word word word word word word word word word word ": "word word word word word word word word word word word word word word word word word word word word "}, {flow: false}, "'word word word word word word word word word word word word word word word word word word word word ': 'word\n  word word word word word word word word word word word word word word word word\n  word word word '\n"],
  [["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"], {}, "[xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, y]\n"],
  [["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"], {}, "[xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, y]\n"],
  [{"word word word word word word word word word word word word word word word word word word word x": 1, "k": "v"}, {}, "{k: v, word word word word word word word word word word word word word word word word word word word x: 1}\n"],
  [{"a": {"word word word word word word word word word word word word word word word word word word word x": 1}}, {flow: false}, "a:\n  word word word word word word word word word word word word word word word word word word word x: 1\n"],
  [{"k": "q\tdefgh    \\ ab c zz\u0007 c \u00e9 \" ab zz\u0007"}, {width: 10}, "{k: \"q\\tdefgh\n    \\   \\\\ ab\n    c zz\\a c\n    \u00e9 \\\" ab\n    zz\\a\"}\n"],
  [{"k": "q\tab c       c \t c zz\u0007   "}, {width: 12}, "{k: \"q\\tab c       c\n    \\t c zz\\a\n    \\  \"}\n"],
  [{"k": "q\t\" c \t \\ \\ \""}, {width: 15}, "{k: \"q\\t\\\" c \\t \\\\\n    \\\\ \\\"\"}\n"],
  [{"k": "q\t\" \"    ab \t ab"}, {width: 20}, "{k: \"q\\t\\\" \\\"    ab \\t\n    ab\"}\n"],
  [{"k": "q\tdefgh \u0001    defgh zz\u0007 c \" \u0001 zz\u0007 \\ defgh c \" \""}, {width: 11}, "{k: \"q\\tdefgh\n    \\x01    defgh\n    zz\\a c \\\"\n    \\x01 zz\\a\n    \\\\ defgh\n    c \\\" \\\"\"}\n"],
  [{"k": "q\t\u00e9 c zz\u0007 c \" ab \" \t  "}, {width: 13}, "{k: \"q\\t\u00e9 c zz\\a\n    c \\\" ab \\\"\n    \\t  \"}\n"],
  [{"k": "q\t   \u00e9   \"   \u00e9 \u0001 \t defgh \t c \" \u0001 zz\u0007"}, {width: 17}, "{k: \"q\\t   \u00e9   \\\"   \u00e9\n    \\x01 \\t defgh \\t\n    c \\\" \\x01 zz\\a\"}\n"],
  [{"k": "q\t\u00e9   \u0001 \" c c zz\u0007    defgh \u00e9 defgh     "}, {width: 25}, "{k: \"q\\t\u00e9   \\x01 \\\" c c zz\\a\n    \\   defgh \u00e9 defgh     \"}\n"],
  [{"k": "q\t\\ c zz\u0007 \" \u00e9 \u00e9"}, {width: 9}, "{k: \"q\\t\\\\\n    c zz\\a\n    \\\" \u00e9 \u00e9\"}\n"],
  [{"k": "q\t\"   \"   c c \u0001   \\ c ab"}, {width: 14}, "{k: \"q\\t\\\"   \\\"\n    \\  c c \\x01\n    \\  \\\\ c ab\"}\n"],
  [{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "a b "}, {}, "{kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 'a\n    b '}\n"],
  [{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "a b "}, {}, "{kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 'a\n    b '}\n"],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z", {width: 3}, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n  z\n"],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z", {width: 4}, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n  z\n"],
  ["a bb ccc dddd", {width: 5}, "a bb ccc\n  dddd\n"],
  [{"k": "\t      x"}, {width: 6}, "{k: \"\\t\n    \\     x\"}\n"],
  [{"k": "\t  x  y"}, {width: 5}, "{k: \"\\t\n    \\ x\n    \\ y\"}\n"],
  ["\t aaaaaaaaaaaaaaaaaaaa b", {width: 10}, "\"\\t aaaaaaaaaaaaaaaaaaaa\n  b\"\n"],
  ["\taaaaaaaaa b c", {width: 10}, "\"\\taaaaaaaaa\n  b c\"\n"],
  ["\t\u0001\u0001bbbbbbbbbbbbbbb", {width: 10}, "\"\\t\\x01\\x01bbbbbbbbbbbbbbb\"\n"],
  [{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "a\tb"}, {}, "{kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: \"a\\tb\"}\n"],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z", {width: 3}, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y z\n"],
  ["q\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ", {}, "\"q\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \"\n"],
  [" \txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", {width: 20}, "\" \\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n"],
];

const KEYS: Array<[unknown, Options, string]> = [
  [{"a\nb": 1, "": 2, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 3, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": 4, "a\tb\u0085": [1], "c\u2028": {"d": 1}}, {flow: false}, "'': 2\n? \"a\\tb\\N\"\n: - 1\n? 'a\n\n  b'\n: 1\n? 'c\u2028  '\n: d: 1\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 3\nyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy: 4\n"],
  [{"a\nb": 1, "": 2, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": [3]}, {}, "'': 2\n? 'a\n\n  b'\n: 1\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: [\n  3]\n"],
  [{"k": {"a\nb": "c\nd", "e": "f"}}, {}, "k: {? 'a\n\n    b' : 'c\n\n    d', e: f}\n"],
  [{"k": {"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\n": "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"}}, {}, "k: {? 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\n\n    ' : vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv}\n"],
  [{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1}, {}, "{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1}\n"],
  [{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1}, {width: 200}, "{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1}\n"],
  [{"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word x": 1}, {}, "{? word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word x : 1}\n"],
  [{"a\rb": 1}, {}, "{? \"a\\rb\" : 1}\n"],
  [{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 1}, {width: 132}, "{? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk : 1}\n"],
  [{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 1}, {width: 131}, "{? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n  : 1}\n"],
  [{"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": 1, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": 2}, {flow: false}, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9: 1\n? \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n: 2\n"],
  [{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": 2}, {flow: false}, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1\n? yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n: 2\n"],
  [{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": 2}, {width: 300}, "{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1, ? yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy : 2}\n"],
];

const ROOT: Array<[unknown, Options, string]> = [
  ["abc", {}, "abc\n"],
  ["a b", {}, "a b\n"],
  ["", {}, "''\n"],
  [null, {}, "null\n"],
  [true, {}, "true\n"],
  [7, {}, "7\n"],
  ["yes", {}, "'yes'\n"],
  ["a\nb", {}, "'a\n\n  b'\n"],
  [[], {}, "[]\n"],
  [{}, {}, "{}\n"],
  ["a\tb", {}, "\"a\\tb\"\n"],
  ["w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w ", {}, "'w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n  w w w w w w w w w '\n"],
];

test('block collections indent by the indent, a sequence under a key is not indented, collections of scalars go flow by default', () => check(LAYOUT));

test('a long scalar folds at a space past the width (plain, single and double quoted), flow collections wrap their items', () => check(FOLDING));

test('a key with a line break or longer than 128 bytes is written as "? key" then ": value"; an empty key stays simple', () => check(KEYS));

test('a scalar at the root is the whole document, with no "..." after it (libyaml, unlike pure PyYAML)', () => check(ROOT));

test('floats as PyYAML represents them: an exponent gets ".0", infinities and NaN by name', () => {
  const floats = "{{ [1.5, 1e20, 1e-5, 1e15, 1e16, 3.0, -0.0, 'inf' | float, '-inf' | float, 'nan' | float] | to_yaml }}";
  assert.equal(r(floats), '[1.5, 1.0e+20, 1.0e-05, 1000000000000000.0, 1.0e+16, 3.0, -0.0, .inf, -.inf, .nan]\n');
  assert.equal(r('{{ [1.5e20, 2.5e-7] | to_yaml }}'), '[1.5e+20, 2.5e-07]\n');
  assert.equal(r('{{ 2.5 | to_yaml }}'), '2.5\n');
});

test('to_nice_yaml takes its indent from its argument, and the emitter refuses an indent outside 2..9', () => {
  assert.equal(r('{{ {"a": [1, {"b": [2]}]} | to_nice_yaml(indent=3) }}'), 'a:\n- 1\n-  b:\n   - 2\n');
  assert.equal(r('{{ {"a": {"b": 1}} | to_nice_yaml(indent=12) }}'), 'a:\n  b: 1\n');
  assert.equal(r('{{ {"a": {"b": 1}} | to_nice_yaml(indent=1) }}'), 'a:\n  b: 1\n');
});

test('a string with a lone surrogate cannot be dumped (ansible fails to encode it to UTF-8); a character past U+FFFF is escaped', () => {
  assert.match(assertInputError(() => r('{{ "a\\ud800b" | to_yaml }}')).message, /can't encode character '\\ud800'.*surrogates not allowed/);
  assertInputError(() => r('{{ {"\\udfff": 1} | to_nice_yaml }}'));
  assert.equal(r('{{ "\u{1f600}" | to_yaml }}'), '"\\U0001F600"\n');
});
