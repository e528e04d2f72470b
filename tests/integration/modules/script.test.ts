import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { scriptCommand, scriptModule, splitScript } from '../../../src/modules/script.js';
import { moduleHost, type ModuleHost } from '../../support/module-host.js';

let host: ModuleHost;
let local = '';
const dir = `/tmp/kr-script-${process.pid}`;
before(async () => {
  host = await moduleHost(2);
  local = await mkdtemp(join(tmpdir(), 'kr-script-'));
  await writeFile(join(local, 'make.sh'), '#!/bin/sh\nset -e\nmkdir -p "$1"\necho "made $1 in $(pwd)"\necho warn >&2\ntouch "$1/done"\n');
  await writeFile(join(local, 'fail.sh'), 'echo about to fail\nexit 3\n');
  await writeFile(join(local, 'hello.py'), 'import sys\nprint("py", sys.argv[1])\n');
});
after(async () => {
  await host.sh(`rm -rf ${dir}; ls -A /tmp | grep -c '^.kolla-run-script' || true`);
  await rm(local, { recursive: true, force: true });
  await host.close();
});

test('runs with arguments and chdir; creates skips a second run; check mode reports the change creates allows', { timeout: 60_000 }, async () => {
  const args = { _raw_params: `${local}/make.sh ${dir}/out`, creates: `${dir}/out/done` };
  const checked = await host.run(scriptModule, args, { check: true });
  assert.equal(checked.status, 'changed');
  assert.equal((await host.run(scriptModule, { _raw_params: `${local}/make.sh ${dir}/out` }, { check: true })).status, 'skipped', 'without creates/removes check mode skips');
  assert.equal(await host.sh(`[ -e ${dir} ] && echo yes || echo no`), 'no\n');
  await host.sh(`mkdir -p ${dir}`);
  const first = await host.run(scriptModule, { ...args, chdir: dir });
  assert.equal(first.status, 'changed', JSON.stringify(first.result));
  assert.equal(first.result.rc, 0);
  assert.deepEqual(first.result.stdout_lines, [`made ${dir}/out in ${dir}`]);
  assert.deepEqual(first.result.stderr_lines, ['warn']);
  const second = await host.run(scriptModule, args);
  assert.equal(second.status, 'skipped');
  assert.equal(second.result.msg, `${dir}/out/done exists, matching creates option`);
  assert.equal(await host.sh(`ls -A \${TMPDIR:-/tmp} | grep '^.kolla-run-script' || true`), '', 'the temporary copy is removed');
});

test('a failing script: failed with rc and output; executable runs another interpreter', { timeout: 60_000 }, async () => {
  const failed = await host.run(scriptModule, { cmd: `${local}/fail.sh` });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.result.rc, 3);
  assert.equal(failed.result.msg, 'non-zero return code');
  assert.equal(failed.result.stdout, 'about to fail\n');
  const py = await host.run(scriptModule, { _raw_params: `${local}/hello.py "a b"`, executable: 'python3' });
  assert.equal(py.result.stdout, 'py a b\n');
});

test('command construction: quoted interpreter, args kept as shell text', () => {
  assert.deepEqual(splitScript(`'files/my script.sh' --name "x y"`), { path: 'files/my script.sh', args: '--name "x y"' });
  assert.deepEqual(splitScript('files/a.sh'), { path: 'files/a.sh', args: '' });
  assert.match(scriptCommand('--x', '/usr/bin/env python3').toDisplay(), /\n\/usr\/bin\/env python3 "\$t" --x <\/dev\/null/);
});

test('invalid parameters are rejected naming the parameter', async () => {
  assert.match(String((await host.run(scriptModule, {})).result.msg), /cmd|script path/);
  assert.match(String((await host.run(scriptModule, { cmd: 'x.sh', args: '1' })).result.msg), /"args"/);
});
