/**
 * lineinfile's converge (an absent file made with its line in the read's
 * command) against its query-then-apply (tests/support/converge-differential.ts),
 * and the one round trip it saves.
 */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import { lineinfileModule } from '../../../src/modules/lineinfile.js';
import { caseFolder, convergeDifferential, countingContext, type ConvergeCase } from '../../support/converge-differential.js';
import { localModuleHost, type LocalModuleHost } from '../../support/local-module-host.js';

let h: LocalModuleHost;
before(async () => {
  h = await localModuleHost();
});
after(() => h.close());

const line = { regexp: '^managed', line: 'managed = yes' };
const CASES: ConvergeCase[] = [
  { name: 'an absent file is created with the line', args: { path: '@/new.txt', ...line, create: true }, status: 'changed' },
  { name: 'an absent file with an octal mode, owner and group by name', args: { path: '@/new.txt', ...line, create: true, mode: '0640', owner: 'nobody', group: 'nogroup' }, status: 'changed' },
  { name: 'an absent file with a numeric owner and an insertbefore BOF', args: { path: '@/new.txt', line: 'first', insertbefore: 'BOF', create: true, owner: '65534' }, status: 'changed' },
  { name: 'an absent file with a symbolic mode (left to apply)', args: { path: '@/new.txt', ...line, create: true, mode: 'u=rw,go=' }, status: 'changed' },
  { name: 'an absent file with an unknown owner', args: { path: '@/new.txt', ...line, create: true, owner: 'no-such-user-kr' }, status: 'failed' },
  { name: 'an absent file without create', args: { path: '@/new.txt', ...line }, status: 'failed' },
  { name: 'an absent file in a missing folder (left to apply)', args: { path: '@/sub/new.txt', ...line, create: true }, status: 'changed' },
  { name: 'a dangling link is written through', setup: 'ln -s target.txt "$D/l.txt"', args: { path: '@/l.txt', ...line, create: true }, status: 'changed' },
  { name: 'an existing file gets the line replaced', setup: 'printf "a\\nmanaged = no\\n" > "$D/f.txt"', args: { path: '@/f.txt', ...line, create: true }, status: 'changed' },
  { name: 'an existing file with the line', setup: 'printf "managed = yes\\n" > "$D/f.txt"; chmod 644 "$D/f.txt"', args: { path: '@/f.txt', ...line, create: true, mode: '0644' }, status: 'ok' },
  { name: 'an existing file with the line, another mode', setup: 'printf "managed = yes\\n" > "$D/f.txt"; chmod 600 "$D/f.txt"', args: { path: '@/f.txt', ...line, create: true, mode: '0644' }, status: 'changed' },
  { name: 'backrefs that match nothing make no file', args: { path: '@/new.txt', regexp: '^(x)$', line: '\\1y', backrefs: true, create: true }, status: 'ok' },
  { name: 'state=absent on an absent file', args: { path: '@/new.txt', regexp: '^managed', state: 'absent' }, status: 'ok' },
  { name: 'a directory in the way', setup: 'mkdir "$D/d"', args: { path: '@/d', ...line, create: true }, status: 'failed' },
];

convergeDifferential(() => h, lineinfileModule, CASES);

test('converge: an absent file is made in the one command that reads it', async () => {
  const dir = await caseFolder(h, undefined);
  const args = { path: join(dir, 'lines.txt'), ...line, create: true, mode: '0644' };
  for (const status of ['changed', 'ok'] as const) {
    const counted = countingContext(h.ctx);
    const r = await runModule(lineinfileModule, args, counted.ctx, { check: false, diff: false });
    assert.equal(r.status, status, JSON.stringify(r.result));
    assert.equal(counted.runs(), 1, 'one round trip');
  }
  assert.equal(await h.read(join(dir.slice(h.root.length + 1), 'lines.txt')), 'managed = yes\n');
});

// Names are looked up in the read's own command (its guard stops the write when one is unknown), so
// plain ones need no read of their own first.
test('converge: an absent file with an owner and group by name is made in the one command that reads it too', async () => {
  const dir = await caseFolder(h, undefined);
  const group = (await h.sh('id -gn')).trim();
  const counted = countingContext(h.ctx);
  const r = await runModule(lineinfileModule, { path: join(dir, 'owned.txt'), ...line, create: true, owner: userInfo().username, group }, counted.ctx, { check: false, diff: false });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.deepEqual([counted.runs(), counted.puts()], [1, 0], 'one round trip');
});

// writeText runs a command before the write only for something to prepare (a folder, a backup).
test('an edit of an existing file is its read and its write, no other command', async () => {
  const dir = await caseFolder(h, 'printf "a\\n" > "$D/f.txt"');
  const counted = countingContext(h.ctx);
  const r = await runModule(lineinfileModule, { path: join(dir, 'f.txt'), ...line }, counted.ctx, { check: false, diff: false });
  assert.equal(r.status, 'changed', JSON.stringify(r.result));
  assert.deepEqual([counted.runs(), counted.puts()], [1, 1], 'the read, then the put');
  assert.equal(await h.read(join(dir.slice(h.root.length + 1), 'f.txt')), 'a\nmanaged = yes\n');
});
