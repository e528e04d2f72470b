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
import { ansibleInventory, ansibleListHostsBatch, ansibleParseAddress, FIXTURES } from './oracle.js';

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
