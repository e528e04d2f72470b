/**
 * The items of a looped task: `loop:` as given, and the `with_<lookup>:`
 * forms kolla-ansible uses, with Ansible's meaning for each (with_items
 * flattens one level; with_dict gives key/value items; ...).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { toBool, type Loop } from '../playbook/index.js';
import { dictEntries, pythonStr } from '../template/index.js';

export class LoopError extends Error {}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function asList(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined) return [];
  // A templated None is one item, as Ansible's listify makes it.
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [v];
  throw new LoopError(`${what} expects a list, got a ${isDict(v) ? 'mapping' : typeof v}`);
}

function sequence(spec: unknown): unknown[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  if (typeof spec === 'string') {
    const short = /^\s*(\d+)\s*-\s*(\d+)(?:\/(\d+))?(?::(.+))?\s*$/.exec(spec);
    if (short) {
      start = Number(short[1]);
      end = Number(short[2]);
      if (short[3]) stride = Number(short[3]);
      if (short[4]) format = short[4];
    } else {
      for (const part of spec.trim().split(/\s+/)) {
        const [k, v = ''] = part.split('=');
        if (k === 'start') start = Number(v);
        else if (k === 'end') end = Number(v);
        else if (k === 'count') count = Number(v);
        else if (k === 'stride') stride = Number(v);
        else if (k === 'format') format = v;
        else throw new LoopError(`with_sequence: unknown option "${k}"`);
      }
    }
  }
  // Ansible's sanity checks, its count arithmetic (one past the last item, even counting down) and its empty stride-0 sequence.
  if (count !== undefined && end !== undefined) throw new LoopError("can't specify both count and end in with_sequence");
  if (count === 0) return [];
  if (count !== undefined) end = start + count * stride - 1;
  if (end === undefined || Number.isNaN(end) || Number.isNaN(start)) throw new LoopError('must specify count or end in with_sequence');
  if (stride > 0 && end < start) throw new LoopError('to count backwards make stride negative');
  if (stride < 0 && end > start) throw new LoopError("to count forward don't make stride negative");
  if (stride === 0) return [];
  const out: string[] = [];
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) {
    out.push(format.replace(/%(0?\d*)([dxXo])/, (_m, width: string, conv: string) => {
      const text = conv === 'd' ? String(i) : conv === 'o' ? i.toString(8) : conv === 'x' ? i.toString(16) : i.toString(16).toUpperCase();
      return width ? text.padStart(Number(width), width.startsWith('0') ? '0' : ' ') : text;
    }));
  }
  return out;
}

function firstFound(terms: unknown, searchDirs: readonly string[]): unknown[] {
  const spec = isDict(terms) ? terms : { files: terms };
  const files = asList(spec.files ?? spec.terms, 'with_first_found').flatMap((f) => (typeof f === 'string' ? f.split(/[,;]/) : [f]));
  const paths = asList(spec.paths, 'with_first_found paths').map(String);
  const dirs = paths.length > 0 ? paths : [...searchDirs];
  for (const f of files) {
    const name = String(f);
    const candidates = isAbsolute(name) ? [name] : dirs.flatMap((d) => [join(d, 'files', name), join(d, 'templates', name), join(d, name)]);
    const found = candidates.find((c) => existsSync(c));
    if (found) return [found];
  }
  if (spec.skip === true) return [];
  throw new LoopError('with_first_found: none of the files was found');
}

/**
 * with_subelements as Ansible's lookup: each element (a list, or a mapping's values) paired with every
 * value of the list at `key` (dotted for nested mappings); the element given without that key
 * (the lookup pops it from its copy); skipped results left out; skip_missing.
 */
function subelements(terms: unknown): unknown[] {
  const [list, key, flags] = asList(terms, 'with_subelements');
  if (typeof key !== 'string' || (!Array.isArray(list) && !isDict(list))) throw new LoopError('subelements lookup expects a list of two or three items, first a dict or a list, second a string pointing to the subkey');
  if (isDict(list) && list.skipped !== undefined && list.skipped !== false) return [];
  const skipMissing = isDict(flags) && toBool(flags.skip_missing);
  const path = key.split('.');
  return (isDict(list) ? Object.values(list) : list).flatMap((el) => {
    if (!isDict(el)) throw new LoopError(`subelements lookup expects a dictionary, got '${JSON.stringify(el)}'`);
    if (el.skipped !== undefined && el.skipped !== false) return [];
    const top: Record<string, unknown> = { ...el };
    let holder = top;
    for (const [i, step] of path.entries()) {
      if (!(step in holder)) {
        if (skipMissing) return [];
        throw new LoopError(`could not find '${step}' key in iterated item`);
      }
      const value = holder[step];
      if (i < path.length - 1) {
        if (!isDict(value)) {
          if (skipMissing) return [];
          throw new LoopError(`the key ${step} should point to a dictionary`);
        }
        holder = holder[step] = { ...value };
      } else {
        if (!Array.isArray(value)) throw new LoopError(`the key ${step} should point to a list`);
        delete holder[step];
        return value.map((sub) => [top, sub]);
      }
    }
    return [];
  });
}

/** The loop's items, from its already-templated terms. */
export function loopItems(loop: Loop, terms: unknown, searchDirs: readonly string[]): unknown[] {
  if (loop.kind === 'loop') {
    if (!Array.isArray(terms)) {
      const hint = 'Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.';
      throw new LoopError(`Invalid data passed to 'loop', it requires a list, got this instead: ${pythonStr(terms)}. ${hint}`);
    }
    return terms;
  }
  switch (loop.lookup) {
    case 'items':
      return asList(terms, 'with_items').flatMap((t) => (Array.isArray(t) ? t : [t]));
    case 'list':
      return asList(terms, 'with_list');
    case 'flattened': {
      const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
      return flat(terms);
    }
    case 'dict':
      if (!isDict(terms)) throw new LoopError('with_dict expects a mapping');
      return dictEntries(terms).map(([key, value]) => ({ key, value }));
    case 'indexed_items':
      return asList(terms, 'with_indexed_items')
        .flatMap((t) => (Array.isArray(t) ? t : [t]))
        .map((v, i) => [i, v]);
    case 'together': {
      const lists = asList(terms, 'with_together').map((l) => asList(l, 'with_together'));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)));
    }
    case 'nested': {
      const lists = asList(terms, 'with_nested').map((l) => asList(l, 'with_nested'));
      return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]);
    }
    case 'subelements':
      return subelements(terms);
    case 'sequence':
      return asList(terms, 'with_sequence').flatMap(sequence);
    case 'first_found':
      return firstFound(terms, searchDirs);
    case 'random_choice': {
      const list = asList(terms, 'with_random_choice');
      return list.length === 0 ? [] : [list[Math.floor(Math.random() * list.length)]];
    }
    default:
      throw new LoopError(`with_${loop.lookup} is not supported`);
  }
}
