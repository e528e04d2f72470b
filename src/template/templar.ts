/**
 * The public face of the template engine: Ansible's Templar semantics.
 *
 * - renderFile: the template module (trim_blocks on, lstrip_blocks off,
 *   `#jinja2:` first-line overrides, trailing newlines kept, includes found
 *   in the search path and its `templates/` subfolders).
 * - render: a value from a playbook (strings, lists, dicts, recursively);
 *   a string that is exactly one `{{ expr }}` keeps the native type.
 * - evaluateCondition: a `when:`-style bare expression.
 */
import { dictEntries, makeDict } from './pydict.js';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError, type SourceLocation } from '../errors.js';
import { createLazyVars } from './lazy.js';
import { pyFunc, type Engine, type FilterFn, type LoadedTemplate, type TestFn } from './engine.js';
import { Renderer } from './eval.js';
import { coreFilters } from './filters/core.js';
import { collectionFilters } from './filters/collections.js';
import { dataFilters } from './filters/data.js';
import { encodingFilters } from './filters/encoding.js';
import { regexFilters } from './filters/regex.js';
import { markupFilters } from './filters/markup.js';
import { unitFilters } from './filters/units.js';
import { kollaFilters } from './filters/kolla.js';
import { jsonQueryFilters } from './filters/json-query.js';
import { literalEval } from './literal.js';
import { callLookup, type LookupFn } from './lookup-call.js';
import { parseTemplate } from './parser.js';
import { Frame, isVarScope, type VarScope } from './scope.js';
import type { Node } from './syntax-tree.js';
import { tests, UNDEFINED_TESTS } from './tests.js';
import { readOverride } from './syntax-check.js';
import { TemplateSyntaxError, type ParseOptions } from './tokenizer.js';
import { iterate, Namespace, PyFloat, TemplateError, toNum, toPlain, Undef, isDict, isTuple, needHashable, type KwArgs } from './values.js';

/** The value of `omit`: a module argument equal to it is dropped by the caller. */
export const OMIT = `__omit_place_holder__${randomBytes(20).toString('hex')}`;

export type Vars = Record<string, unknown> | VarScope;

export interface TemplarOptions {
  /** Where `{% include %}`/`{% import %}` look (each folder and its templates/ subfolder). */
  searchPaths?: string[];
  /**
   * Lookup plugins for lookup()/query(); none by default. `vars` is the
   * root scope of the render in progress (the task's variables, as Ansible
   * gives a lookup its templar's available variables).
   */
  lookup?: LookupFn;
}

export interface ConditionResult {
  value: boolean;
  warnings: string[];
}

const DEFAULT_PARSE: ParseOptions = { trimBlocks: true, lstripBlocks: false, rawStringsInVariables: false };

/** The template module's trim_blocks and lstrip_blocks (on and off unless given). */
export type TemplateWhitespace = Partial<Pick<ParseOptions, 'trimBlocks' | 'lstripBlocks'>>;

function countTrailingNewlines(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\n'; i--) n++;
  return n;
}


export class Templar {
  private readonly searchPaths: string[];
  private readonly engine: Engine;

  constructor(private readonly opts: TemplarOptions = {}) {
    this.searchPaths = opts.searchPaths ?? [];
    const filters = new Map<string, FilterFn>();
    for (const reg of [coreFilters, collectionFilters, dataFilters, encodingFilters, regexFilters, unitFilters, markupFilters, jsonQueryFilters, kollaFilters(() => this.activeVars)]) {
      for (const [k, f] of Object.entries(reg)) filters.set(k, f);
    }
    const testMap = new Map<string, TestFn>(Object.entries(tests));
    const lookup = (query: boolean) => pyFunc(query ? 'query' : 'lookup', (args, kw) => callLookup(this.opts.lookup, this.activeVars, query, args, kw));
    this.engine = {
      filters,
      // items: Jinja2's filter answers an undefined value with no items.
      undefinedFilters: new Set(['default', 'd', 'mandatory', 'items']),
      tests: testMap,
      undefinedTests: new Set(UNDEFINED_TESTS),
      globals: {
        omit: OMIT,
        range: pyFunc('range', (a) => {
          if (a.length === 0) throw new TemplateError('range expected at least 1 argument, got 0');
          if (a.length > 3) throw new TemplateError(`range expected at most 3 arguments, got ${a.length}`);
          const [x, y, step = 1] = a.map((v) => toNum(v)) as [number, number?, number?];
          const [start, stop] = y === undefined ? [0, x] : [x, y];
          if (step === 0) throw new TemplateError('range() arg 3 must not be zero');
          // Counted before it is built: range(10 ** 12) fails at once instead of filling the memory.
          const count = Math.max(0, Math.ceil((stop - start) / step));
          if (count > 100000) throw new TemplateError('range too big');
          return Array.from({ length: count }, (_, i) => start + i * step);
        }),
        dict: pyFunc('dict', dictOf),
        // Jinja2's Namespace takes dict()'s arguments.
        namespace: pyFunc('namespace', (a, kw) => new Namespace(dictOf(a, kw))),
        lookup: lookup(false),
        query: lookup(true),
        q: lookup(true),
      },
      loadTemplate: (name, from) => this.loadTemplate(name, from),
    };
  }

