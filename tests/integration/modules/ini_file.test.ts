/** ini_file on a real host: layout kept, options, sections, check mode, diff, schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iniFileModule } from '../../../src/modules/ini_file.js';
import { assertIdempotent } from '../../support/module-host.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('ini_file');
const INI = '# kolla\n[DEFAULT]\ndebug = False\n# log_dir = /x\n\n[database]\nconnection=old\n';

test('a commented option is set in place; comments and layout stay', async () => {
  await b.host.sh(`printf '${INI}' > ${b.dir}/i`);
  const args = { path: `${b.dir}/i`, section: 'DEFAULT', option: 'log_dir', value: '/var/log/kolla' };
  const checked = await b.host.run(iniFileModule, args, { check: true, diff: true });
  assert.equal(checked.diff?.after, INI.replace('# log_dir = /x', 'log_dir = /var/log/kolla'));
  const first = await assertIdempotent(b.host, iniFileModule, args, b.dir);
  assert.equal(first.result.msg, 'option changed');
  assert.equal(first.result.path, `${b.dir}/i`);
});

test('new section with a mode, no_extra_spaces, option and section removal', async () => {
  const added = await assertIdempotent(b.host, iniFileModule, { path: `${b.dir}/i`, section: 'cache', option: 'backend', value: 'memcache', mode: '0640' }, b.dir);
  assert.equal(added.result.msg, 'section and option added');
  assert.equal(added.result.mode, '0640');
  await assertIdempotent(b.host, iniFileModule, { path: `${b.dir}/i`, section: 'database', option: 'connection', value: 'mysql://db', no_extra_spaces: true }, b.dir);
  await assertIdempotent(b.host, iniFileModule, { path: `${b.dir}/i`, section: 'DEFAULT', option: 'debug', state: 'absent' }, b.dir);
  const removed = await assertIdempotent(b.host, iniFileModule, { path: `${b.dir}/i`, section: 'cache', state: 'absent' }, b.dir);
  assert.equal(removed.result.msg, 'section removed');
  assert.equal(await b.host.sh(`cat ${b.dir}/i`), '# kolla\n[DEFAULT]\nlog_dir = /var/log/kolla\n# log_dir = /x\n\n[database]\nconnection=mysql://db\n'.replace('log_dir = /var/log/kolla\n# log_dir = /x', 'log_dir = /var/log/kolla'));
});

test('create, and a missing file with create=false', async () => {
  const created = await assertIdempotent(b.host, iniFileModule, { path: `${b.dir}/new.ini`, section: 's', option: 'k', value: 'v' }, b.dir);
  assert.equal(created.result.msg, 'section and option added');
  const missing = await b.host.run(iniFileModule, { path: `${b.dir}/none.ini`, section: 's', option: 'k', value: 'v', create: false });
  assert.equal(missing.result.msg, `Destination ${b.dir}/none.ini does not exist!`);
});

test('invalid parameters are refused by the schema', async () => {
  await assertRejected(b.host, iniFileModule, { path: `${b.dir}/i`, section: 's', option: 'k' }, 'value');
  await assertRejected(b.host, iniFileModule, { path: `${b.dir}/i`, section: 's', option: 'k', value: 'v', values: ['w'] }, 'value');
  await assertRejected(b.host, iniFileModule, { path: `${b.dir}/i`, section: 's', option: 'k', value: 'v', spaces: false }, 'spaces');
});
