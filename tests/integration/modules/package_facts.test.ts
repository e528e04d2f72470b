/** package_facts on a real Debian host: apt's view (python3-apt), else dpkg's database, as Ansible's packages fact; changes nothing, in check mode too. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageFactsModule, parseDpkg, parsePackages } from '../../../src/modules/package_facts.js';
import { assertRejected, bench } from './helpers.js';

const b = bench('package_facts');

test('every installed package, name -> [{name, version, arch, category, origin, source}], as dpkg reports it', async () => {
  for (const check of [false, true]) {
    const r = await b.host.run(packageFactsModule, {}, { check });
    assert.equal(r.status, 'ok');
    const packages = (r.result.ansible_facts as { packages: Record<string, Record<string, unknown>[]> }).packages;
    const version = (await b.host.sh("dpkg-query -W -f='${Version}' openssh-server")).trim();
    const arch = (await b.host.sh('dpkg --print-architecture')).trim();
    // origin: '' unless the host's apt lists name the repository (the differential case compares it with Ansible's).
    const origin = packages['openssh-server']?.[0]?.origin;
    assert.equal(typeof origin, 'string');
    assert.deepEqual(packages['openssh-server'], [{ name: 'openssh-server', version, arch, category: 'net', origin, source: 'apt' }]);
    assert.equal(packages['git']?.[0]?.name, 'git');
    assert.equal(Object.keys(packages).length, Number((await b.host.sh("dpkg-query -W -f='${db:Status-Status}\\n' | grep -c '^installed$'")).trim()));
  }
});

test('removed packages (config files left) are not installed; foreign architectures are keyed name:arch', () => {
  const out = 'amd64\nfoo\t1.0\tamd64\tutils\tinstalled\nold\t2\tamd64\tadmin\tconfig-files\nlibx\t3\ti386\tlibs\tinstalled\ndoc\t4\tall\tdoc\tinstalled\n';
  assert.deepEqual(Object.keys(parseDpkg(out)), ['doc', 'foo', 'libx:i386']);
});

test("python3-apt's JSON is read as it is; dpkg's lines when the host has no python3-apt", () => {
  const apt = { 'lsb-base': [{ name: 'lsb-base', version: '11.6', arch: 'all', category: 'oldlibs', origin: 'Debian', source: 'apt' }] };
  assert.deepEqual(parsePackages(JSON.stringify(apt)), apt);
  assert.deepEqual(Object.keys(parsePackages('amd64\nfoo\t1.0\tamd64\tutils\tinstalled\n')), ['foo']);
});

test('a manager the host does not have fails with the module\'s message; bad parameters are refused', async () => {
  const r = await b.host.run(packageFactsModule, { manager: ['rpm'] });
  assert.equal(r.status, 'failed');
  assert.match(String(r.result.msg), /^Could not detect a supported package manager from the following list: \['rpm'\]/);
  await assertRejected(b.host, packageFactsModule, { manager: 'yum' }, 'manager');
});
