/**
 * Sources and pattern terms at the edges the fixtures leave open, each
 * checked with ansible-inventory / ansible --list-hosts 2.14: ports on
 * ranges, a YAML file that holds nothing, a group and a host of one name,
 * runtime groups, empty patterns and limits, Python regex flags.
 */
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { loadInventory, selectHosts, splitHostPattern } from '../../../src/inventory/index.js';
import { tempTreeSync } from '../../support/temp-dir.js';

const scratch = (files: Record<string, string>): string => tempTreeSync('kolla-run-inv-terms-', files);

describe('sources', () => {
  test('an inline host list takes a range with a port verbatim, as one host', async () => {
    const inv = await loadInventory(['h[1:2]:22,'], { cwd: scratch({}) });
    assert.deepEqual(inv.hostNames, ['h[1:2]:22']);
    assert.equal(inv.hostVars('h[1:2]:22')['ansible_port'], undefined);
  });

  test('a YAML host key may be a range with a port', async () => {
    const inv = await loadInventory(['h.yml'], { cwd: scratch({ 'h.yml': 'all:\n  hosts:\n    w[1:2]:2222:\n' }) });
    assert.deepEqual(inv.hostNames, ['w1', 'w2']);
    assert.equal(inv.hostVars('w2')['ansible_port'], 2222);
  });

  test('a bad range in a YAML host key is an error at that key', async () => {
    const dir = scratch({ 'h.yml': 'g:\n  hosts:\n    h[1:x]:\n' });
    await assert.rejects(loadInventory(['h.yml'], { cwd: dir }), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.reason, /invalid number "x" in host range/);
      assert.equal(e.location.line, 3);
      return true;
    });
  });

  test('a file without extension whose YAML is a bare null is read as INI', async () => {
    const inv = await loadInventory(['hosts'], { cwd: scratch({ hosts: 'null\n' }) });
    assert.deepEqual(inv.hostNames, ['null']);
  });

  test('unknown keys of a YAML group are warned about, known ones are not', async () => {
    const inv = await loadInventory(['h.yml'], { cwd: scratch({ 'h.yml': 'k:\n  hosts:\n    h1:\n  vars:\n    a: 1\n  colour: blue\n' }) });
    assert.deepEqual(inv.warnings.map((w) => w.replace(/^.*: /, '')), ['skipping unexpected key "colour" in group "k"']);
  });

  test('an empty group_vars file holds no variables', async () => {
    const inv = await loadInventory(['hosts'], { cwd: scratch({ hosts: '[g]\nh\n', 'group_vars/g.yml': '' }) });
    assert.deepEqual(inv.hostVarsLayers('h').groupVarsFiles, {});
  });

  test('a file of a directory source that cannot be read is an error naming why', async () => {
    const dir = scratch({ 'inv/a': '[g]\nh\n' });
    symlinkSync(join(dir, 'missing'), join(dir, 'inv', 'b'));
    await assert.rejects(loadInventory(['inv'], { cwd: dir }), (e: unknown) => e instanceof InputError && /ENOENT/.test(e.reason));
  });
});

describe('pattern terms', () => {
  test('a range with a port is one term', () => assert.deepEqual(splitHostPattern('web[1:3]:22'), ['web[1:3]:22']));

  const groupAndHost = async () => loadInventory(['hosts'], { cwd: scratch({ hosts: 'g\n[g]\nh1\n' }) });
  test('a term that names a group takes its hosts only, not a host of the same name', async () => {
    const inv = await groupAndHost();
    assert.deepEqual(selectHosts(inv, 'all:!g').hosts, ['g']);
  });
  test('a glob takes the groups it matches and the hosts it matches', async () => {
    const inv = await groupAndHost();
    assert.deepEqual(selectHosts(inv, 'g*').hosts, ['h1', 'g']);
    assert.deepEqual(selectHosts(inv, '~g').hosts, ['h1', 'g']);
  });
  test('a group made at run time counts as a group: hosts of its name are not looked at', async () => {
    const inv = await loadInventory(['hosts'], { cwd: scratch({ hosts: 'u1\nrt\n' }) });
    const runtimeGroups = new Map([['rt', ['u1']]]);
    assert.deepEqual(selectHosts(inv, 'all:!rt', undefined, { runtimeGroups }).hosts, ['rt']);
  });

  test('an empty pattern selects nothing; an empty limit limits nothing; a limit may be a list', async () => {
    const inv = await groupAndHost();
    assert.deepEqual(selectHosts(inv, '').hosts, []);
    assert.deepEqual(selectHosts(inv, 'all', '').hosts, ['g', 'h1']);
    assert.deepEqual(selectHosts(inv, 'all', ['h1']).hosts, ['h1']);
  });

  test('a Python regex flag JavaScript lacks is ignored: (?a)', async () => {
    const inv = await groupAndHost();
    assert.deepEqual(selectHosts(inv, '~(?a)h').hosts, ['h1']);
  });

  test('[x-y] subscripts work, with a warning to write [x:y]', async () => {
    const inv = await loadInventory(['hosts'], { cwd: scratch({ hosts: '[g]\na\nb\nc\n' }) });
    const r = selectHosts(inv, 'g[0-1]');
    assert.deepEqual(r.hosts, ['a', 'b']);
    assert.ok(r.warnings.some((w) => /use \[x:y\] inclusive subscripts/.test(w)), r.warnings.join('; '));
    assert.deepEqual(selectHosts(inv, 'g[0:1]').warnings, []);
  });
});
