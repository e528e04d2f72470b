/** Jinja2's and Ansible's tests (`x is defined`, `r is failed`, `v is version(...)`). */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { isPyCallable } from './engine.js';
import { SoftUndef } from './expression-evaluator.js';
import { pyRegex } from './filters/regex.js';
import { arg, argBool, argStr, type TestRegistry } from './filters/util.js';
import { versionCompare } from './filters/version.js';
import { toBool } from './filters/core.js';
import { isDict, isFloat, isInt, isNumber, iterate, pyCmp, pyEq, pyIn, str, TemplateError, toNum, truthy, Undef } from './values.js';

function needResult(v: unknown, test: string): Record<string, unknown> {
  if (!isDict(v)) throw new TemplateError(`The '${test}' test expects a dictionary`);
  return v;
}

function regexTest(v: unknown, a: unknown[], k: Record<string, unknown>, type: 'match' | 'search' | 'fullmatch'): boolean {
  const re = pyRegex(argStr(a, k, 0, 'pattern', ''), { ignorecase: argBool(a, k, 1, 'ignorecase', false), multiline: argBool(a, k, 2, 'multiline', false) });
  const s = str(v);
  re.lastIndex = 0;
  const m = re.exec(s);
  if (!m) return false;
  if (type === 'search') return true;
  if (type === 'match') {
    if (m.index === 0) return true;
    const anchored = new RegExp(`^(?:${re.source})`, re.flags.replace('m', ''));
    return anchored.test(s);
  }
  return new RegExp(`^(?:${re.source})$`, re.flags.replace('m', '')).test(s);
}

function fsTest(v: unknown, check: (p: string) => boolean): boolean {
  try {
    return check(str(v));
  } catch {
    return false;
  }
}

