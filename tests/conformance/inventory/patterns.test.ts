/** Host patterns and limits on the patterns fixture: kolla-run selects the hosts `ansible --list-hosts` lists, in its order. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadInventory, selectHosts, type Inventory } from '../../../src/inventory/index.js';
import { ansibleListHosts, FIXTURES } from '../../unit/inventory/oracle.js';

const DIR = join(FIXTURES, 'patterns');
let inv: Inventory;
before(async () => {
  inv = await loadInventory(['hosts'], { cwd: DIR });
});
const hosts = (pattern: string, limit?: string): string[] => selectHosts(inv, pattern, limit, { cwd: DIR }).hosts;

describe('patterns against ansible --list-hosts', { concurrency: 4 }, () => {
  const checks: Array<{ pattern: string; limit?: string }> = [
    { pattern: 'all' },
    { pattern: 'web:db' },
    { pattern: 'web:&db' },
    { pattern: 'web:!db' },
    { pattern: '!db' },
    { pattern: 'web[0]' },
    { pattern: 'web[-1]' },
    { pattern: 'web[1:]' },
    { pattern: 'db:web:!web1*:&*example*' },
    { pattern: '~db' },
    { pattern: 'nova-*,fe80::1' },
    { pattern: 'web-and-db[1:3]' },
    { pattern: 'web:db', limit: 'db,web1*' },
    { pattern: 'all', limit: '@limit.txt' },
  ];
  for (const c of checks) {
    test(c.limit === undefined ? c.pattern : `${c.pattern} --limit ${c.limit}`, async () => {
      const expected = await ansibleListHosts(['hosts'], DIR, c.pattern, c.limit);
      assert.deepEqual(hosts(c.pattern, c.limit), expected);
    });
  }
});
