/**
 * Jinja2 syntax errors in the YAML files of a playbook: every templated
 * string value, and the bare expressions of when/changed_when/failed_when/
 * until (and assert's `that`, debug's `var`), named at the value's own line.
 */
import { InputError, type SourceLocation } from '../errors.js';
import type { Source } from '../playbook/index.js';
import { templateSyntaxError, type SyntaxKind, type SyntaxProblem } from '../template/index.js';
import type { YamlPath } from '../yaml/load.js';

const CONDITION_KEYS = new Set(['when', 'changed_when', 'failed_when', 'until']);
const TASK_LISTS = new Set(['block', 'rescue', 'always']);
const PLAY_TASK_LISTS = new Set(['pre_tasks', 'tasks', 'post_tasks', 'handlers']);
const ASSERT = /^(?:ansible\.(?:builtin|legacy)\.)?assert$/;
const DEBUG = /^(?:ansible\.(?:builtin|legacy)\.)?debug$/;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where problem `p` of the string at `path` is in the YAML file. */
export function valueLocation(src: Source, path: YamlPath, p: SyntaxProblem): SourceLocation {
  return valueLocationAt(src, src.at(path), p);
}

/** Where line/col `p` of the string value written at `at` is in the YAML file. */
export function valueLocationAt(src: Source, at: SourceLocation, p: SyntaxProblem): SourceLocation {
  const line0 = at.line ?? 1;
  const col0 = at.col ?? 1;
  const head = src.lineText(line0).slice(col0 - 1);
  if (/^[|>]/.test(head)) {
    // A block scalar's text starts on the next line, at its indentation.
    const line = line0 + p.line;
    const indent = /^\s*/.exec(src.lineText(line))?.[0].length ?? 0;
    return { file: src.file, line, col: indent + (p.col ?? 1) };
  }
  if (p.line !== 1 || p.col === undefined) return at;
  return { file: src.file, line: line0, col: col0 + (/^["']/.test(head) ? 1 : 0) + p.col - 1 };
}

class Walker {
  constructor(private readonly src: Source) {}

  private check(value: unknown, path: YamlPath, kind: SyntaxKind): void {
    if (typeof value !== 'string') return;
    const p = templateSyntaxError(value, kind);
    if (!p) return;
    const what = kind === 'condition' ? `in the condition "${value.length > 60 ? `${value.slice(0, 60)}...` : value}"` : 'in a template';
    throw new InputError(`Jinja2 syntax error ${what}: ${p.message}`, valueLocation(this.src, path, p));
  }

  values(value: unknown, path: YamlPath): void {
    if (typeof value === 'string') this.check(value, path, 'value');
    else if (Array.isArray(value)) value.forEach((v, i) => this.values(v, [...path, i]));
    else if (isMap(value)) for (const [k, v] of Object.entries(value)) this.values(v, [...path, k]);
  }

  conditions(value: unknown, path: YamlPath): void {
    if (Array.isArray(value)) value.forEach((v, i) => this.check(v, [...path, i], 'condition'));
    else this.check(value, path, 'condition');
  }

  /** A task, block or handler mapping. */
  task(task: unknown, path: YamlPath): void {
    if (!isMap(task)) return this.values(task, path);
    for (const [k, v] of Object.entries(task)) {
      const at = [...path, k];
      if (TASK_LISTS.has(k)) this.tasks(v, at);
      else if (CONDITION_KEYS.has(k)) this.conditions(v, at);
      else if (ASSERT.test(k) && isMap(v)) for (const [a, av] of Object.entries(v)) a === 'that' ? this.conditions(av, [...at, a]) : this.values(av, [...at, a]);
      else if (DEBUG.test(k) && isMap(v)) for (const [a, av] of Object.entries(v)) a === 'var' ? this.conditions(av, [...at, a]) : this.values(av, [...at, a]);
      else this.values(v, at);
    }
  }

  tasks(list: unknown, path: YamlPath): void {
    if (Array.isArray(list)) list.forEach((t, i) => this.task(t, [...path, i]));
  }

  /** A role entry (play `roles:`, meta dependencies): its `when` is a condition. */
  roleEntries(list: unknown, path: YamlPath): void {
    if (!Array.isArray(list)) return;
    list.forEach((e, i) => {
      if (!isMap(e)) return this.values(e, [...path, i]);
      for (const [k, v] of Object.entries(e)) k === 'when' ? this.conditions(v, [...path, i, k]) : this.values(v, [...path, i, k]);
    });
  }

  play(play: unknown, path: YamlPath): void {
    if (!isMap(play)) return;
    for (const [k, v] of Object.entries(play)) {
      const at = [...path, k];
      if (PLAY_TASK_LISTS.has(k)) this.tasks(v, at);
      else if (k === 'roles') this.roleEntries(v, at);
      else if (k === 'when') this.conditions(v, at);
      else this.values(v, at);
    }
  }
}

/** Throws an InputError at the first Jinja2 syntax error of `src`, read as `what` (as the loader read it). */
export function checkSourceSyntax(src: Source, what: string): void {
  const w = new Walker(src);
  const value = src.value;
  if (what === 'playbook') {
    if (Array.isArray(value)) value.forEach((p, i) => w.play(p, [i]));
  } else if (what === 'task file') w.tasks(value, []);
  else if (what === 'role meta file') {
    if (!isMap(value)) return;
    for (const [k, v] of Object.entries(value)) k === 'dependencies' ? w.roleEntries(v, [k]) : w.values(v, [k]);
  } else w.values(value, []);
}
