/** package_facts on a real Debian host: dpkg's database as Ansible's packages fact; changes nothing, in check mode too. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageFactsModule, parseDpkg } from '../../../src/modules/package_facts.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('package_facts');

test('every installed package, name -> [{name, version, arch, category, origin, source}], as dpkg reports it', async () => {
  for (const check of [false, true]) {
    const r = await b.host.run(packageFactsModule, {}, { check });
    assert.equal(r.status, 'ok');
    const packages = (r.result.ansible_facts as { packages: Record<string, Record<string, unknown>[]> }).packages;
    const version = (await b.host.sh("dpkg-query -W -f='${Version}' openssh-server")).trim();
    const arch = (await b.host.sh('dpkg --print-architecture')).trim();
    assert.deepEqual(packages['openssh-server'], [{ name: 'openssh-server', version, arch, category: 'net', origin: '', source: 'apt' }]);
    assert.equal(packages['git']?.[0]?.name, 'git');
    assert.equal(Object.keys(packages).length, Number((await b.host.sh("dpkg-query -W -f='${db:Status-Status}\\n' | grep -c '^installed$'")).trim()));
  }
});

test('removed packages (config files left) are not installed; foreign architectures are keyed name:arch', () => {
  const out = 'amd64\nfoo\t1.0\tamd64\tutils\tinstalled\nold\t2\tamd64\tadmin\tconfig-files\nlibx\t3\ti386\tlibs\tinstalled\ndoc\t4\tall\tdoc\tinstalled\n';
  assert.deepEqual(Object.keys(parseDpkg(out)), ['doc', 'foo', 'libx:i386']);
});

test('a manager the host does not have fails with the module\'s message; bad parameters are refused', async () => {
  const r = await b.host.run(packageFactsModule, { manager: ['rpm'] });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^Could not detect a supported package manager from the following list: \['rpm'\]/);
  await assertRejected(b.host, packageFactsModule, { manager: 'yum' }, 'manager');
});
