import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml } from '../../../src/yaml/load.js';
import { isSecretsFile, MASK, SecretValues } from '../../../src/vars/secrets.js';

test('every leaf of a secrets file is masked, as printed and as JSON writes it', () => {
  const s = new SecretValues();
  s.add({ a: 'plain-secret', ssh: { private_key: 'line-one-xyz\nline-two-xyz\n' }, n: 12345678, quote: 'q"uoted-pw' });
  assert.equal(s.mask('x plain-secret y'), `x ${MASK} y`);
  assert.equal(s.mask(JSON.stringify({ k: 'line-one-xyz\nline-two-xyz\n' })), `{"k":"${MASK}"}`);
  assert.equal(s.mask('line-two-xyz'), MASK, 'one line of a multi-line secret (a diff shows lines)');
  assert.equal(s.mask('id 12345678'), `id ${MASK}`);
  assert.equal(s.mask(JSON.stringify('q"uoted-pw')), `"${MASK}"`);
});

test('short values and booleans are not masked (they are ordinary words)', () => {
  const s = new SecretValues();
  s.add({ a: 'root', b: true, c: null });
  assert.equal(s.size, 0);
  assert.equal(s.mask('root true'), 'root true');
});

test('a longer secret containing a shorter one is masked whole', () => {
  const s = new SecretValues();
  s.add(['abcdef', 'abcdefghij']);
  assert.equal(s.mask('abcdefghij'), MASK);
});

test('parsing a passwords.yml registers its values; another file does not', async () => {
  const { runSecrets } = await import('../../../src/vars/secrets.js');
  parseYaml('other_value: NotASecret123\n', '/x/globals.yml');
  parseYaml('database_password: Registered-987\n', '/x/passwords.yml');
  assert.equal(runSecrets.mask('Registered-987 NotASecret123'), `${MASK} NotASecret123`);
  assert.ok(isSecretsFile('/etc/kolla/passwords.yml'));
  assert.ok(!isSecretsFile('/etc/kolla/passwords.yml.bak'));
});

test('the shortest secret masked is 6 characters; 5 are left alone', () => {
  const s = new SecretValues();
  s.add(['abc123', 'abc12']);
  assert.equal(s.mask('abc123 abc12'), `${MASK} abc12`);
});

test('a value registered after a line was masked is masked from the next line on', () => {
  const s = new SecretValues();
  s.add('first-secret');
  assert.equal(s.mask('first-secret'), MASK);
  s.add('second-secret');
  assert.equal(s.mask('first-secret second-secret'), `${MASK} ${MASK}`);
});

test('a secret nested 20 deep is masked; a structure that holds itself ends', () => {
  let deep: unknown = 'deep-secret-value';
  for (let i = 0; i < 20; i++) deep = [deep];
  const cyclic: unknown[] = ['cyclic-secret'];
  cyclic.push(cyclic);
  const mapping: Record<string, unknown> = { key: 'cyclic-mapping-secret' };
  mapping.self = mapping;
  const s = new SecretValues();
  s.add(deep);
  s.add(cyclic);
  s.add(mapping);
  assert.equal(s.mask('deep-secret-value cyclic-secret cyclic-mapping-secret'), `${MASK} ${MASK} ${MASK}`);
});

test('a secret nested deeper than any secrets file nests is masked too', () => {
  let deep: unknown = 'very-deep-secret';
  for (let i = 0; i < 100; i++) deep = i % 2 ? [deep] : { k: deep };
  const s = new SecretValues();
  s.add(deep);
  assert.equal(s.mask('very-deep-secret'), MASK);
});
