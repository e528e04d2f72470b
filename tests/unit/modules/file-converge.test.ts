/**
 * file's converge (the probe and the common changes in one command) against
 * its query-then-apply, over the states the shell decides and those it
 * leaves to apply (tests/support/converge-differential.ts); then the
 * commands: a missing directory or a mode costs one round trip.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { fileModule } from '../../../src/modules/file.js';
import { caseFolder, convergeDifferential, countingContext, type ConvergeCase } from '../../support/converge-differential.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const CASES: ConvergeCase[] = [
  { name: 'a missing directory and its parents, with a mode', args: { path: '@/a/b/c', state: 'directory', mode: '0750' }, status: 'changed' },
  { name: 'a missing directory, owner and group by name', args: { path: '@/new', state: 'directory', owner: 'nobody', group: 'nogroup', mode: 0o711 }, status: 'changed' },
  { name: 'a directory whose mode differs', setup: 'mkdir -m 700 "$D/d"', args: { path: '@/d', state: 'directory', mode: '755' }, status: 'changed' },
  { name: 'a directory as wanted', setup: 'mkdir -m 755 "$D/d"', args: { path: '@/d', state: 'directory', mode: '0755', owner: '0' }, status: 'ok' },
  { name: 'a directory whose group differs, owner as it is', setup: 'mkdir "$D/d"', args: { path: '@/d', state: 'directory', owner: 'root', group: 'nogroup' }, status: 'changed' },
  { name: 'a file whose owner and group differ', setup: 'touch "$D/f"', args: { path: '@/f', state: 'file', owner: 'nobody', group: '65534' }, status: 'changed' },
  { name: 'a file whose owner alone differs', setup: 'touch "$D/f"; chgrp nogroup "$D/f"', args: { path: '@/f', owner: 'nobody', group: 'nogroup' }, status: 'changed' },
  { name: 'a file, no state, mode 0600', setup: 'echo x > "$D/f"; chmod 644 "$D/f"', args: { path: '@/f', mode: '0600' }, status: 'changed' },
  { name: 'a file with a second hard link (state hard, left to apply)', setup: 'touch "$D/f"; ln "$D/f" "$D/g"', args: { path: '@/f', mode: '0600' }, status: 'changed' },
  { name: 'a link to a directory is followed (left to apply)', setup: 'mkdir -m 700 "$D/t"; ln -s t "$D/l"', args: { path: '@/l', state: 'directory', mode: '0755' }, status: 'changed' },
  { name: 'an unknown owner changes nothing', setup: 'touch "$D/f"; chmod 600 "$D/f"', args: { path: '@/f', owner: 'no-such-user-kr', mode: '0644' }, status: 'failed' },
  { name: 'an unknown group on a missing directory makes nothing', args: { path: '@/x', state: 'directory', group: 'no-such-group-kr' }, status: 'failed' },
  { name: 'state=directory on a file', setup: 'touch "$D/f"', args: { path: '@/f', state: 'directory', mode: '0755' }, status: 'failed' },
  { name: 'state=file on nothing', args: { path: '@/none', state: 'file', mode: '0644' }, status: 'failed' },
  { name: 'a directory below a file', setup: 'touch "$D/f"', args: { path: '@/f/sub', state: 'directory' }, status: 'failed' },
  { name: 'a directory with a space and a quote', args: { path: "@/it's a/dir", state: 'directory', mode: '0700' }, status: 'changed' },
  // GNU chmod keeps a directory's setgid under a four-digit mode; Ansible's os.chmod does not.
  { name: 'a setgid directory given mode 0755', setup: 'mkdir "$D/d"; chmod 2755 "$D/d"', args: { path: '@/d', state: 'directory', mode: '0755' }, status: 'changed', modes: { d: 0o755 } },
  { name: 'new directories below a setgid one, with a mode', setup: 'mkdir "$D/p"; chmod 2775 "$D/p"', args: { path: '@/p/a/b', state: 'directory', mode: '0750' }, status: 'changed', modes: { 'p/a': 0o750, 'p/a/b': 0o750 } },
  { name: 'a new directory below a setgid one, with the umask mode', setup: 'mkdir "$D/p"; chmod 2775 "$D/p"', args: { path: '@/p/a', state: 'directory', mode: '0755' }, status: 'changed', modes: { 'p/a': 0o755 } },
  { name: 'a new directory below a setgid one, no mode, keeps setgid', setup: 'mkdir "$D/p"; chmod 2775 "$D/p"', args: { path: '@/p/a', state: 'directory' }, status: 'changed', modes: { 'p/a': 0o2755 } },
  // chown drops setuid and setgid; Ansible compares the mode after it and sets it again.
  { name: 'a setuid file given a new owner and its own mode', setup: 'touch "$D/f"; chmod 6750 "$D/f"', args: { path: '@/f', owner: 'nobody', mode: '06750' }, status: 'changed', modes: { f: 0o6750 } },
  { name: 'a setuid file given a new group, no mode', setup: 'touch "$D/f"; chmod 6750 "$D/f"', args: { path: '@/f', group: 'nogroup' }, status: 'changed', modes: { f: 0o750 } },
  { name: 'a file whose mode alone differs, plain mode (info without a stat)', setup: 'echo abc > "$D/f"; chmod 640 "$D/f"', args: { path: '@/f', state: 'file', mode: 0o604 }, status: 'changed' },
  { name: 'a missing directory, owner alone, no mode', args: { path: '@/o/p', state: 'directory', owner: 'nobody' }, status: 'changed' },
  { name: 'a missing sticky directory', args: { path: '@/s', state: 'directory', mode: '01777' }, status: 'changed', modes: { s: 0o1777 } },
  { name: 'a file whose owner alone and mode differ', setup: 'echo x > "$D/f"; chmod 644 "$D/f"', args: { path: '@/f', owner: 'nobody', mode: '0600' }, status: 'changed' },
  { name: 'a file whose group alone and mode differ', setup: 'echo x > "$D/f"; chmod 644 "$D/f"', args: { path: '@/f', group: 'nogroup', mode: '0600' }, status: 'changed' },
  // What the shell must leave to query-then-apply: a tree, a removal, a src, a missing path with no state.
  { name: 'a tree given an octal mode with recurse', setup: 'mkdir -p "$D/r/s"; touch "$D/r/s/f"; chmod 600 "$D/r/s/f"', args: { path: '@/r', state: 'directory', recurse: true, mode: '0750' }, status: 'changed', modes: { r: 0o750, 'r/s': 0o750, 'r/s/f': 0o750 } },
  { name: 'state=absent with a mode removes the file', setup: 'touch "$D/f"; chmod 644 "$D/f"', args: { path: '@/f', state: 'absent', mode: '0600' }, status: 'changed' },
  { name: 'a src with state=file and a mode changes nothing', setup: 'touch "$D/f" "$D/g"; chmod 644 "$D/f"', args: { path: '@/f', src: '@/g', state: 'file', mode: '0600' }, status: 'failed', modes: { f: 0o644 } },
  { name: 'no state, nothing there, an octal mode: nothing made', args: { path: '@/none', mode: '0755' }, status: 'failed' },
];

convergeDifferential(() => h, fileModule, CASES);

test('converge: one command makes a missing directory, fixes a mode or an owner (a hard-linked file too), or finds nothing to do', async () => {
  const dir = await caseFolder(h, 'echo x > "$D/f"; chmod 644 "$D/f"; touch "$D/h"; ln "$D/h" "$D/h2"');
  for (const [args, status] of [
    [{ path: join(dir, 'p', 'q'), state: 'directory', mode: '0755' }, 'changed'],
    [{ path: join(dir, 'f'), mode: '0600' }, 'changed'],
    [{ path: join(dir, 'f'), mode: '0600', owner: 'root' }, 'ok'],
    [{ path: join(dir, 'f'), owner: 'nobody', group: 'nogroup' }, 'changed'],
    [{ path: join(dir, 'f'), owner: 'root' }, 'changed'],
    [{ path: join(dir, 'h'), state: 'file', mode: '0600' }, 'changed'],
  ] as const) {
    const counted = countingContext(h.ctx);
    const r = await runModule(fileModule, args, counted.ctx, { check: false, diff: false });
    assert.equal(r.status, status, JSON.stringify(r.result));
    assert.equal(counted.runs(), 1, `${JSON.stringify(args)}: one round trip`);
  }
});
