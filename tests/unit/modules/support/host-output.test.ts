/** The host-side helpers: Ansible's time formats, key=value lines, marked blocks, path info. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { block, formatDelta, formatTime, keyValues, pathInfo } from '../../../../src/modules/support/host-output.js';

test('formatTime: local time, zero-padded, microseconds', () => {
  assert.equal(formatTime(new Date(2024, 0, 5, 3, 4, 5, 67)), '2024-01-05 03:04:05.067000');
  assert.equal(formatTime(new Date(2024, 11, 31, 23, 59, 59, 999)), '2024-12-31 23:59:59.999000');
});

test('formatDelta: hours unpadded, minutes and seconds padded, microseconds', () => {
  assert.equal(formatDelta(0), '0:00:00.000000');
  assert.equal(formatDelta(3_723_004), '1:02:03.004000');
  assert.equal(formatDelta(36_000_000 + 59 * 60_000 + 59_999), '10:59:59.999000');
  assert.equal(formatDelta(12_345), '0:00:12.345000');
});

test('keyValues: the last of a repeated key wins, all keeps each; a line without a key is no entry', () => {
  const kv = keyValues('a=1\n=x\nno equals\nlong=v=w\na=2\n');
  assert.equal(kv.get('a'), '2');
  assert.deepEqual(kv.all('a'), ['1', '2']);
  assert.equal(kv.get('long'), 'v=w');
  assert.equal(kv.get(''), undefined);
  assert.deepEqual(kv.all('none'), []);
});

test('block: the text between the markers; to the end without a closing one; undefined without an opening one', () => {
  assert.equal(block('x\n<<out\nline 1\nline 2\n>>out\ny', 'out'), 'line 1\nline 2');
  assert.equal(block('a\n>>x<<x\nbody\n>>x', 'x'), 'body');
  assert.equal(block('<<x\nrest\n', 'x'), 'rest\n');
  assert.equal(block('nothing', 'x'), undefined);
});

test('pathInfo: the fields of a pinfo answer, the id where the host has no name, nothing for a half answer', () => {
  assert.deepEqual(pathInfo(keyValues('ptype=file\npstat=0 0 644 3 root root')), { state: 'file', uid: 0, gid: 0, owner: 'root', group: 'root', mode: '0644', size: 3 });
  assert.deepEqual(pathInfo(keyValues('ptype=directory\npstat=5 6 7 4096 UNKNOWN UNKNOWN')), { state: 'directory', uid: 5, gid: 6, owner: '5', group: '6', mode: '0007', size: 4096 });
  assert.deepEqual(pathInfo(keyValues('ptype=file\npstat=5 6 1755 1')), { state: 'file', uid: 5, gid: 6, owner: '5', group: '6', mode: '01755', size: 1 });
  assert.deepEqual(pathInfo(keyValues('ptype=file')), {});
  assert.deepEqual(pathInfo(keyValues('pstat=0 0 644 3 root root')), {});
});

// A pinfo answer cut short (the host's output truncated) must give no fields rather than NaN ones.
test('pathInfo: a pstat line cut after the uid, the gid or the mode is no info', () => {
  for (const pstat of ['0', '0 0', '0 0 644']) assert.deepEqual(pathInfo(keyValues(`ptype=file\npstat=${pstat}`)), {}, pstat);
});
