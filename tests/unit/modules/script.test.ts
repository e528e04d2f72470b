/** script on this machine: a controller file run on the host with its arguments, creates/removes, chdir, rc. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { splitScript } from '../../../src/modules/script.js';
import { assertChangesOnce, localModuleHost, localSnapshot, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
beforeEach(async () => {
  h = await localModuleHost();
  await h.source('files', 'args.sh', '#!/bin/sh\nfor a in "$@"; do printf "[%s]" "$a"; done; pwd >&2\n');
});
afterEach(() => h.close());

test('the first word is the path (quoted when it has a space), the rest stays shell text', () => {
  assert.deepEqual(splitScript('files/x.sh --a "b c"'), { path: 'files/x.sh', args: '--a "b c"' });
  assert.deepEqual(splitScript("'my dir/x.sh' 1"), { path: 'my dir/x.sh', args: '1' });
});

test('arguments are shell words, as Ansible passes them', async () => {
  const r = await h.run('script', { _raw_params: `args.sh one "two three" 'it'"'"'s'` });
  assert.equal(r.status, 'changed');
  assert.equal(r.result.stdout, "[one][two three][it's]");
  assert.equal(r.result.rc, 0);
});

test('chdir runs it in that folder (one with a space)', async () => {
  await h.write('run here/.keep', '');
  const r = await h.run('script', { cmd: 'args.sh', chdir: h.path('run here') });
  assert.equal(String(r.result.stderr).trim(), h.path('run here'));
});

test('a non-zero rc fails the task and keeps the output', async () => {
  await h.source('files', 'fail.sh', '#!/bin/sh\necho partial\nexit 4\n');
  const r = await h.run('script', { _raw_params: 'fail.sh' });
  assert.equal(r.status, 'failed');
  assert.deepEqual([r.result.rc, r.result.stdout, r.result.msg], [4, 'partial\n', 'non-zero return code']);
});

test('without creates or removes check mode skips it and runs nothing', async () => {
  await h.source('files', 'touch.sh', `#!/bin/sh\ntouch '${h.path('t')}'\n`);
  const before = await localSnapshot(h.root);
  for (const diff of [true, false]) assert.equal((await h.run('script', { _raw_params: 'touch.sh' }, { check: true, diff })).status, 'skipped');
  assert.equal(await localSnapshot(h.root), before);
});

test('creates: runs once, then is skipped', async () => {
  const marker = h.path("mark it's");
  await h.source('files', 'mark.sh', `#!/bin/sh\necho x > "$1"\n`);
  await assertChangesOnce(h, 'script', { _raw_params: `mark.sh '${marker.replace(/'/g, `'"'"'`)}'`, creates: marker }, { inCheck: 'changed', again: 'skipped' });
  const again = await h.run('script', { _raw_params: 'mark.sh /dev/null', creates: marker });
  assert.equal(again.result.msg, `${marker} exists, matching creates option`);
});

test('removes: skipped while the path is absent', async () => {
  const r = await h.run('script', { _raw_params: 'args.sh', removes: h.path('none') });
  assert.equal(r.result.msg, `${h.path('none')} does not exist, matching removes option`);
  assert.equal(r.result.skipped, true);
});

test('removes: runs while the path is there', async () => {
  const present = await h.write('present', '');
  const r = await h.run('script', { _raw_params: 'args.sh', removes: present });
  assert.equal(r.status, 'changed');
});