export const tests: TestRegistry = {
  defined: (v) => !(v instanceof Undef) || v instanceof SoftUndef,
  undefined: (v) => v instanceof Undef && !(v instanceof SoftUndef),
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => isNumber(v),
  integer: (v) => isInt(v),
  float: (v) => isFloat(v),
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => isDict(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  // Jinja2's Undefined has a __call__ (that fails), so callable() says yes.
  callable: (v) => v instanceof Undef || isPyCallable(v),
  odd: (v) => toNum(v) % 2 !== 0,
  even: (v) => toNum(v) % 2 === 0,
  divisibleby: (v, a) => toNum(v) % toNum(a[0]) === 0,
  lower: (v) => typeof v === 'string' && /[a-z]/.test(v) && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && /[A-Z]/.test(v) && v === v.toUpperCase(),
  // Ansible's Undefined answers hasattr(__html__); no other value here is Markup.
  escaped: (v) => v instanceof Undef,
  sameas: (v, a) => v === a[0],
  equalto: (v, a) => pyEq(v, a[0]),
  ne: (v, a) => !pyEq(v, a[0]),
  lt: (v, a) => pyCmp(v, a[0], '<') < 0,
  le: (v, a) => pyCmp(v, a[0], '<=') <= 0,
  gt: (v, a) => pyCmp(v, a[0], '>') > 0,
  ge: (v, a) => pyCmp(v, a[0], '>=') >= 0,
  in: (v, a) => pyIn(v, a[0]),
  contains: (v, a) => pyIn(a[0], v),
  truthy: (v, a, k) => truthy(argBool(a, k, 0, 'convert_bool', false) ? toBool(v) : v),
  falsy: (v, a, k) => !truthy(argBool(a, k, 0, 'convert_bool', false) ? toBool(v) : v),
  success: (v) => !truthy(needResult(v, 'success').failed ?? false),
  failed: (v) => truthy(needResult(v, 'failed').failed ?? false),
  changed: (v) => {
    const r = needResult(v, 'changed');
    if (!('changed' in r) && Array.isArray(r.results) && isDict(r.results[0])) return r.results.some((x) => isDict(x) && truthy(x.changed ?? false));
    return truthy(r.changed ?? false);
  },
  skipped: (v) => truthy(needResult(v, 'skipped').skipped ?? false),
  finished: (v) => {
    const r = needResult(v, 'finished');
    return 'finished' in r ? truthy(r.finished) : true;
  },
  started: (v) => {
    const r = needResult(v, 'started');
    return 'started' in r ? truthy(r.started) : true;
  },
  reachable: (v) => !truthy(needResult(v, 'reachable').unreachable ?? false),
  unreachable: (v) => truthy(needResult(v, 'unreachable').unreachable ?? false),
  version: (v, a, k) =>
    versionCompare(v, arg(a, k, 0, 'version'), argStr(a, k, 1, 'operator', 'eq'), arg(a, k, 2, 'strict', null), (arg(a, k, 3, 'version_type', null) as string | null) ?? null),
  match: (v, a, k) => regexTest(v, a, k, 'match'),
  search: (v, a, k) => regexTest(v, a, k, 'search'),
  regex: (v, a, k) => regexTest(v, a, k, argStr(a, k, 3, 'match_type', 'search') as 'search' | 'match' | 'fullmatch'),
  subset: (v, a) => {
    const b = iterate(a[0]);
    return iterate(v).every((x) => b.some((y) => pyEq(x, y)));
  },
  superset: (v, a) => {
    const b = iterate(v);
    return iterate(a[0]).every((x) => b.some((y) => pyEq(x, y)));
  },
  abs: (v) => str(v).startsWith('/'),
  file: (v) => fsTest(v, (p) => statSync(p).isFile()),
  directory: (v) => fsTest(v, (p) => statSync(p).isDirectory()),
  exists: (v) => fsTest(v, (p) => existsSync(p)),
  link: (v) => fsTest(v, (p) => lstatSync(p).isSymbolicLink()),
  same_file: (v, a) => fsTest(v, (p) => statSync(p).ino === statSync(str(a[0])).ino),
  nan: (v) => isFloat(v) && Number.isNaN(toNum(v)),
};
/**
 * The tests an undefined value reaches without failing, as in Ansible: the
 * type checks (isinstance is false for Undefined: `u is mapping` is false),
 * sequence (its len() fails, caught), callable and escaped (true), true and
 * false (`is` comparisons). Every other test fails on it, as in Ansible.
 */
export const UNDEFINED_TESTS: ReadonlySet<string> = new Set(['defined', 'undefined', 'none', 'string', 'number', 'integer', 'float', 'boolean', 'mapping', 'sequence', 'callable', 'escaped', 'true', 'false']);

// The other names Jinja2 and Ansible give the same tests.
const ALIASES: Record<string, string> = {
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  isnan: 'nan',
  issubset: 'subset',
  issuperset: 'superset',
  change: 'changed',
  failure: 'failed',
  skip: 'skipped',
  successful: 'success',
  is_same_file: 'same_file',
  version_compare: 'version',
  succeeded: 'success',
  eq: 'equalto',
  '==': 'equalto',
  greaterthan: 'gt',
  lessthan: 'lt',
  is_abs: 'abs',
  is_file: 'file',
  is_dir: 'directory',
  is_link: 'link',
};
for (const [alias, name] of Object.entries(ALIASES)) {
  const test = tests[name];
  if (!test) throw new Error(`template test alias ${alias}: no test named ${name}`);
  tests[alias] = test;
}
tests.true = (v) => v === true;
tests.false = (v) => v === false;
tests.filter = (v, _a, _k, ctx) => typeof v === 'string' && ctx.engine.filters.has(v);
tests.test = (v, _a, _k, ctx) => typeof v === 'string' && ctx.engine.tests.has(v);
tests.all = (v) => iterate(v).every((x) => truthy(x));
tests.any = (v) => iterate(v).some((x) => truthy(x));
tests.link_exists = (v) => fsTest(v, (p) => lstatSync(p) !== undefined);
// Ansible: only a `!vault` object is, never a text that reads like an envelope. Here every `!vault`
// value is opened as its YAML loads (src/yaml/load.ts): no value a template sees is still encrypted.
tests.vault_encrypted = () => false;
