/**
 * Host patterns as Ansible evaluates them. `web:db`, `web,db`: union;
 * `&g`: intersection; `!g`: exclusion. Plain terms are united first (in the
 * order written), then every `&` term, then every `!` term, whatever the
 * order written; with only `&`/`!` terms the start is `all`. Terms are
 * group or host names, fnmatch globs, `~regex`, with an optional
 * inclusive slice `g[0]`, `g[-1]`, `g[1:]`, `g[0:2]`.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseAddress } from './address.js';
import type { Inventory } from './inventory.js';
import { LOCALHOST_NAMES } from './inventory.js';

export interface Selection {
  hosts: string[];
  warnings: string[];
}

// Something other than whitespace or `:[]`, or a whole bracketed expression.
const TERM = /(?:[^\s:[\]]|\[[^\]]*\])+/g;
const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/s;

/**
 * Splits a pattern into terms. Commas always separate; without a comma the
 * whole text is one term if it reads as an address (`fe80::1`, `host:22`),
 * otherwise colons separate, brackets protecting the colons of slices.
 */
export function splitHostPattern(pattern: string | readonly string[]): string[] {
  if (typeof pattern !== 'string') return pattern.flatMap((p) => splitHostPattern(p));
  if (pattern.includes(',')) return pattern.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const text = pattern.trim();
  if (text === '') return [];
  if (parseAddress(text, true)) return [text];
  return text.match(TERM) ?? [];
}

/** Python's fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`; the whole name must match. */
export function fnmatchToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        out += '\\[';
      } else {
        out += globClass(glob, i + 1, j);
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/**
 * The class `glob[start, end)` (between the brackets) as fnmatch.translate
 * writes it: ranges split on their hyphens, a range whose ends are reversed
 * dropped (Python never matches it; JavaScript would not compile it), an
 * empty class never matching, a lone `!` matching any character.
 */
function globClass(glob: string, start: number, end: number): string {
  let i = start;
  let body = glob.slice(i, end);
  if (!body.includes('-')) body = body.replace(/\\/g, '\\\\');
  else {
    const chunks: string[] = [];
    let k = glob[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      k = glob.indexOf('-', k);
      if (k < 0 || k >= end) break;
      chunks.push(glob.slice(i, k));
      i = k + 1;
      k += 3;
    }
    const last = glob.slice(i, end);
    if (last !== '') chunks.push(last);
    else chunks[chunks.length - 1] += '-';
    for (let n = chunks.length - 1; n > 0; n--) {
      const before = chunks[n - 1] as string;
      const after = chunks[n] as string;
      if (before.slice(-1) > after.slice(0, 1)) chunks.splice(n - 1, 2, before.slice(0, -1) + after.slice(1));
    }
    body = chunks.map((chunk) => chunk.replace(/\\/g, '\\\\').replace(/-/g, '\\-')).join('-');
  }
  body = body.replace(/[&~|]/g, '\\$&');
  if (body === '') return '(?!)';
  if (body === '!') return '.';
  if (body.startsWith('!')) body = '^' + body.slice(1);
  else if (body.startsWith('^') || body.startsWith('[')) body = '\\' + body;
  // A ] first in the class is a member (Python's rule); JavaScript reads [] as an empty class.
  return `[${body.replace(/\]/g, '\\]')}]`;
}

/** A Python regex, matched at the start of the name as re.match does. */
function pythonRegExp(source: string): RegExp {
  let flags = '';
  let body = source.replace(/^\(\?([aiLmsux]+)\)/, (_, f: string) => {
    for (const ch of f) if ('ims'.includes(ch) && !flags.includes(ch)) flags += ch;
    return '';
  });
  body = body.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\Z/g, '$').replace(/\\A/g, '^');
  try {
    return new RegExp(`^(?:${body})`, flags);
  } catch (cause) {
    throw new InputError(`invalid regular expression in host pattern "~${source}"`, { file: 'host pattern' }, { cause });
  }
}

function matcher(expr: string): (name: string) => boolean {
  const re = expr.startsWith('~') ? pythonRegExp(expr.slice(1)) : fnmatchToRegExp(expr);
  return (name) => re.test(name);
}

/** Thrown for `g[9]` on a smaller group: Ansible then selects no host at all, for the whole pattern. */
class SubscriptOutOfRange extends Error {}

function applySubscript(hosts: readonly string[], index: number, end: number | 'open' | undefined): string[] {
  if (end === undefined) {
    const i = index < 0 ? hosts.length + index : index;
    const h = hosts[i];
    if (h === undefined) throw new SubscriptOutOfRange(`index ${index} is out of range for ${hosts.length} host(s)`);
    return [h];
  }
  return hosts.slice(index, end === 'open' ? undefined : end + 1);
}

/** Groups made while a playbook runs (group_by), by name: their members in the order they joined. */
export type RuntimeGroups = ReadonlyMap<string, readonly string[]>;

