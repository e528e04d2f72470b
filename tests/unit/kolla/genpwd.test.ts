/** genpwd: completes passwords.yml without ever changing a value that is set. */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { InputError } from '../../../src/errors.js';
import { PASSWORDS_TEMPLATE } from '../../../src/kolla/config-path.js';
import { genpwd, randomPassword } from '../../../src/kolla/genpwd.js';
import { tempDirSync } from '../../support/temp-dir.js';

const dir = () => tempDirSync('kr-genpwd-');

test('a new passwords.yml: every key of the template, each a distinct 40-character value, mode 0600', async () => {
  const file = join(dir(), 'sub', 'passwords.yml');
  const result = await genpwd(file, PASSWORDS_TEMPLATE);
  assert.equal(result.created, true);
  const values = parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const keys = Object.keys(parse(readFileSync(PASSWORDS_TEMPLATE, 'utf8')) as Record<string, unknown>);
  assert.deepEqual(Object.keys(values).sort(), keys.sort());
  for (const key of ['database_password', 'rabbitmq_password', 'rabbitmq_cluster_cookie', 'keystone_admin_password', 'keystone_database_password', 'memcache_secret_key', 'keepalived_password']) {
    assert.match(values[key] ?? '', /^[A-Za-z0-9]{40}$/, key);
  }
  assert.equal(new Set(Object.values(values)).size, keys.length, 'no two secrets alike');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.match(readFileSync(file, 'utf8'), /# The password of MariaDB's root user\./, "the template's comments are kept");
});

test('a value already set is never changed; an empty one is filled; keys the operator added stay', async () => {
  const file = join(dir(), 'passwords.yml');
  writeFileSync(file, "# mine\ndatabase_password: 'kept: as is'\nrabbitmq_password: ''\nmy_own_secret: x\n", { mode: 0o644 });
  const result = await genpwd(file, PASSWORDS_TEMPLATE, () => 'GENERATED');
  assert.equal(result.created, false);
  assert.ok(result.generated.includes('rabbitmq_password'), 'an empty string is empty');
  assert.ok(!result.generated.includes('database_password'));
  const text = readFileSync(file, 'utf8');
  const values = parse(text) as Record<string, string>;
  assert.equal(values.database_password, 'kept: as is');
  assert.equal(values.rabbitmq_password, 'GENERATED');
  assert.equal(values.my_own_secret, 'x');
  assert.match(text, /^# mine/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = await genpwd(file, PASSWORDS_TEMPLATE, () => 'OTHER');
  assert.deepEqual(again.generated, []);
  assert.equal(readFileSync(file, 'utf8'), text, 'a second run changes nothing');
});

test('a broken passwords.yml is an input error naming the file and line, and is left alone', async () => {
  const file = join(dir(), 'passwords.yml');
  writeFileSync(file, 'database_password: a\n  bad: [\n');
  await assert.rejects(genpwd(file, PASSWORDS_TEMPLATE), (err: unknown) => err instanceof InputError && err.location?.file === file && typeof err.location.line === 'number');
  assert.equal(readFileSync(file, 'utf8'), 'database_password: a\n  bad: [\n');
});

test('random passwords come from the whole alphabet', () => {
  const seen = new Set(Array.from({ length: 50 }, () => randomPassword()).join(''));
  assert.ok(seen.size > 55, `${seen.size} distinct characters`);
});
