/**
 * zod schemas for keyword values, and the conversion of zod issues into one
 * InputError with the offending key's position and one plain sentence.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import { LOOP_CONTROL_KEYS } from './keywords.js';
import type { Source } from './source.js';
import { closest, didYouMean } from './suggest.js';

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return `the ${typeof value} ${String(value)}`;
}

const str = z.union([z.string(), z.number()]).transform(String);
const boolish = z.union([z.boolean(), z.string(), z.number()]);
const intish = z.union([z.number(), z.string()]);
const strList = z.union([str.transform((s) => [s]), z.array(str)]);
const splitTags = (s: string): string[] =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
const tags = z.union([str.transform(splitTags), z.array(str)]);
const condition = z.union([z.string(), z.boolean(), z.number().transform((n) => n !== 0)]);
const conditions = z.union([condition.transform((c) => [c]), z.array(condition)]);
const dict = z.record(z.string(), z.unknown());
const vars = z.union([dict, z.null().transform(() => ({}))]);
const environment = z.union([dict, z.string(), z.null(), z.array(z.union([dict, z.string()]))]);
const serial = z.union([intish.transform((v) => [v]), z.array(intish)]);
const loopControl = z.strictObject({
  loop_var: z.string().optional(),
  index_var: z.string().optional(),
  label: z.unknown().optional(),
  pause: intish.optional(),
  extended: boolish.optional(),
  extended_allitems: boolish.optional(),
});

interface KeywordRule {
  schema: z.ZodType;
  expects: string;
  /** The common well-formed cases, answered without zod (3,000 tasks add up); undefined: ask zod. */
  fast?: (value: unknown) => unknown;
}
const rule = (schema: z.ZodType, expects: string, fast?: (value: unknown) => unknown): KeywordRule => ({ schema, expects, ...(fast && { fast }) });

const isDict = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
const BOOL = rule(boolish, 'a boolean or a template', (v) => (typeof v === 'boolean' || typeof v === 'string' ? v : undefined));
const INT = rule(intish, 'a number or a template', (v) => (typeof v === 'number' || typeof v === 'string' ? v : undefined));
const STR = rule(str, 'a string', (v) => (typeof v === 'string' ? v : undefined));
const LIST = rule(strList, 'a string or a list of strings', (v) => (typeof v === 'string' ? [v] : undefined));
const COND = rule(conditions, 'a condition or a list of conditions', (v) => (typeof v === 'string' || typeof v === 'boolean' ? [v] : undefined));

/** Value rules by keyword; a keyword not listed here takes any value. */
const RULES: Record<string, KeywordRule> = {
  name: STR,
  hosts: LIST,
  become: BOOL,
  become_user: STR,
  become_method: STR,
  become_flags: STR,
  environment: rule(environment, 'a mapping, a template or a list of them'),
  ignore_errors: BOOL,
  ignore_unreachable: BOOL,
  no_log: BOOL,
  run_once: BOOL,
  any_errors_fatal: BOOL,
  check_mode: BOOL,
  diff: BOOL,
  connection: STR,
  remote_user: STR,
  port: INT,
  throttle: INT,
  timeout: INT,
  tags: rule(tags, 'a string or a list of strings', (v) => (typeof v === 'string' ? splitTags(v) : undefined)),
  vars: rule(vars, 'a mapping', (v) => (isDict(v) ? v : undefined)),
  collections: LIST,
  gather_facts: BOOL,
  gather_subset: LIST,
  gather_timeout: INT,
  serial: rule(serial, 'an integer, a "N%" string or a list of them'),
  max_fail_percentage: INT,
  strategy: STR,
  order: rule(z.enum(['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle']), 'one of inventory, reverse_inventory, sorted, reverse_sorted, shuffle'),
  force_handlers: BOOL,
  when: COND,
  changed_when: COND,
  failed_when: COND,
  until: COND,
  delegate_to: STR,
  delegate_facts: BOOL,
  notify: LIST,
  listen: LIST,
  register: rule(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), 'a variable name'),
  // `retries:` left empty is Ansible's None: three attempts (task_executor), not the default 3 retries.
  retries: rule(z.union([intish, z.null()]), 'a number or a template', (v) => (typeof v === 'number' || typeof v === 'string' || v === null ? v : undefined)),
  delay: INT,
  loop: rule(z.union([z.array(z.unknown()), z.string()]), 'a list or a template'),
  loop_control: rule(loopControl, `a mapping of ${LOOP_CONTROL_KEYS.join(', ')}`),
  args: rule(dict, 'a mapping'),
  pre_tasks: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  tasks: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  post_tasks: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  handlers: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of handlers'),
  block: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  rescue: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  always: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of tasks'),
  roles: rule(z.union([z.array(z.unknown()), z.null()]), 'a list of roles'),
  vars_files: rule(z.union([str.transform((s) => [s]), z.array(z.union([str, z.array(str)]))]), 'a list of file names'),
  public: BOOL,
  allow_duplicates: BOOL,
  tasks_from: STR,
  vars_from: STR,
  defaults_from: STR,
  handlers_from: STR,
};

/** The schema that decides a keyword's value (the fast paths must answer as it does). */
export function keywordSchema(keyword: string): z.ZodType | undefined {
  return RULES[keyword]?.schema;
}

/**
 * Validates the value of `keyword` found at `path` in `src`; returns the
 * normalised value or throws an InputError naming `what` (e.g. `task "Start"`).
 */
export function checkKeyword(keyword: string, value: unknown, src: Source, path: YamlPath, what: string): unknown {
  const r = RULES[keyword];
  if (!r || value === undefined) return value;
  const quick = r.fast?.(value);
  if (quick !== undefined) return quick;
  const result = r.schema.safeParse(value);
  if (result.success) return result.data;
  throw issueError(result.error.issues[0], value, src, path, `"${keyword}" in ${what}`, r.expects);
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return v;
}

/** Turns a zod issue into an InputError at the offending key or value. */
export function issueError(issue: z.core.$ZodIssue | undefined, value: unknown, src: Source, path: YamlPath, what: string, expects: string): InputError {
  const sub = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  // loop_control is the only strict object among the keyword rules.
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new InputError(`unknown key "${key}" in ${what}${didYouMean(closest(key, LOOP_CONTROL_KEYS))}`, src.keyAt([...path, ...sub, key]));
  }
  if (sub.length > 0) {
    const inner = valueAt(value, sub);
    return new InputError(`${what}: "${sub.join('.')}" has a wrong value (${describe(inner)}); ${issue?.message ?? 'invalid'}`, src.at([...path, ...sub]));
  }
  return new InputError(`${what} must be ${expects}, not ${describe(value)}`, src.at(path));
}