class Evaluator {
  readonly warnings: string[] = [];
  constructor(
    private readonly inv: Inventory,
    private readonly runtime: RuntimeGroups = new Map(),
  ) {}

  /** One term without its `&`/`!` prefix. */
  matchTerm(term: string): string[] {
    let expr = term;
    let index: number | undefined;
    let end: number | 'open' | undefined;
    const sub = term.startsWith('~') ? null : SUBSCRIPT.exec(term);
    if (sub) {
      expr = sub[1] as string;
      if (sub[2] !== undefined) index = Number(sub[2]);
      else {
        index = Number(sub[3]);
        end = sub[5] === '' ? 'open' : Number(sub[5]);
        if (sub[4] === '-') this.warnings.push(`use [x:y] inclusive subscripts instead of [x-y]: ${term}`);
      }
    }
    const hosts = this.enumerate(expr);
    if (index === undefined) return hosts;
    try {
      return applySubscript(hosts, index, end);
    } catch (err) {
      if (err instanceof SubscriptOutOfRange) throw new SubscriptOutOfRange(`${term}: ${err.message}`);
      throw err;
    }
  }

  private enumerate(expr: string): string[] {
    const test = matcher(expr);
    const results: string[] = [];
    const seen = new Set<string>();
    const add = (h: string): void => {
      if (!seen.has(h)) {
        seen.add(h);
        results.push(h);
      }
    };
    const groups = this.inv.groupNames.filter(test);
    for (const g of groups) this.inv.groupHosts(g).forEach(add);
    const made = [...this.runtime.keys()].filter(test);
    for (const g of made) this.runtime.get(g)?.forEach(add);
    // Hosts are looked at when no group matched (inventory or run-time), or when the term is a glob or regex.
    const groupMatched = groups.length > 0 || made.length > 0;
    if (!groupMatched || expr.startsWith('~') || /[.?*[]/.test(expr)) {
      this.inv.hostNames.filter(test).forEach(add);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(expr)) add(expr);
    if (results.length === 0 && expr !== 'all') this.warnings.push(`could not match supplied host pattern, ignoring: ${expr}`);
    return results;
  }

  evaluate(terms: readonly string[]): string[] {
    const plain = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
    const ands = terms.filter((t) => t.startsWith('&'));
    const nots = terms.filter((t) => t.startsWith('!'));
    if (plain.length === 0 && (ands.length > 0 || nots.length > 0)) plain.push('all');
    const hosts: string[] = [];
    const have = new Set<string>();
    for (const t of plain) {
      let matched: string[];
      if (this.inv.hasHost(t)) {
        // An exact host name wins over a group of the same name, as in Ansible.
        if (this.inv.hasGroup(t)) this.warnings.push(`found both group and host with same name: ${t}`);
        matched = [t];
      } else matched = this.matchTerm(t);
      for (const h of matched) {
        if (!have.has(h)) {
          have.add(h);
          hosts.push(h);
        }
      }
    }
    let out = hosts;
    for (const t of ands) {
      const keep = new Set(this.matchTerm(t.slice(1)));
      out = out.filter((h) => keep.has(h));
    }
    for (const t of nots) {
      const drop = new Set(this.matchTerm(t.slice(1)));
      out = out.filter((h) => !drop.has(h));
    }
    return out;
  }
}

/** --limit terms; `@file` reads one pattern per line (blank lines skipped). */
function limitTerms(limit: string | readonly string[], cwd: string): string[] {
  const terms: string[] = [];
  for (const term of splitHostPattern(limit)) {
    if (!term.startsWith('@')) {
      terms.push(term);
      continue;
    }
    const file = resolve(cwd, term.slice(1));
    let text: string;
    try {
      if (statSync(file).isDirectory()) throw new InputError('a --limit @file must be a file, not a directory', { file });
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      if (cause instanceof InputError) throw cause;
      throw new InputError('cannot read the --limit file', { file }, { cause });
    }
    terms.push(...text.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  }
  return terms;
}

/**
 * The hosts a pattern selects, in inventory order, further restricted by an
 * optional limit (as --limit). Terms that match nothing give warnings.
 */
export function selectHosts(
  inv: Inventory,
  pattern: string | readonly string[],
  limit?: string | readonly string[],
  opts: { cwd?: string; runtimeGroups?: RuntimeGroups } = {},
): Selection {
  const evaluator = new Evaluator(inv, opts.runtimeGroups);
  try {
    let hosts = evaluator.evaluate(splitHostPattern(pattern));
    if (limit !== undefined && (typeof limit !== 'string' || limit.trim() !== '')) {
      const allowed = new Set(evaluator.evaluate(limitTerms(limit, opts.cwd ?? process.cwd())));
      hosts = hosts.filter((h) => allowed.has(h));
    }
    return { hosts, warnings: evaluator.warnings };
  } catch (err) {
    if (!(err instanceof SubscriptOutOfRange)) throw err;
    return { hosts: [], warnings: [...evaluator.warnings, `no hosts selected: subscript ${err.message}`] };
  }
}
