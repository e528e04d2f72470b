/**
 * copy's converge (support/whole-file.ts) on this machine: a content up to
 * 64 KiB travels with the comparison, so a changed file costs one round trip;
 * a larger one is compared first (stat and sha1) and sent only when it
 * differs, so an unchanged large file does not cross the connection again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { copyModule } from '../../../src/modules/copy.js';
import { countingContext } from '../../support/converge-differential.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const KIB64 = 64 * 1024;

// The threshold is where one round trip (content sent along) gives way to two (compare, then write).
test('a new content of 64 KiB is compared and written in one round trip; one byte more is compared first, then written', async () => {
  for (const [size, runs] of [[KIB64, 1], [KIB64 + 1, 2]] as const) {
    const counted = countingContext(h.ctx);
    const r = await runModule(copyModule, { content: 'x'.repeat(size), dest: h.path(`f${size}`) }, counted.ctx, { check: false, diff: false });
    assert.equal(r.status, 'changed', JSON.stringify(r.result));
    assert.equal(r.result.size, size);
    assert.equal(counted.runs(), runs, `${size} bytes: round trips`);
  }
});