  // ------------------------------------------------------------ parsing

  private parse(src: string, po: ParseOptions, file: string, lineOffset = 0): Node {
    try {
      return parseTemplate(src, po);
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw new InputError(`template syntax error: ${err.message}`, { file, line: err.lineno + lineOffset });
      throw err;
    }
  }

  /** Jinja2 drops one trailing newline of a template source (keep_trailing_newline off). */
  private jinjaSource(src: string): string {
    const s = src.replace(/\r\n?/g, '\n');
    return s.endsWith('\n') ? s.slice(0, -1) : s;
  }

  private activeParse: ParseOptions = DEFAULT_PARSE;
  /** The root scope of the render in progress (saved and restored around nested renders), for lookups. */
  private activeVars: VarScope | undefined;


  private loadTemplate(name: string, from: string): LoadedTemplate | null {
    const dirs = [...this.searchPaths];
    if (path.isAbsolute(from)) dirs.push(path.dirname(from));
    const candidates = path.isAbsolute(name) ? [name] : dirs.flatMap((d) => [path.join(d, 'templates', name), path.join(d, name)]);
    for (const c of candidates) {
      if (existsSync(c)) {
        const src = this.jinjaSource(readFileSync(c, 'utf8'));
        return { name: c, root: this.parse(src, this.activeParse, c) };
      }
    }
    return null;
  }

  // ------------------------------------------------------------ rendering core

  private fail(err: unknown, where: SourceLocation, renderer?: Renderer): never {
    if (err instanceof InputError) throw err;
    if (err instanceof TemplateError) {
      const tline = err.lineno ?? renderer?.line;
      const line = where.line !== undefined && tline !== undefined ? where.line + tline - 1 : (tline ?? where.line);
      const loc: SourceLocation = { file: where.file, line, col: tline === 1 || tline === undefined ? where.col : undefined };
      throw new InputError(err.message, loc, { cause: err });
    }
    throw err;
  }

  /** Renders Jinja2 source with Ansible's do_template newline rules; `native` keeps a single expression's type. */
  private run(data: string, vars: Vars, where: SourceLocation, po: ParseOptions, native: boolean): unknown {
    const dataNewlines = countTrailingNewlines(data);
    const header = readOverride(data, po);
    if (header.error !== undefined) throw new InputError(header.error, { file: where.file, line: 1 });
    const src = header.body;
    const popts = header.options;
    const root = this.parse(this.jinjaSource(src), popts, where.file, header.headerLines);
    const renderer = new Renderer(this.engine, where.file);
    const frame = new Frame(null, isVarScope(vars) ? vars : createLazyVars([vars as Record<string, unknown>], this));
    const savedParse = this.activeParse;
    const savedVars = this.activeVars;
    this.activeParse = popts;
    this.activeVars = frame.root;
    try {
      let result: unknown;
      const only = native ? singleExpression(root) : null;
      if (only) {
        // Ansible 2.14's ansible_eval_concat (jinja2_native off): the one value becomes text
        // (None as ''), and only text that looks like a list, dict or bool is read back; a number
        // becomes a string. Lists and dicts read back as themselves, so they are kept as they are;
        // a tuple's text starts with '(' and is not read back: it stays text.
        const value = renderer.expr(only, frame);
        if (value instanceof Undef) value.fail();
        if (typeof value === 'boolean') return value;
        if (((Array.isArray(value) && !isTuple(value)) || isDict(value)) && readsBack(value)) return toPlain(value);
        const text = renderer.finalize(value);
        result = isStringTypeFilter(only) ? text : convertData(text);
      } else {
        result = renderer.render(root, frame);
        if (native) result = convertData(result as string);
      }
      if (typeof result === 'string') {
        const have = countTrailingNewlines(result);
        if (dataNewlines > have) result += '\n'.repeat(dataNewlines - have);
      }
      return toPlain(result);
    } catch (err) {
      return this.fail(err, where, renderer);
    } finally {
      this.activeParse = savedParse;
      this.activeVars = savedVars;
    }
  }

  // ------------------------------------------------------------ public API

  /** True when the string contains Jinja2 markup. */
  isTemplate(s: unknown): boolean {
    return typeof s === 'string' && /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/.test(s);
  }

