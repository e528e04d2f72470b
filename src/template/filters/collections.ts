/** Filters over lists and dicts: combine, map/select, set theory, sort, groupby... */
import { copyDict, dictEntries, dictKeys, dictValues, hashable, keyId, keyProp, makeDict } from '../pydict.js';
import { getItem } from '../methods.js';
import { isDict, iterate, namedTuple, needHashable, pyCmp, pyEq, repr, str, TemplateError, toNum, truthy, tuple, typeName, Undef } from '../values.js';
import { arg, argBool, argStr, type EvalContext, type Registry } from './util.js';

function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEq(x, y))) out.push(x);
  return out;
}
function has(items: unknown[], x: unknown): boolean {
  return items.some((y) => pyEq(x, y));
}

/** Jinja2's attribute path lookup: "a.b.0". */
export function attrPath(item: unknown, path: unknown): unknown {
  if (typeof path === 'number') return getItem(item, path);
  let v = item;
  for (const part of String(path).split('.')) {
    v = /^\d+$/.test(part) ? getItem(v, Number(part)) : getItem(v, part);
  }
  return v;
}

const LIST_MERGES: ReadonlySet<string> = new Set(['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']);

function mergeLists(a: unknown[], b: unknown[], mode: string): unknown[] {
  switch (mode) {
    case 'replace':
      return b;
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !has(b, x)), ...b];
    default:
      return [...b, ...a.filter((x) => !has(b, x))];
  }
}

/** Ansible's merge_hash(x, y): y's values win. */
export function mergeHash(x: unknown, y: unknown, recursive: boolean, listMerge: string): Record<string, unknown> {
  if (!LIST_MERGES.has(listMerge)) throw new TemplateError(`merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'`);
  if (!isDict(x) || !isDict(y)) throw new TemplateError(`failed to combine variables, expected dicts but got a '${typeName(x)}' and a '${typeName(y)}'`);
  // Ansible's shortcut, which decides the order of the keys: y's when x is empty or equal to it.
  if (dictKeys(x).length === 0 || pyEq(x, y)) return copyDict(y);
  // Built as entries, so that typed keys and the order of keys such as "10" survive (pydict.ts).
  const out = new Map<string, [unknown, unknown]>(dictEntries(x).map(([k, v]) => [keyId(k), [k, v]]));
  for (const [key, v] of dictEntries(y)) {
    const k = keyId(key);
    const had = out.get(k);
    if (!had) out.set(k, [key, v]);
    else {
      const old = had[1];
      if (recursive && isDict(old) && isDict(v)) had[1] = mergeHash(old, v, recursive, listMerge);
      else if (Array.isArray(old) && Array.isArray(v)) had[1] = mergeLists(old, v, listMerge);
      else had[1] = v;
    }
  }
  return makeDict(out.values());
}

function sortKey(attr: unknown, caseSensitive: boolean): (x: unknown) => unknown {
  return (x) => {
    let v = attr === null || attr === undefined ? x : attrPath(x, attr);
    if (v instanceof Undef) v.fail();
    if (!caseSensitive && typeof v === 'string') v = v.toLowerCase();
    return v;
  };
}

function selectOrReject(ctx: EvalContext, items: unknown[], args: unknown[], kw: Record<string, unknown>, keep: boolean, byAttr: boolean): unknown[] {
  const rest = [...args];
  const attr = byAttr ? rest.shift() : undefined;
  const testName = rest.shift();
  const r = ctx as EvalContext & { applyTest(n: string, v: unknown, a: unknown[], k: Record<string, unknown>): boolean };
  return items.filter((item) => {
    const v = byAttr ? attrPath(item, attr) : item;
    const ok = testName === undefined ? truthy(v) : r.applyTest(String(testName), v, rest, kw);
    return ok === keep;
  });
}

function product(lists: unknown[][]): unknown[][] {
  let acc: unknown[][] = [[]];
  for (const l of lists) acc = acc.flatMap((p) => l.map((x) => [...p, x]));
  return acc;
}

