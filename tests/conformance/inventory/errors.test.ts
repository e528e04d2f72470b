/** The inventory error corpus (tests/unit/inventory/error-cases.ts): Ansible (the oracle) rejects each broken inventory kolla-run rejects. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ansibleInventory } from '../../unit/inventory/oracle.js';
import { cases, DIR } from '../../unit/inventory/error-cases.js';

describe('Ansible rejects the same inventories', { concurrency: 4 }, () => {
  for (const c of cases) {
    test(c.source, async () => {
      const r = await ansibleInventory([c.source], DIR, ['--list']);
      assert.notEqual(r.code, 0, `ansible-inventory accepted ${c.source}:\n${r.stdout}`);
    });
  }
});