  /** Renders a playbook value: strings are templated (native type kept for one `{{ expr }}`), lists and dicts recursively. */
  render(value: unknown, vars: Vars, loc: SourceLocation = { file: '<string>' }): unknown {
    if (typeof value === 'string') {
      if (!/\{\{|\{%|\{#/.test(value)) return value;
      const bare = singleVariable(value, vars);
      if (bare.found) return bare.value;
      return this.run(value, vars, loc, { ...DEFAULT_PARSE, rawStringsInVariables: true }, true);
    }
    if (Array.isArray(value)) return value.map((v) => this.render(v, vars, loc));
    if (isDict(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.render(v, vars, loc);
      return out;
    }
    // A YAML float written as 1.0 reaches modules and results as the number it is.
    if (value instanceof PyFloat) return value.v;
    return value;
  }

  /** Renders an inline string to text (no data conversion). */
  renderString(src: string, vars: Vars, loc: SourceLocation = { file: '<string>' }): string {
    if (!/\{\{|\{%|\{#/.test(src)) return src;
    return this.run(src, vars, loc, { ...DEFAULT_PARSE, rawStringsInVariables: true }, false) as string;
  }

  /** Renders template text as the template module does; `file` names it in errors and anchors includes. */
  renderText(text: string, vars: Vars, file: string, whitespace: TemplateWhitespace = {}): string {
    return this.run(text, vars, { file }, { ...DEFAULT_PARSE, ...whitespace }, false) as string;
  }

  /** The template module: reads `file` (UTF-8) and renders it; a `#jinja2:` first line overrides `whitespace`. */
  renderFile(file: string, vars: Vars, whitespace: TemplateWhitespace = {}): string {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read template: ${(err as Error).message}`, { file }, { cause: err });
    }
    return this.renderText(text, vars, path.resolve(file), whitespace);
  }

  /** A `when:`/`failed_when:`/`until:`/`that:` expression, with Ansible 2.14's rules. */
  evaluateCondition(expr: unknown, vars: Vars, loc: SourceLocation = { file: '<conditional>' }): ConditionResult {
    const warnings: string[] = [];
    if (typeof expr !== 'string') {
      const v = this.render(expr, vars, loc);
      return { value: truthyPlain(v), warnings };
    }
    if (this.isTemplate(expr)) {
      warnings.push(`conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${expr}`);
    }
    const first = this.render(expr, vars, loc);
    if (typeof first !== 'string' || first === '') return { value: truthyPlain(first), warnings };
    let out: string;
    try {
      out = this.renderString(`{% if ${first} %}True{% else %}False{% endif %}`, vars, loc);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`error while evaluating conditional (${expr}): ${err.reason}`, err.location, { cause: err });
      throw err;
    }
    return { value: out === 'True', warnings };
  }
}

/** Python's dict(mapping_or_pairs, **kw). */
function dictOf(a: unknown[], kw: KwArgs): Record<string, unknown> {
  const pairs: Array<readonly [unknown, unknown]> = [];
  if (a[0] !== undefined) {
    if (isDict(a[0])) pairs.push(...dictEntries(a[0]));
    else for (const pair of iterate(a[0])) {
      const [k, v] = iterate(pair);
      pairs.push([needHashable(k), v]);
    }
  }
  return makeDict([...pairs, ...Object.entries(kw)]);
}

function truthyPlain(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** The expression when the template is exactly one `{{ expr }}`. */
function singleExpression(root: Node): Node | null {
  const kids = root.children as Node[];
  if (kids.length !== 1) return null;
  const out = kids[0];
  if (!out || out.typename !== 'Output' || out.children.length !== 1) return null;
  const e = out.children[0] as Node;
  return e.typename === 'TemplateData' ? null : e;
}

/**
 * Ansible's shortcut for a template that is one bare variable (`{{ name }}`): a number or bool
 * keeps its type, None stays None; anything else is templated as usual.
 */
function singleVariable(text: string, vars: Vars): { found: true; value: unknown } | { found: false } {
  const name = /^\{\{\s*(\w*)\s*\}\}$/.exec(text)?.[1];
  if (name === undefined) return { found: false };
  const scope = isVarScope(vars) ? vars : undefined;
  const has = scope ? scope.has(name) : Object.prototype.hasOwnProperty.call(vars, name);
  if (!has) return { found: false };
  let value: unknown;
  try {
    value = scope ? scope.get(name) : (vars as Record<string, unknown>)[name];
  } catch {
    // Templating the variable failed: the full path reports it, with the template's location.
    return { found: false };
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return { found: true, value };
  if (value instanceof PyFloat) return { found: true, value: toPlain(value) };
  return { found: false };
}

/** Whether Python's literal_eval reads the value's repr back (a date, inf or nan in it keeps it text). */
function readsBack(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(readsBack);
  if (isDict(value)) return Object.values(value).every(readsBack);
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof PyFloat) return true;
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** Ansible's STRING_TYPE_FILTERS: their text is never read back as a list or dict. */
const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);

function isStringTypeFilter(expr: Node): boolean {
  return expr.typename === 'FilterCall' && STRING_TYPE_FILTERS.has(expr.name as string);
}

/** Ansible's ansible_eval_concat: text that looks like a list, dict or bool becomes one. */
function convertData(s: string): unknown {
  if (s.startsWith('{') || s.startsWith('[') || s === 'True' || s === 'False') {
    const r = literalEval(s, { jsonNames: true });
    if (r.ok) return r.value;
    // Python's TypeError (an unhashable key): Ansible does not catch it, the template fails.
    if (r.error !== undefined) throw new TemplateError(r.error);
  }
  return s;
}
