/**
 * pydate.ts: PyYAML's timestamps as Python's datetime gives them back. The
 * expected texts are Python's repr() and str() of
 * `yaml.safe_load('x: <timestamp>')['x']`; where Python raises, parseTimestamp
 * has no date to give.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTimestamp } from '../../../src/template/pydate.js';

function date(text: string) {
  const d = parseTimestamp(text);
  assert.ok(d, `${text} is a timestamp`);
  return d;
}

test('a negative UTC offset is a day back plus seconds in the repr, and -hh:mm in the text', () => {
  const d = date('2001-12-14 21:59:43.10 -5');
  assert.equal(d.repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))');
  assert.equal(d.str(), '2001-12-14 21:59:43.100000-05:00');
  assert.equal(date('2001-12-14 23:59:59 -23:59').repr(), 'datetime.datetime(2001, 12, 14, 23, 59, 59, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=60)))');
});

test('a positive UTC offset counts its hours and minutes, in seconds', () => {
  const d = date('2001-12-14t21:59:43.10+05:30');
  assert.equal(d.repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))');
  assert.equal(d.str(), '2001-12-14 21:59:43.100000+05:30');
  assert.equal(date('2001-12-14 21:59:43 +00:01').repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone(datetime.timedelta(seconds=60)))');
});

test('Z is UTC: timezone.utc in the repr, +00:00 in the text', () => {
  const d = date('2001-12-14T21:59:00Z');
  assert.equal(d.repr(), 'datetime.datetime(2001, 12, 14, 21, 59, tzinfo=datetime.timezone.utc)');
  assert.equal(d.str(), '2001-12-14 21:59:00+00:00');
  assert.equal(date('2001-12-14T21:59:00 -00:00').str(), '2001-12-14 21:59:00+00:00');
});

test('the repr leaves out a zero microsecond, then a zero second, but not a zero second before a microsecond', () => {
  assert.equal(date('2001-12-14 21:59:00').repr(), 'datetime.datetime(2001, 12, 14, 21, 59)');
  assert.equal(date('2001-12-14 21:59:00.5').repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 0, 500000)');
  assert.equal(date('2001-12-14 21:59:01').repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 1)');
});

test('a fraction keeps its first six digits', () => {
  assert.equal(date('2001-12-14 21:59:43.1234567').repr(), 'datetime.datetime(2001, 12, 14, 21, 59, 43, 123456)');
});

test('year 1 is a date; year 0, month 13 or 30 February are not', () => {
  assert.equal(date('0001-01-01').repr(), 'datetime.date(1, 1, 1)');
  assert.equal(parseTimestamp('0000-01-01'), undefined);
  assert.equal(parseTimestamp('2001-13-01'), undefined);
  assert.equal(parseTimestamp('2001-02-30'), undefined);
});

test('hours stop at 23, minutes and seconds at 59', () => {
  assert.equal(date('2001-12-14 23:59:59').str(), '2001-12-14 23:59:59');
  assert.equal(parseTimestamp('2001-12-14 24:00:00'), undefined);
  assert.equal(parseTimestamp('2001-12-14 23:60:00'), undefined);
  assert.equal(parseTimestamp('2001-12-14 23:00:60'), undefined);
});

test('a UTC offset of a day or more is no timezone', () => {
  assert.equal(parseTimestamp('2001-12-14 21:59:00 +24'), undefined);
  assert.equal(parseTimestamp('2001-12-14 21:59:00 -23:60'), undefined);
});
