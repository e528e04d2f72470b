/** Host patterns: splitting, evaluation order, slices, globs, regexes, limits (a dozen checked against `ansible --list-hosts`: tests/conformance/inventory/patterns.test.ts). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadInventory, selectHosts, splitHostPattern, type Inventory } from '../../../src/inventory/index.js';
import { fnmatchToRegExp } from '../../../src/inventory/patterns.js';
import { FIXTURES } from './oracle.js';

const DIR = join(FIXTURES, 'patterns');
const WEB = ['web1.example.com', 'web2.example.com', 'web3.example.com', 'web4.example.com'];
let inv: Inventory;
before(async () => {
  inv = await loadInventory(['hosts'], { cwd: DIR });
});
const hosts = (pattern: string, limit?: string): string[] => selectHosts(inv, pattern, limit, { cwd: DIR }).hosts;

describe('splitting patterns into terms', () => {
  const cases: Array<[string, string[]]> = [
    ['web:db', ['web', 'db']],
    ['web,db', ['web', 'db']],
    [' web , db ', ['web', 'db']],
    ['web,,db', ['web', 'db']],
    ['web:!db:&x', ['web', '!db', '&x']],
    ['web[0:2]:db', ['web[0:2]', 'db']],
    ['web[1]:db', ['web[1]', 'db']],
    ['fe80::1', ['fe80::1']],
    ['host:22', ['host:22']],
    ['web:', ['web']],
    ['db[a', ['db', 'a']],
    ['', []],
  ];
  for (const [pattern, terms] of cases) test(JSON.stringify(pattern), () => assert.deepEqual(splitHostPattern(pattern), terms));
  test('a list of patterns', () => assert.deepEqual(splitHostPattern(['a:b', 'c']), ['a', 'b', 'c']));
});

describe('fnmatch globs', () => {
  const cases: Array<[string, string, boolean]> = [
    ['web*', 'web1.example.com', true],
    ['web?', 'web1', true],
    ['web?', 'web12', false],
    ['db[a-b]', 'dbb', true],
    ['db[!a]', 'dba', false],
    ['db[!a]', 'dbc', true],
    ['WEB*', 'web1', false],
    ['a.b', 'axb', false],
    ['x[', 'x[', true],
    // Python's fnmatch.translate for classes with ranges (answers from fnmatch.fnmatchcase):
    // a '-' before the class is not the class's own,
    ['x-[!a-c]', 'x-d', true],
    ['x-[!a-c]', 'x-b', false],
    // a '-' right after a range starts another (here from '-' to 'e'),
    ['[a-c--e]', 'd', true],
    // an empty range (z-a) is dropped and the ranges after it kept.
    ['[z-a-c-e]', 'd', true],
    ['[z-a-c-e]', 'a', false],
  ];
  for (const [glob, name, expected] of cases) test(`${glob} ~ ${name}`, () => assert.equal(fnmatchToRegExp(glob).test(name), expected));
});

describe('selecting hosts', () => {
  test('all and * in inventory order', () => {
    // web and db sit one level deeper (under web-and-db): breadth-first puts them last.
    const all = ['u1', '10.0.0.5', 'fe80::1', 'n1', 'lbhost', ...WEB, 'dba', 'dbb', 'dbc'];
    assert.deepEqual(hosts('all'), all);
    assert.deepEqual(hosts('*'), all);
  });
  test('union keeps the order written', () => {
    assert.deepEqual(hosts('db,web[0]'), ['dba', 'dbb', 'dbc', 'web2.example.com', 'web1.example.com']);
  });
  test('intersection and exclusion apply after all unions, whatever the order', () => {
    assert.deepEqual(hosts('!web1*:db:&*example*:web'), ['web2.example.com', 'web3.example.com', 'web4.example.com']);
  });
  test('a plain host name after & or ! is looked up among the hosts when no group has its name', () => {
    assert.deepEqual(hosts('db:!dbb'), ['dba', 'dbc', 'web2.example.com']);
    assert.deepEqual(hosts('db:&dbb'), ['dbb']);
  });
  test('only exclusions start from all', () => {
    assert.deepEqual(hosts('!web:!db'), ['u1', '10.0.0.5', 'fe80::1', 'n1', 'lbhost']);
  });
  test('slices are inclusive; negative index counts from the end', () => {
    assert.deepEqual(hosts('web[0:2]'), WEB.slice(0, 3));
    assert.deepEqual(hosts('web[1:]'), WEB.slice(1));
    assert.deepEqual(hosts('web[-1]'), [WEB[3]]);
    assert.deepEqual(hosts('web[2:1]'), []);
  });
  test('an index out of range selects nothing at all, with a warning', () => {
    const r = selectHosts(inv, 'web[9],db');
    assert.deepEqual(r.hosts, []);
    assert.ok(r.warnings.some((w) => /out of range/.test(w)), r.warnings.join('; '));
  });
  test('regex on names, matched at the start', () => {
    assert.deepEqual(hosts('~web[13]'), ['web1.example.com', 'web3.example.com']);
    assert.deepEqual(hosts('~(?i)WEB\\d'), WEB);
  });
  test('hyphenated group names', () => assert.deepEqual(hosts('nova-api'), ['n1']));
  test('IPv6 and IPv4 hosts as terms', () => {
    assert.deepEqual(hosts('fe80::1'), ['fe80::1']);
    assert.deepEqual(hosts('10.0.0.5'), ['10.0.0.5']);
  });
  test('a term matching nothing warns and adds nothing', () => {
    const r = selectHosts(inv, 'nomatch:db');
    assert.deepEqual(r.hosts, ['dba', 'dbb', 'dbc', 'web2.example.com']);
    assert.deepEqual(r.warnings, ['could not match supplied host pattern, ignoring: nomatch']);
  });
  test('a pattern matching nothing gives no hosts and a warning', () => {
    const r = selectHosts(inv, 'WEB');
    assert.deepEqual(r.hosts, []);
    assert.equal(r.warnings.length, 1);
  });
  test('implicit localhost only when named', () => {
    assert.deepEqual(hosts('localhost'), ['localhost']);
    assert.ok(!hosts('all').includes('localhost'));
    assert.ok(inv.isImplicitLocalhost('localhost'));
    assert.equal(inv.hostVars('localhost')['ansible_connection'], 'local');
  });
  test('--limit, also from @file', () => {
    assert.deepEqual(hosts('web:db', 'db,web1*'), ['web1.example.com', 'web2.example.com', 'dba', 'dbb', 'dbc']);
    assert.deepEqual(hosts('all', '@limit.txt'), ['web1.example.com', 'web3.example.com', 'web4.example.com']);
    assert.deepEqual(hosts('web', 'nomatch'), []);
  });
});

