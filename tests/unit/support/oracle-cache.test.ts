/**
 * The oracle's answer cache (tests/support/oracle-cache.ts): a question is
 * asked once, copies of the tree share answers, and an edited file that a
 * question names (a corpus case's vars.yml) is asked again.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cachedOracle } from '../../support/oracle-cache.js';
import { tempDirSync, tempTreeSync } from '../../support/temp-dir.js';

let saved: string | undefined;
before(() => {
  saved = process.env['KOLLA_RUN_ORACLE_CACHE'];
  process.env['KOLLA_RUN_ORACLE_CACHE'] = tempDirSync('kr-oracle-cache-');
});
after(() => {
  if (saved === undefined) delete process.env['KOLLA_RUN_ORACLE_CACHE'];
  else process.env['KOLLA_RUN_ORACLE_CACHE'] = saved;
});

/** Asks through the cache; the answer says how many times Ansible was really asked. */
function counter(): { ask: (root: string, question: unknown) => Promise<number>; asked: () => number } {
  let n = 0;
  return { ask: (root, question) => cachedOracle(root, question, async () => ++n), asked: () => n };
}

test('the same question is asked once; a copy of the tree elsewhere shares the answer', async () => {
  const files = { 'case/vars.yml': 'a: 1\n' };
  const [one, two] = [tempTreeSync('kr-oracle-tree-', files), tempTreeSync('kr-oracle-tree-', files)];
  const { ask, asked } = counter();
  const question = (root: string) => ['oracle.py', JSON.stringify({ vars: join(root, 'case/vars.yml') })];
  assert.equal(await ask(one, question(one)), 1);
  assert.equal(await ask(one, question(one)), 1);
  assert.equal(await ask(two, question(two)), 1);
  assert.equal(asked(), 1);
});

test('editing a file the question names asks again, in a JSON string inside the question too', async () => {
  const root = tempTreeSync('kr-oracle-tree-', { 'case/vars.yml': 'a: 1\n', 'case/other.yml': 'b: 1\n' });
  const { ask, asked } = counter();
  const question = ['oracle.py', JSON.stringify([{ vars: join(root, 'case/vars.yml') }])];
  await ask(root, question);
  writeFileSync(join(root, 'case/other.yml'), 'b: 2\n');
  await ask(root, question);
  assert.equal(asked(), 1, 'a file the question does not name changes nothing');
  writeFileSync(join(root, 'case/vars.yml'), 'a: 2\n');
  await ask(root, question);
  assert.equal(asked(), 2);
});