function flatten(items: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None' || x === 'null')) continue;
    if (Array.isArray(x) && (levels === null || levels > 0)) out.push(...flatten(x, levels === null ? null : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

export const collectionFilters: Registry = {
  combine: (v, a, k) => {
    const recursive = argBool([], k, 0, 'recursive', false);
    const listMerge = argStr([], k, 0, 'list_merge', 'replace');
    if (Object.keys(k).some((key) => key !== 'recursive' && key !== 'list_merge')) throw new TemplateError("'recursive' and 'list_merge' are the only valid keyword arguments");
    // As Ansible: its arguments flattened one level, nulls dropped; a lone one comes back as it is.
    const dicts = flatten([v, ...a], 1, true);
    let out = dicts.pop();
    if (out === undefined) return {};
    // Merged from the right, as Ansible does: the order of the keys depends on it (mergeHash's shortcut).
    for (const d of dicts.reverse()) out = mergeHash(d, out, recursive, listMerge);
    return out;
  },
  dict2items: (v, a, k) => {
    if (!isDict(v)) throw new TemplateError(`dict2items requires a dictionary, got ${typeName(v)} instead.`);
    const kn = argStr(a, k, 0, 'key_name', 'key');
    const vn = argStr(a, k, 1, 'value_name', 'value');
    return dictEntries(v).map(([key, val]) => ({ [kn]: key, [vn]: val }));
  },
  items2dict: (v, a, k) => {
    const kn = argStr(a, k, 0, 'key_name', 'key');
    const vn = argStr(a, k, 1, 'value_name', 'value');
    if (!Array.isArray(v)) throw new TemplateError(`items2dict requires a list, got ${typeName(v)} instead.`);
    const pairs: Array<[unknown, unknown]> = [];
    for (const item of v) {
      if (!isDict(item)) throw new TemplateError(`items2dict requires a list of dictionaries, got ${typeName(item)}`);
      if (!(kn in item) || !(vn in item)) throw new TemplateError(`items2dict requires each dictionary in the list to contain the keys '${kn}' and '${vn}'`);
      pairs.push([needHashable(item[kn]), item[vn]]);
    }
    return makeDict(pairs);
  },
  map: (v, a, k, ctx) => {
    const items = iterate(v);
    if (a.length === 0 && 'attribute' in k) {
      const dflt = k.default;
      return items.map((x) => {
        const r = attrPath(x, k.attribute);
        return r instanceof Undef && dflt !== undefined ? dflt : r;
      });
    }
    const [name, ...rest] = a;
    if (typeof name !== 'string') throw new TemplateError('map requires a filter name or attribute=');
    const r = ctx as EvalContext & { applyFilter(n: string, v: unknown, a: unknown[], k: Record<string, unknown>): unknown };
    return items.map((x) => r.applyFilter(name, x, rest, k));
  },
  select: (v, a, k, ctx) => selectOrReject(ctx, iterate(v), a, k, true, false),
  reject: (v, a, k, ctx) => selectOrReject(ctx, iterate(v), a, k, false, false),
  selectattr: (v, a, k, ctx) => selectOrReject(ctx, iterate(v), a, k, true, true),
  rejectattr: (v, a, k, ctx) => selectOrReject(ctx, iterate(v), a, k, false, true),
  unique: (v, a, k) => {
    const cs = argBool(a, k, 0, 'case_sensitive', false);
    const attr = arg(a, k, 1, 'attribute', null);
    const key = sortKey(attr, cs);
    const out: unknown[] = [];
    const seen: unknown[] = [];
    for (const x of iterate(v)) {
      const kx = key(x);
      if (!has(seen, kx)) {
        seen.push(kx);
        out.push(x);
      }
    }
    return out;
  },
  union: (v, a) => uniq([...iterate(v), ...iterate(a[0])]),
  intersect: (v, a) => {
    const b = iterate(a[0]);
    return uniq(iterate(v).filter((x) => has(b, x)));
  },
  difference: (v, a) => {
    const b = iterate(a[0]);
    return uniq(iterate(v).filter((x) => !has(b, x)));
  },
  symmetric_difference: (v, a) => {
    const x = iterate(v);
    const y = iterate(a[0]);
    const inter = x.filter((e) => has(y, e));
    return uniq([...x, ...y]).filter((e) => !has(inter, e));
  },
  flatten: (v, a, k) => {
    const levels = arg(a, k, 0, 'levels', null);
    return flatten(iterate(v), levels === null ? null : toNum(levels), argBool(a, k, 1, 'skip_nulls', true));
  },
  zip: (v, a) => {
    const lists = [iterate(v), ...a.map(iterate)];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
  },
  zip_longest: (v, a, k) => {
    const lists = [iterate(v), ...a.map(iterate)];
    const fill = k.fillvalue ?? null;
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  product: (v, a, k) => {
    const lists = [iterate(v), ...a.map(iterate)];
    const repeat = k.repeat === undefined ? 1 : toNum(k.repeat);
    const all: unknown[][] = [];
    for (let i = 0; i < repeat; i++) all.push(...lists);
    return product(all).map((p) => tuple(p));
  },
  sort: (v, a, k) => {
    const reverse = argBool(a, k, 0, 'reverse', false);
    const cs = argBool(a, k, 1, 'case_sensitive', false);
    const attr = arg(a, k, 2, 'attribute', null);
    const attrs = attr === null ? [null] : String(attr).split(',').map((s) => s.trim());
    const keys = attrs.map((x) => sortKey(x, cs));
    const decorated = iterate(v).map((x) => ({ x, k: keys.map((f) => f(x)) }));
    // Array.prototype.sort is stable, as Python's sort: equal keys keep their order.
    decorated.sort((p, q) => {
      for (let j = 0; j < keys.length; j++) {
        const c = pyCmp(p.k[j], q.k[j]);
        if (c !== 0) return reverse ? -c : c;
      }
      return 0;
    });
    return decorated.map((d) => d.x);
  },
  dictsort: (v, a, k) => {
    if (!isDict(v)) throw new TemplateError('dictsort requires a dict');
    const cs = argBool(a, k, 0, 'case_sensitive', false);
    const by = argStr(a, k, 1, 'by', 'key');
    const reverse = argBool(a, k, 2, 'reverse', false);
    const idx = by === 'value' ? 1 : 0;
    const key = sortKey(null, cs);
    const items = dictEntries(v).map(([x, y]) => tuple([x, y]));
    items.sort((p, q) => pyCmp(key(p[idx]), key(q[idx])) * (reverse ? -1 : 1));
    return items;
  },
  groupby: (v, a, k) => {
    const attr = arg(a, k, 0, 'attribute');
    const dflt = arg(a, k, 1, 'default', undefined);
    const cs = argBool(a, k, 2, 'case_sensitive', false);
    const key = (x: unknown): unknown => {
      const r = attrPath(x, attr);
      return r instanceof Undef && dflt !== undefined ? dflt : r;
    };
    const items = iterate(v).map((x) => ({ x, k: key(x) }));
    const cmpKey = (y: unknown): unknown => (!cs && typeof y === 'string' ? y.toLowerCase() : y);
    // A stable sort, as Python's: equal keys keep their order.
    items.sort((p, q) => pyCmp(cmpKey(p.k), cmpKey(q.k)));
    const groups: Array<[unknown, unknown[]]> = [];
    for (const it of items) {
      const last = groups[groups.length - 1];
      if (last && pyEq(cmpKey(last[0]), cmpKey(it.k))) last[1].push(it.x);
      else groups.push([it.k, [it.x]]);
    }
    return groups.map((g) => namedTuple(g, ['grouper', 'list']));
  },
  // itertools' permutations and combinations, as lists of tuples (Ansible returns the iterators).
  permutations: (v, a, k) => {
    const items = iterate(v);
    const r = arg(a, k, 0, 'r', null);
    const n = r === null ? items.length : toNum(r);
    const out: unknown[][] = [];
    const walk = (prefix: number[]): void => {
      if (prefix.length === n) return void out.push(tuple(prefix.map((i) => items[i])));
      for (let i = 0; i < items.length; i++) if (!prefix.includes(i)) walk([...prefix, i]);
    };
    if (n <= items.length) walk([]);
    return out;
  },
  combinations: (v, a, k) => {
    const items = iterate(v);
    const n = toNum(arg(a, k, 0, 'r'));
    const out: unknown[][] = [];
    const walk = (start: number, prefix: unknown[]): void => {
      if (prefix.length === n) return void out.push(tuple(prefix));
      for (let i = start; i < items.length; i++) walk(i + 1, [...prefix, items[i]]);
    };
    walk(0, []);
    return out;
  },
  batch: (v, a, k) => {
    const n = toNum(arg(a, k, 0, 'linecount'));
    const fill = arg(a, k, 1, 'fill_with', null);
    const items = iterate(v);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    const last = out[out.length - 1];
    if (fill !== null && last) while (last.length < n) last.push(fill);
    return out;
  },
  slice: (v, a) => {
    const items = iterate(v);
    const n = toNum(a[0]);
    const per = Math.floor(items.length / n);
    const extra = items.length % n;
    const out: unknown[][] = [];
    let off = 0;
    for (let i = 0; i < n; i++) {
      const size = per + (i < extra ? 1 : 0);
      out.push(items.slice(off, off + size));
      off += size;
    }
    return out;
  },
  // Ansible's subelements: each step indexes a dict (a missing key fails, or skips the item with skip_missing), anything else is a type error; the end must be a list.
  subelements: (v, a, k) => {
    if (!isDict(v) && !Array.isArray(v)) throw new TemplateError('obj must be a list of dicts or a nested dict');
    const spec = arg(a, k, 0, 'subelements');
    if (spec instanceof Undef) spec.fail();
    if (!Array.isArray(spec) && typeof spec !== 'string') throw new TemplateError('subelements must be a list or a string');
    const path: unknown[] = Array.isArray(spec) ? spec : spec.split('.');
    const skip = argBool(a, k, 1, 'skip_missing', false);
    const out: unknown[] = [];
    for (const item of isDict(v) ? dictValues(v) : v) {
      let values: unknown = item;
      for (const part of path) {
        const prop = isDict(values) && hashable(part) ? keyProp(values, part) : undefined;
        if (prop !== undefined) values = (values as Record<string, unknown>)[prop];
        else if (!isDict(values)) throw new TemplateError(`the key ${str(part)} should point to a dictionary, got '${str(values)}'`);
        else if (skip) {
          values = [];
          break;
        } else throw new TemplateError(`could not find ${repr(part)} key in iterated item ${repr(values)}`);
      }
      if (!Array.isArray(values)) throw new TemplateError(`the key ${repr(path[path.length - 1])} should point to a list, got ${repr(values)}`);
      for (const s of values) out.push(tuple([item, s]));
    }
    return out;
  },
  extract: (v, a) => {
    let r = getItem(a[0], v);
    for (const key of a[1] === undefined ? [] : Array.isArray(a[1]) ? a[1] : [a[1]]) r = getItem(r, key);
    return r;
  },
};
