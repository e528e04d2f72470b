/** The parser's building blocks: literal typing, shell splitting, addresses and ranges. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandHostRange, parseAddress } from '../../../src/inventory/address.js';
import { iniValue, pythonLiteral } from '../../../src/inventory/literal.js';
import { shlexSplit } from '../../../src/inventory/shlex.js';

describe('Python literal typing (ast.literal_eval)', () => {
  const cases: Array<[string, unknown]> = [
    ['5', 5],
    ['-3', -3],
    ['+4', 4],
    ['- 5', -5],
    ['-(1)', -1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-1.5e-3', -0.0015],
    ['0x1f', 31],
    ['-0x10', -16],
    ['0o17', 15],
    ['0b11', 3],
    ['1_000', 1000],
    ['00', 0],
    ['True', true],
    ['False', false],
    ['None', null],
    ['True ', true],
    ["'x y'", 'x y'],
    ['"5"', '5'],
    ['"a" "b"', 'ab'],
    ['r"\\n"', '\\n'],
    ['"\\x41\\n"', 'A\n'],
    ["b'x'", 'x'],
    ['[1, 2,]', [1, 2]],
    ['(1, 2)', [1, 2]],
    ['(1)', 1],
    ['()', []],
    ['True,', [true]],
    ['1, 2', [1, 2]],
    ["{'a': [1, None]}", { a: [1, null] }],
    ['{1: 2, "a": 3}', { '1': 2, a: 3 }],
    ['{}', {}],
    ['{1, 2, 1}', [1, 2]],
    ['set()', []],
    ['{1}', [1]],
    ['{None}', [null]],
    ["'x' # comment", 'x'],
    [' 1', 1],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} reads as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(pythonLiteral(text), expected);
    });
  }

  const strings = ['true', 'yes', 'abc', '0755', '01', '1_', '1__0', '1-2', '--1', '-True', '~1', 'nan', 'inf', '1j', '1+2j', '...',
    'f"x"', '2**3', '{[1]: 2}', 'x = y', '1 ; c', "'unterminated", '', '   ', '/etc/kolla', '1.2.3', '10.0.0.1',
    'len()', '{1, 2}}'];
  for (const text of strings) {
    test(`${JSON.stringify(text)} stays a string`, () => {
      assert.equal(pythonLiteral(text), undefined);
      assert.equal(iniValue(text), text);
    });
  }
});

describe('shell-like splitting of host lines', () => {
  const cases: Array<[string, string[]]> = [
    ['h a=1 b=2', ['h', 'a=1', 'b=2']],
    ['h  a=1\tb=2', ['h', 'a=1', 'b=2']],
    ['h msg="hello world"', ['h', 'msg=hello world']],
    ["h s='it''s'", ['h', 's=its']],
    ['h e=a\\ b', ['h', 'e=a b']],
    ['h q="say \\"hi\\""', ['h', 'q=say "hi"']],
    ['h q="a\\nb"', ['h', 'q=a\\nb']],
    ["h q='a\\b'", ['h', 'q=a\\b']],
    ['h a=1 # b=2', ['h', 'a=1']],
    ['h x=a#b y=c', ['h', 'x=a']],
    ['h x="a # b"', ['h', 'x=a # b']],
    ["h e=''", ['h', 'e=']],
    ['h m=pre"mid"post', ['h', 'm=premidpost']],
    ['# whole comment', []],
  ];
  for (const [line, expected] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(shlexSplit(line), expected));
  }
  test('an unterminated quote is an error', () => assert.throws(() => shlexSplit('h a="x'), /No closing quotation/));
  test('a trailing backslash is an error', () => assert.throws(() => shlexSplit('h a=x\\'), /No escaped character/));
});

describe('addresses', () => {
  const cases: Array<[string, boolean, { host: string; port?: number } | undefined]> = [
    ['host', false, { host: 'host' }],
    ['host:22', false, { host: 'host', port: 22 }],
    ['my_host.example.com:22', false, { host: 'my_host.example.com', port: 22 }],
    ['10.0.0.1:2222', false, { host: '10.0.0.1', port: 2222 }],
    ['[fe80::1]:22', false, { host: 'fe80::1', port: 22 }],
    ['[10.0.0.1]:22', false, { host: '10.0.0.1', port: 22 }],
    ['fe80::1', false, { host: 'fe80::1' }],
    ['::1', false, { host: '::1' }],
    ['::ffff:1.2.3.4', false, { host: '::ffff:1.2.3.4' }],
    ['2001:db8:0:0:0:0:0:1', false, { host: '2001:db8:0:0:0:0:0:1' }],
    ['web[01:10]:22', true, { host: 'web[01:10]', port: 22 }],
    ['web[01:10]', false, undefined],
    ['-bad:22', false, undefined],
    ['bad-:22', false, undefined],
    ['a..b', false, undefined],
    ['x:abc', false, undefined],
    ['web:db', false, undefined],
    ['a:b:c', false, undefined],
  ];
  for (const [text, ranges, expected] of cases) {
    test(`${text}${ranges ? ' (ranges allowed)' : ''}`, () => {
      const got = parseAddress(text, ranges);
      assert.deepEqual(got === undefined ? undefined : { host: got.host, ...(got.port === undefined ? {} : { port: got.port }) }, expected);
    });
  }
});

describe('host ranges', () => {
  const cases: Array<[string, string[]]> = [
    ['plain', ['plain']],
    ['node[1:3]', ['node1', 'node2', 'node3']],
    ['node[01:03]', ['node01', 'node02', 'node03']],
    ['n[001:010]', ['n001', 'n002', 'n003', 'n004', 'n005', 'n006', 'n007', 'n008', 'n009', 'n010']],
    ['h[8:10]', ['h8', 'h9', 'h10']],
    ['h[0:010]', ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10']],
    ['h[:2]', ['h0', 'h1', 'h2']],
    ['s[1:10:3]', ['s1', 's4', 's7', 's10']],
    ['r[a:c]', ['ra', 'rb', 'rc']],
    ['r[y:B]', ['ry', 'rz', 'rA', 'rB']],
    ['r[1:2]-u[a:b].x', ['r1-ua.x', 'r1-ub.x', 'r2-ua.x', 'r2-ub.x']],
    ['z[5:1]', []],
    ['h[3:3]', ['h3']],
    ['h1:2]', ['h1:2]']],
    // Checked with ansible-inventory 2.14: a negative step counts down (Python's range), a letter range
    // with one is empty (a reversed slice), a range may open the name, and ends may be runs of letters.
    ['h[5:1:-1]', ['h5', 'h4', 'h3']],
    ['p[a:c:-1]', []],
    ['s[-2:1]', ['s-2', 's-1', 's0', 's1']],
    ['l[a:a]', ['la']],
    ['m[ab:cd]', ['ma', 'mb', 'mc']],
    ['[1:3]x', ['1x', '2x', '3x']],
  ];
  for (const [name, expected] of cases) {
    test(name, () => assert.deepEqual(expandHostRange(name), expected));
  }
  const bad: Array<[string, RegExp]> = [
    ['h[1:x]', /invalid number/],
    ['h[01:3]', /equal-length/],
    ['h[1:]', /end value/],
    ['h[x]', /begin:end/],
    ['h[1:2:3:4]', /begin:end/],
    ['h[1:3:0]', /step/],
    ['h[z:a]', /begin <= end/],
    ['h[1:2', /unclosed/],
    ['h[:c]', /invalid number/],
  ];
  for (const [name, reason] of bad) {
    test(`${name} is an error`, () => assert.throws(() => expandHostRange(name), reason));
  }
});
