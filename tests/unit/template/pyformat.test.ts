/**
 * Python's `%` formatting and str.format as a template author sees them. Every
 * expected value is what Jinja2 (CPython) renders for the same expression.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { r } from './helpers.js';

const render = (expr: string): string => r(`{{ ${expr} }}`);

describe('pyformat: what CPython renders', () => {
  test("'%f' of inf and -inf: '%f|%f' % ('inf'|float, '-inf'|float)", () => {
    assert.equal(render("'%f|%f' % ('inf'|float, '-inf'|float)"), "inf|-inf");
  });
  test("'%f' of a positive fraction below one: '%f' % 0.5", () => {
    assert.equal(render("'%f' % 0.5"), "0.500000");
  });
  test("'%.330f' of the smallest subnormal: '%.330f' % 5e-324", () => {
    assert.equal(render("'%.330f' % 5e-324"), "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004940656");
  });
  test("'%.1f' of a float above 2**53: '%.1f' % 1e20", () => {
    assert.equal(render("'%.1f' % 1e20"), "100000000000000000000.0");
  });
  test("'%f' of a float with few binary fraction digits: '%f' % 1e15", () => {
    assert.equal(render("'%f' % 1e15"), "1000000000000000.000000");
  });
  test("'%e' with exponent zero: '%e|%E' % (1.5, 1.5)", () => {
    assert.equal(render("'%e|%E' % (1.5, 1.5)"), "1.500000e+00|1.500000E+00");
  });
  test("'%e' of inf: '%e' % ('inf'|float)", () => {
    assert.equal(render("'%e' % ('inf'|float)"), "inf");
  });
  test("'%g' of an ordinary float: '%g' % 1.5", () => {
    assert.equal(render("'%g' % 1.5"), "1.5");
  });
  test("'%g' of inf: '%g' % ('-inf'|float)", () => {
    assert.equal(render("'%g' % ('-inf'|float)"), "-inf");
  });
  test("'%.0g' counts as one significant digit: '%.0g' % 123.456", () => {
    assert.equal(render("'%.0g' % 123.456"), "1e+02");
  });
  test("'%g' and '%#g' of zero: '%g|%#g|%#.3g' % (0.0, 0.0, 0.0)", () => {
    assert.equal(render("'%g|%#g|%#.3g' % (0.0, 0.0, 0.0)"), "0|0.00000|0.00");
  });
  test("'%g' switches to exponent notation for large numbers: '%g|%g' % (123456789.0, 1234567.0)", () => {
    assert.equal(render("'%g|%g' % (123456789.0, 1234567.0)"), "1.23457e+08|1.23457e+06");
  });
  test("'%g' keeps fixed notation below the precision: '%g' % 123456.0", () => {
    assert.equal(render("'%g' % 123456.0"), "123456");
  });
  test("'%g' at the small-exponent boundary: '%g|%g' % (0.0001, 0.00001)", () => {
    assert.equal(render("'%g|%g' % (0.0001, 0.00001)"), "0.0001|1e-05");
  });
  test("'%#g' keeps trailing zeros: '%#g|%#g' % (1.5, 1234567.0)", () => {
    assert.equal(render("'%#g|%#g' % (1.5, 1234567.0)"), "1.50000|1.23457e+06");
  });
  test("'%g' keeps the exponent after trimming: '%g|%G' % (1e20, 1e20)", () => {
    assert.equal(render("'%g|%G' % (1e20, 1e20)"), "1e+20|1E+20");
  });
  test("'%g' rounds to the precision in fixed notation: '%.3g|%g' % (3.14159, 0.000123456789)", () => {
    assert.equal(render("'%.3g|%g' % (3.14159, 0.000123456789)"), "3.14|0.000123457");
  });
  test("'%g' of one: '%g|%#g' % (1.0, 1.0)", () => {
    assert.equal(render("'%g|%#g' % (1.0, 1.0)"), "1|1.00000");
  });
  test("'%g' of negative zero keeps the sign: '%g|%#g|%#.3g' % (-0.0, -0.0, -0.0)", () => {
    assert.equal(render("'%g|%#g|%#.3g' % (-0.0, -0.0, -0.0)"), "-0|-0.00000|-0.00");
  });
  test("'%g' when rounding carries into the next power of ten: '%#g|%g' % (9.9999995, 999999.5)", () => {
    assert.equal(render("'%#g|%g' % (9.9999995, 999999.5)"), "10.0000|1e+06");
  });
  test("'%05d' of a negative number puts zeros after the sign: '%05d' % -3", () => {
    assert.equal(render("'%05d' % -3"), "-0003");
  });
  test("'%5d' pads with spaces: '[%5d]' % 3", () => {
    assert.equal(render("'[%5d]' % 3"), "[    3]");
  });
  test("'%-5d' pads on the right: '[%-5d]' % 3", () => {
    assert.equal(render("'[%-5d]' % 3"), "[3    ]");
  });
  test("'%+d' of zero: '%+d' % 0", () => {
    assert.equal(render("'%+d' % 0"), "+0");
  });
  test("'%+d' of a positive number: '%+d|% d' % (3, 3)", () => {
    assert.equal(render("'%+d|% d' % (3, 3)"), "+3| 3");
  });
  test("'%+f' of negative zero: '%+f' % -0.0", () => {
    assert.equal(render("'%+f' % -0.0"), "-0.000000");
  });
  test("'%.2s' truncates: '%.2s' % 'abc'", () => {
    assert.equal(render("'%.2s' % 'abc'"), "ab");
  });
  test("'%s' of an empty string has no width: '[%s]' % ''", () => {
    assert.equal(render("'[%s]' % ''"), "[]");
  });
  test("'%#o %#x %#X' prefixes: '%#o %#x %#X' % (8, 255, 255)", () => {
    assert.equal(render("'%#o %#x %#X' % (8, 255, 255)"), "0o10 0xff 0XFF");
  });
  test("'%x' of zero and a negative: '%x|%x|%o' % (0, -255, -8)", () => {
    assert.equal(render("'%x|%x|%o' % (0, -255, -8)"), "0|-ff|-10");
  });
  test("'%c' of a string and of an int: '%c%c' % ('x', 65)", () => {
    assert.equal(render("'%c%c' % ('x', 65)"), "xA");
  });
  test("'%05c' pads with spaces: '[%05c]' % 65", () => {
    assert.equal(render("'[%05c]' % 65"), "[    A]");
  });
  test("'%05s' pads with spaces: '[%05s]' % 'a'", () => {
    assert.equal(render("'[%05s]' % 'a'"), "[    a]");
  });
  test("a mapping with no keys used: 'abc' % {'a': 1}", () => {
    assert.equal(render("'abc' % {'a': 1}"), "abc");
  });
  test("'{:s}' of an empty string: '[{:s}]'.format('')", () => {
    assert.equal(render("'[{:s}]'.format('')"), "[]");
  });
  test("'{:.2}' truncates a string: '{:.2}'.format('abc')", () => {
    assert.equal(render("'{:.2}'.format('abc')"), "ab");
  });
  test("'{:.2}' of a float is general format: '{:.2}'.format(1.2345)", () => {
    assert.equal(render("'{:.2}'.format(1.2345)"), "1.2");
  });
  test("'{:>6}' of a float: '[{:>6}]'.format(1.5)", () => {
    assert.equal(render("'[{:>6}]'.format(1.5)"), "[   1.5]");
  });
  test("'{:b} {:o} {:x} {:X}': '{:b} {:o} {:x} {:X} {:#x} {:#b}'.format(5, 8, 255, 255, 255, 5)", () => {
    assert.equal(render("'{:b} {:o} {:x} {:X} {:#x} {:#b}'.format(5, 8, 255, 255, 255, 5)"), "101 10 ff FF 0xff 0b101");
  });
  test("'{:%}' and '{:.1%}': '{:%}|{:.1%}'.format(0.5, 0.25)", () => {
    assert.equal(render("'{:%}|{:.1%}'.format(0.5, 0.25)"), "50.000000%|25.0%");
  });
  test("'{:f}' '{:e}' '{:E}': '{:f}|{:e}|{:E}'.format(1.5, 1.5, 1.5)", () => {
    assert.equal(render("'{:f}|{:e}|{:E}'.format(1.5, 1.5, 1.5)"), "1.500000|1.500000e+00|1.500000E+00");
  });
  test("'{:g}' '{:G}': '{:g}|{:g}|{:G}|{:#g}'.format(1.5, 1234567.0, 1e20, 1.5)", () => {
    assert.equal(render("'{:g}|{:g}|{:G}|{:#g}'.format(1.5, 1234567.0, 1e20, 1.5)"), "1.5|1.23457e+06|1E+20|1.50000");
  });
  test("'{:d}' of zero and negatives: '{:d}|{:d}|{:+d}|{: d}'.format(0, -5, 0, 7)", () => {
    assert.equal(render("'{:d}|{:d}|{:+d}|{: d}'.format(0, -5, 0, 7)"), "0|-5|+0| 7");
  });
  test("'{:f}' of negative zero: '{:f}'.format(-0.0)", () => {
    assert.equal(render("'{:f}'.format(-0.0)"), "-0.000000");
  });
  test("'{:5d}' pads with spaces, '{:05d}' with zeros after the sign: '[{:5d}]|[{:05d}]|[{:05d}]'.format(3, -3, 42)", () => {
    assert.equal(render("'[{:5d}]|[{:05d}]|[{:05d}]'.format(3, -3, 42)"), "[    3]|[-0003]|[00042]");
  });
  test("'{:^7}' centres: '[{:^7}]|[{:*^6}]'.format('ab', 'ab')", () => {
    assert.equal(render("'[{:^7}]|[{:*^6}]'.format('ab', 'ab')"), "[  ab   ]|[**ab**]");
  });
  test("'{:,}' groups thousands: '{:,}|{:_}|{:,.2f}'.format(1234567, 1234567, 1234567.891)", () => {
    assert.equal(render("'{:,}|{:_}|{:,.2f}'.format(1234567, 1234567, 1234567.891)"), "1,234,567|1_234_567|1,234,567.89");
  });
  test("fields index into lists and dicts: '{0[1]}|{1[k]}'.format([5, 6], {'k': 'v'})", () => {
    assert.equal(render("'{0[1]}|{1[k]}'.format([5, 6], {'k': 'v'})"), "6|v");
  });
  test("'{!r}' '{!a}' '{!s:3}': '{!r}|{!a}|[{!s:3}]'.format('a', 'b', 1)", () => {
    assert.equal(render("'{!r}|{!a}|[{!s:3}]'.format('a', 'b', 1)"), "'a'|'b'|[1  ]");
  });
  test("'{{' and '}}' escape braces: '{{x}}|a}}'.format()", () => {
    assert.equal(render("'{{x}}|a}}'.format()"), "{x}|a}");
  });
  test("named fields: '{name}-{0}'.format('p', name='n')", () => {
    assert.equal(render("'{name}-{0}'.format('p', name='n')"), "n-p");
  });
});

// Python counts widths and string precisions in code points; JavaScript's padStart
// and slice count UTF-16 units, which used to pad an emoji one short or cut it in half.
describe('pyformat: widths and precisions count code points, as CPython', () => {
  test("'%5s' '%-4s' '%.1s' '%5c' of an emoji: '[%5s|%-4s|%.1s|%5c]' % ('😀', '😀', '😀x', 128512)", () => {
    assert.equal(render("'[%5s|%-4s|%.1s|%5c]' % ('😀', '😀', '😀x', 128512)"), "[    😀|😀   |😀|    😀]");
  });
  test("'{:^5}' '{:*<4}' '{:.1}' '{:5c}' '{:=5c}' of an emoji", () => {
    assert.equal(render("'[{:^5}|{:*<4}|{:.1}|{:5c}|{:=5c}]'.format('😀', '😀', '😀x', 128512, 128512)"), "[  😀  |😀***|😀|    😀|    😀]");
  });
});

// The 0 flag sets the fill for any type; only a number also takes '=' alignment from it.
// A string used to be padded with spaces: '{:05}'.format('ab') gave 'ab   '.
describe('pyformat: the 0 flag of str.format, as CPython', () => {
  test("'{:05}' '{:<05}' '{:>05}' '{:x<05}' of a str: ('ab', 'ab', 'ab', 'ab')", () => {
    assert.equal(render("'[{:05}|{:<05}|{:>05}|{:x<05}]'.format('ab', 'ab', 'ab', 'ab')"), "[ab000|ab000|000ab|abxxx]");
  });
  test("'{:<05}' '{:^06}' '{:05}' '{:x=05}' of a number: (12, -12, -12, -12)", () => {
    assert.equal(render("'[{:<05}|{:^06}|{:05}|{:x=05}]'.format(12, -12, -12, -12)"), "[12000|0-1200|-0012|-xx12]");
  });
});

describe('pyformat: the errors CPython raises', () => {
  test("'%d' of None: '%d' % none", () => {
    assert.throws(() => render("'%d' % none"), { message: new RegExp("%d\\ format:\\ a\\ real\\ number\\ is\\ required,\\ not\\ NoneType") });
  });
  test("'%f' of None: '%f' % none", () => {
    assert.throws(() => render("'%f' % none"), { message: new RegExp("must\\ be\\ real\\ number,\\ not\\ NoneType") });
  });
  test("too many arguments: '%s' % (1, 2)", () => {
    assert.throws(() => render("'%s' % (1, 2)"), { message: new RegExp("not\\ all\\ arguments\\ converted\\ during\\ string\\ formatting") });
  });
  test("a non-tuple argument with no field: 'abc' % 5", () => {
    assert.throws(() => render("'abc' % 5"), { message: new RegExp("not\\ all\\ arguments\\ converted\\ during\\ string\\ formatting") });
  });
  test("too few arguments: '%s %s' % (1,)", () => {
    assert.throws(() => render("'%s %s' % (1,)"), { message: new RegExp("not\\ enough\\ arguments\\ for\\ format\\ string") });
  });
  test("'{:d}' of a str: '{:d}'.format('a')", () => {
    assert.throws(() => render("'{:d}'.format('a')"), { message: new RegExp("Unknown\\ format\\ code\\ 'd'\\ for\\ object\\ of\\ type\\ 'str'") });
  });
  test("'{:d}' of a float: '{:d}'.format(1.5)", () => {
    assert.throws(() => render("'{:d}'.format(1.5)"), { message: new RegExp("Unknown\\ format\\ code\\ 'd'\\ for\\ object\\ of\\ type\\ 'float'") });
  });
  test("a list indexed by a name: '{0[a]}'.format([1])", () => {
    assert.throws(() => render("'{0[a]}'.format([1])"), { message: new RegExp("list\\ indices\\ must\\ be\\ integers\\ or\\ slices,\\ not\\ str") });
  });
  test("a single '{': 'a{'.format()", () => {
    assert.throws(() => render("'a{'.format()"), { message: new RegExp("Single\\ '\\{'\\ encountered\\ in\\ format\\ string") });
  });
  test("a single '}': 'a}'.format()", () => {
    assert.throws(() => render("'a}'.format()"), { message: new RegExp("Single\\ '\\}'\\ encountered\\ in\\ format\\ string") });
  });
  // It used to center the string: '{:=5}'.format('ab') gave ' ab  '.
  test("'=' alignment of a str: '{:=5}'.format('ab')", () => {
    assert.throws(() => render("'{:=5}'.format('ab')"), { message: new RegExp("'='\\ alignment\\ not\\ allowed\\ in\\ string\\ format\\ specifier") });
  });
  test("'{:>5}' of None: '{:>5}'.format(none)", () => {
    assert.throws(() => render("'{:>5}'.format(none)"), { message: new RegExp("unsupported\\ format\\ string\\ passed\\ to\\ NoneType\\.__format__") });
  });
  test("'{:>5}' of a list: '{:>5}'.format([1])", () => {
    assert.throws(() => render("'{:>5}'.format([1])"), { message: new RegExp("unsupported\\ format\\ string\\ passed\\ to\\ list\\.__format__") });
  });
});
