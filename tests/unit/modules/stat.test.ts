/** stat on this machine: what Ansible reports for a file, a folder, a link and nothing; never a change. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { symlink } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { assertReadOnly, localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
});
afterEach(() => h.close());

const statOf = async (args: Record<string, unknown>) => (await assertReadOnly(h, 'stat', args)).result.stat as Record<string, unknown>;

test("a file named with a space and a quote: mode as '0640', size, sha1, permission bits", async () => {
  const path = await h.write("a b'c", 'hello\n', 0o640);
  const st = await statOf({ path });
  assert.equal(st.exists, true);
  assert.equal(st.isreg, true);
  assert.equal(st.mode, '0640');
  assert.equal(st.size, 6);
  assert.equal(st.checksum, createHash('sha1').update('hello\n').digest('hex'));
  assert.deepEqual([st.rusr, st.wusr, st.xusr, st.rgrp, st.wgrp, st.roth], [true, true, false, true, false, false]);
});

test('an empty file still has a checksum; get_checksum: no leaves it out', async () => {
  const path = await h.write('empty', '');
  assert.equal((await statOf({ path })).checksum, createHash('sha1').update('').digest('hex'));
  assert.equal('checksum' in (await statOf({ path, get_checksum: false })), false);
});

test('a missing path: exists false and nothing else', async () => {
  assert.deepEqual(await statOf({ path: h.path('none') }), { exists: false });
});

test('a folder: isdir, no checksum', async () => {
  await h.write('d/f', 'x');
  const st = await statOf({ path: h.path('d') });
  assert.equal(st.isdir, true);
  assert.equal(st.isreg, false);
  assert.equal('checksum' in st, false);
});

test('a link: islnk and its target unless follow, then the target itself', async () => {
  const target = await h.write('t', 'x', 0o600);
  await symlink('t', h.path('l'));
  const link = await statOf({ path: h.path('l') });
  assert.equal(link.islnk, true);
  assert.equal(link.lnk_target, 't');
  assert.equal(link.lnk_source, target);
  const followed = await statOf({ path: h.path('l'), follow: true });
  assert.equal(followed.islnk, false);
  assert.equal(followed.mode, '0600');
});

test('setuid and sticky bits show in the four-digit mode', async () => {
  const path = await h.write('s', 'x', 0o4755);
  const st = await statOf({ path });
  assert.equal(st.mode, '4755');
  assert.equal(st.isuid, true);
});

test('a host without file(1): mimetype and charset unknown, as Ansible reports them', async () => {
  const path = await h.write('f', 'x\n');
  // The host's answers with file(1)'s line taken out, as a host without it answers.
  const ctx: ModuleContext = { ...h.ctx, run: async (command, options) => {
    const r = await h.ctx.run(command, options);
    return { ...r, stdout: r.stdout.split('\n').filter((line) => !line.startsWith('F\t')).join('\n') };
  } };
  const r = await runModule(await h.module('stat'), { path }, ctx, { check: false, diff: false });
  const st = r.result.stat as Record<string, unknown>;
  assert.deepEqual([st.exists, st.mimetype, st.charset], [true, 'unknown', 'unknown']);
});
