/**
 * The oracle's answer cache (tests/support/oracle-cache.ts): a question is
 * asked once, copies of the tree share answers, and an edited file that a
 * question names (a corpus case's vars.yml) is asked again, and so is
 * every question once another Ansible answers.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ansibleIdentity } from '../../support/ansible-python.js';
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
function counter(identity = 'ansible-core 2.0.0'): { ask: (root: string, question: unknown) => Promise<number>; asked: () => number } {
  let n = 0;
  return { ask: (root, question) => cachedOracle(root, question, async () => ++n, async () => identity), asked: () => n };
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

test('another installation of Ansible is asked again; the same one is not', async () => {
  const root = tempTreeSync('kr-oracle-tree-', {});
  const question = ['oracle.py', '{}'];
  const old = counter('ansible-core 2.14.18');
  await old.ask(root, question);
  await old.ask(root, question);
  assert.equal(old.asked(), 1);
  const upgraded = counter('ansible-core 2.14.19');
  assert.equal(await upgraded.ask(root, question), 1, 'asked, not answered from the older one');
  assert.equal(upgraded.asked(), 1);
});

test("with no root, the answer's text comes back as it was given", async () => {
  let asked = 0;
  const answer = { modules: ['ansible.builtin.copy'], path: '/etc/x' };
  const ask = () => cachedOracle('', ['ansible-doc', ['copy']], async () => (asked++, answer), async () => 'same');
  assert.deepEqual(await ask(), answer);
  assert.deepEqual(await ask(), answer);
  assert.equal(asked, 1);
});

test("the installation's identity names Python, ansible-core, Jinja2 and PyYAML with their versions", async () => {
  const lines = (await ansibleIdentity()).split('\n');
  for (const name of ['python', 'ansible-core', 'jinja2', 'pyyaml']) {
    assert.ok(lines.some((l) => new RegExp(`^${name} \\d+\\.\\d+`).test(l)), `${name} in:\n${lines.join('\n')}`);
  }
});
