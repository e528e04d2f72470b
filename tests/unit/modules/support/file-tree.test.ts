/**
 * What file recurse reads of a tree (support/file-tree.ts), from a probe's
 * output: the type of a followed link's target comes from its raw st_mode.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { treeChanges } from '../../../../src/modules/support/file-tree.js';
import { Probe } from '../../../../src/modules/support/remote-probe.js';

/** A probe holding the targets of followed links, as `stat -L --printf '%f\t%u\t%g\t%n\0'` prints them. */
const linkTargets = (...records: string[]) => new Probe(`K\t${Buffer.from(records.map((r) => `${r}\0`).join('')).toString('base64')}\n`, '', 0);

test("a linked folder with setgid and every x bit is a folder: a new owner leaves its mode to compare as it is (a file's chown would clear setgid)", () => {
  // 0x45fd: a directory (040000) of mode 2775; o+x set, so a type mask that kept that bit would call it a file.
  const changes = treeChanges(linkTargets('45fd\t0\t0\t/srv/shared'), { uid: 1 }, '2775', 0o022);
  assert.deepEqual(
    changes.map((c) => [c.path, c.uid, c.mode, c.link]),
    [['/srv/shared', 1, undefined, false]],
    'owner only: the mode is already 2775',
  );
  const file = treeChanges(linkTargets('85fd\t0\t0\t/srv/tool'), { uid: 1 }, '2775', 0o022);
  assert.deepEqual(file.map((c) => [c.path, c.mode]), [['/srv/tool', 0o2775]], "a file's chown clears setgid (group x set): set again");
});
