/** ini_file: the line edit (pure, community.general's do_ini), then the module on this machine. */
import assert from 'node:assert/strict';
import { chown, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { doIni, iniFileParams } from '../../../src/modules/ini_file.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

const ini = (text: string | undefined, args: Record<string, unknown>) => doIni(text, iniFileParams.parse({ path: '/x', ...args }));

describe('ini_file: the edit', () => {
  test('an option added to its section, before the blank and comment lines that end it', () => {
    assert.deepEqual(ini('[a]\nx = 1\n\n# c\n[b]\n', { section: 'a', option: 'y', value: '2' }), { text: '[a]\nx = 1\ny = 2\n\n# c\n[b]\n', changed: true, msg: 'option added' });
  });

  test('a value already set is no change; a different one is replaced in place', () => {
    assert.deepEqual(ini('[a]\nx = 1\n', { section: 'a', option: 'x', value: '1' }), { text: '[a]\nx = 1\n', changed: false, msg: 'OK' });
    assert.deepEqual(ini('[a]\nx = 1\nz = 3\n', { section: 'a', option: 'x', value: 2 }), { text: '[a]\nx = 2\nz = 3\n', changed: true, msg: 'option changed' });
  });

  test('spacing counts: "x=1" is rewritten as "x = 1" unless no_extra_spaces', () => {
    assert.equal(ini('[a]\nx=1\n', { section: 'a', option: 'x', value: '1' }).changed, true);
    assert.equal(ini('[a]\nx=1\n', { section: 'a', option: 'x', value: '1', no_extra_spaces: true }).changed, false);
  });

  test('an option with regex characters matches only itself', () => {
    assert.equal(ini('[a]\naxb = 1\n', { section: 'a', option: 'a.b', value: '1' }).text, '[a]\naxb = 1\na.b = 1\n');
  });

  test('a commented-out option is replaced where it is', () => {
    assert.equal(ini('[a]\n# x = 0\nz = 1\n', { section: 'a', option: 'x', value: '5' }).text, '[a]\nx = 5\nz = 1\n');
  });

  test('a missing section is added at the end; a file without its last newline gets one', () => {
    assert.deepEqual(ini('[a]\nx = 1', { section: 'b', option: 'y', value: '2' }), { text: '[a]\nx = 1\n[b]\ny = 2\n', changed: true, msg: 'section and option added' });
    assert.deepEqual(ini(undefined, { section: 'b', option: 'y', value: '2' }), { text: '\n[b]\ny = 2\n', changed: true, msg: 'section and option added' });
  });

  test('absent removes the option, or the whole section without an option', () => {
    assert.equal(ini('[a]\nx = 1\ny = 2\n', { section: 'a', option: 'x', state: 'absent' }).text, '[a]\ny = 2\n');
    assert.deepEqual(ini('[a]\nx = 1\n[b]\ny = 2\n', { section: 'a', state: 'absent' }), { text: '[b]\ny = 2\n', changed: true, msg: 'section removed' });
    assert.equal(ini('[a]\ny = 2\n', { section: 'a', option: 'x', state: 'absent' }).changed, false);
  });

  test('a section whose name is a prefix of another is not that section', () => {
    assert.equal(ini('[ab]\nx = 1\n', { section: 'a', option: 'x', value: '1' }).text, '[ab]\nx = 1\n[a]\nx = 1\n');
  });
});

describe('ini_file: on a host', () => {
  let h: LocalModuleHost;
  beforeEach(async () => {
    h = await localModuleHost();
  });
  afterEach(() => h.close());

  test('set an option in a file with a space in its name', async () => {
    const path = await h.write('my conf.ini', '[DEFAULT]\ndebug = False\n');
    const first = await assertChangesOnce(h, 'ini_file', { path, section: 'DEFAULT', option: 'debug', value: true });
    assert.equal(first.result.msg, 'option changed');
    assert.equal(await h.read('my conf.ini'), '[DEFAULT]\ndebug = True\n');
  });

  test('a new file is created (create defaults to yes) with the mode asked', async () => {
    const path = h.path('dir', 'new.ini');
    const first = await assertChangesOnce(h, 'ini_file', { path, section: 's', option: 'k', value: 'v', mode: '0600' });
    assert.equal(first.result.mode, '0600');
    assert.equal(await h.read('dir/new.ini'), '\n[s]\nk = v\n');
    assert.equal((await h.sh(`stat -c %a '${path}'`)).trim(), '600');
  });

  test('create: no on a missing file fails and makes nothing', async () => {
    const before = await localSnapshot(h.root);
    const r = await h.run('ini_file', { path: h.path('none.ini'), section: 's', option: 'k', value: 'v', create: false });
    assert.equal(r.status, 'failed');
    assert.equal(r.result.msg, `Destination ${h.path('none.ini')} does not exist!`);
    assert.equal(r.result.rc, 257);
    assert.equal(await localSnapshot(h.root), before);
  });

  test('a new file: the result names the owner, group and mode it was born with; backup: yes answers an empty backup_file', async () => {
    const path = h.path('born.ini');
    const r = await h.run('ini_file', { path, section: 's', option: 'k', value: 'v', backup: true });
    assert.equal(r.status, 'changed');
    const me = userInfo();
    const mode = (0o666 & ~process.umask()).toString(8).padStart(4, '0');
    const group = (await h.sh('id -gn')).trim();
    assert.deepEqual(r.result, { changed: true, msg: 'section and option added', path, uid: me.uid, gid: me.gid, owner: me.username, group, mode, state: 'file', size: 11, backup_file: '' });
  });

  test('the owner and group in the result: the file\'s own, or the ones asked for', async () => {
    const path = await h.write('theirs.ini', '[s]\nk = 1\n');
    await chown(path, 65534, 65534);
    const own = await h.run('ini_file', { path, section: 's', option: 'k', value: '2' });
    const named = (await h.sh('stat -c %U:%G ' + path)).trim().split(':');
    assert.deepEqual([own.result.owner, own.result.group, own.result.uid, own.result.gid], [...named, 65534, 65534]);
    assert.equal(own.result.backup_file, undefined);
    const asked = await h.run('ini_file', { path, section: 's', option: 'k', value: '3', owner: 'root', group: 'root' });
    assert.deepEqual([asked.result.owner, asked.result.group, asked.result.uid, asked.result.gid], ['root', 'root', 0, 0]);
    const backed = await h.run('ini_file', { path, section: 's', option: 'k', value: '4', backup: true });
    assert.equal(await readFile(String(backed.result.backup_file), 'utf8'), '[s]\nk = 3\n');
  });
});

describe('ini_file: its parameters, as Ansible checks them', () => {
  const error = (args: Record<string, unknown>) => {
    const r = iniFileParams.safeParse({ path: '/x', section: 's', option: 'k', ...args });
    return r.success ? undefined : r.error.issues.map((i) => i.message).join('; ');
  };
  const NEED_VALUE = "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.";

  test('value and values together are refused', () => {
    assert.equal(error({ value: '1', values: ['2'] }), 'parameters are mutually exclusive: value|values');
  });

  test('present needs a value or a non-empty values, unless allow_no_value or absent', () => {
    assert.equal(error({}), NEED_VALUE);
    assert.equal(error({ values: [] }), NEED_VALUE);
    assert.equal(error({ values: ['1'] }), undefined);
    assert.equal(error({ value: '' }), undefined);
    assert.equal(error({ allow_no_value: true }), undefined);
    assert.equal(error({ state: 'absent' }), undefined);
  });

  test('an empty path is refused', () => {
    assert.notEqual(error({ path: '', value: '1' }), undefined);
  });
});
