/**
 * package_facts on a scripted host, answered with the real output on this
 * machine (Debian 12) of the module's python3-apt script and of its
 * dpkg-query fallback. The proof against ansible-playbook is the
 * differential test's package-facts case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageFactsModule } from '../../../src/modules/package_facts.js';
import { scriptedHost } from '../../support/scripted-host.js';

const READ = /^if python3 -c 'import apt' 2>\/dev\/null; then python3 -; else dpkg --print-architecture && dpkg-query -W /;

/** The module's python3-apt script's output here, for three packages (libc6's origin from the lists). */
const APT_JSON = JSON.stringify({
  tzdata: [{ name: 'tzdata', version: '2025b-0+deb12u2', arch: 'all', category: 'localization', origin: '', source: 'apt' }],
  bash: [{ name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', category: 'shells', origin: '', source: 'apt' }],
  libc6: [{ name: 'libc6', version: '2.36-9+deb12u14', arch: 'amd64', category: 'libs', origin: 'Debian', source: 'apt' }],
});

test('python3-apt on the host: its view registered as the packages fact, sorted by name; the script goes on stdin; nothing written', async () => {
  const h = scriptedHost().on(READ, { stdout: `${APT_JSON}\n` });
  for (const check of [true, false]) {
    const out = await h.run(packageFactsModule, {}, { check });
    assert.equal(out.status, 'ok');
    const packages = (out.result.ansible_facts as { packages: Record<string, unknown[]> }).packages;
    assert.deepEqual(Object.keys(packages), ['bash', 'libc6', 'tzdata']);
    assert.deepEqual(packages.libc6, [{ name: 'libc6', version: '2.36-9+deb12u14', arch: 'amd64', category: 'libs', origin: 'Debian', source: 'apt' }]);
  }
  assert.match(h.runs[0]?.stdin ?? '', /cache = apt\.Cache\(\)/);
  assert.deepEqual(h.writes(), []);
});

test("without python3-apt, dpkg's database: a foreign architecture is part of the name, config-files packages are not installed", async () => {
  const dpkg = 'amd64\nbase-files\t12.4+deb12u11\tamd64\tadmin\tinstalled\nbash\t5.2.15-2+b8\tamd64\tshells\tinstalled\nlibc6\t2.36-9+deb12u14\ti386\tlibs\tinstalled\n'
    + 'tzdata\t2025b-0+deb12u2\tall\tlocalization\tinstalled\nvim\t2:9.0.1378-2\tamd64\teditors\tconfig-files\nlibfoo\t1.0\tamd64\tlibs\thalf-configured\n';
  const h = scriptedHost().on(READ, { stdout: dpkg });
  const packages = ((await h.run(packageFactsModule, { manager: 'apt' })).result.ansible_facts as { packages: Record<string, unknown[]> }).packages;
  assert.deepEqual(Object.keys(packages), ['base-files', 'bash', 'libc6:i386', 'libfoo', 'tzdata']);
  assert.deepEqual(packages['libc6:i386'], [{ name: 'libc6:i386', version: '2.36-9+deb12u14', arch: 'i386', category: 'libs', origin: '', source: 'apt' }]);
  assert.deepEqual(packages.tzdata, [{ name: 'tzdata', version: '2025b-0+deb12u2', arch: 'all', category: 'localization', origin: '', source: 'apt' }]);
});

test('a manager other than apt or auto is not looked for: the failure lists them in Python syntax, nothing run', async () => {
  const h = scriptedHost();
  const out = await h.run(packageFactsModule, { manager: 'rpm,pacman' });
  assert.equal(out.status, 'failed');
  assert.equal(out.result.msg, "Could not detect a supported package manager from the following list: ['rpm', 'pacman'], or the required Python library is not installed. Check warnings for details.");
  assert.deepEqual(h.commands(), []);
  const broken = scriptedHost().on(READ, { rc: 127, stderr: 'sh: 1: dpkg: not found\n' });
  assert.equal((await broken.run(packageFactsModule, {})).status, 'failed');
});
