/**
 * A task's effective keywords: its own, else the innermost enclosing
 * block's (or role's, or play's), templated for the host at hand.
 */
import type { SourceLocation } from '../errors.js';
import { toBool, type Task } from '../playbook/index.js';
import { pythonStr, type LazyVars, type Templar } from '../template/index.js';
import type { Inherited } from './state.js';

export type InheritableKeyword =
  | 'become'
  | 'become_user'
  | 'ignore_errors'
  | 'ignore_unreachable'
  | 'no_log'
  | 'check_mode'
  | 'diff'
  | 'environment'
  | 'delegate_to'
  | 'delegate_facts'
  | 'run_once'
  | 'any_errors_fatal'
  | 'timeout'
  | 'connection'
  | 'remote_user'
  | 'port';

/** The raw (untemplated) value: the task's own, else the innermost block's that sets it. */
export function rawKeyword(task: Task, inherited: Inherited, name: InheritableKeyword): unknown {
  const own = (task.keywords as Record<string, unknown>)[name];
  if (own !== undefined) return own;
  return inherited.keywordChain.findLast((keywords) => keywords[name] !== undefined)?.[name];
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export class KeywordReader {
  constructor(
    private readonly task: Task,
    private readonly inherited: Inherited,
    private readonly templar: Templar,
    private readonly scope: LazyVars,
    private readonly location: SourceLocation,
  ) {}

  value(name: InheritableKeyword): unknown {
    const raw = rawKeyword(this.task, this.inherited, name);
    return raw === undefined ? undefined : this.templar.render(raw, this.scope, this.location);
  }

  bool(name: InheritableKeyword, fallback = false): boolean {
    const v = this.value(name);
    return v === undefined || v === null ? fallback : toBool(v);
  }

  string(name: InheritableKeyword): string | undefined {
    const v = this.value(name);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  }

  /**
   * `environment`: a mapping or a list of mappings, merged in order; values as Python's str()
   * gives them (None, True, [1, 'x']), as Ansible puts them in the command's environment. A
   * null is no environment; text that is no mapping is passed over (Ansible warns of it on load).
   */
  environment(): Record<string, string> | undefined {
    const chain = [...this.inherited.keywordChain.map((k) => k.environment), this.task.keywords.environment].filter((e) => e !== undefined && e !== null);
    if (chain.length === 0) return undefined;
    const env: Record<string, string> = {};
    for (const raw of chain) {
      const rendered = this.templar.render(raw, this.scope, this.location);
      for (const dict of Array.isArray(rendered) ? rendered : [rendered]) {
        if (isMapping(dict)) for (const [k, v] of Object.entries(dict)) env[k] = pythonStr(v ?? null);
      }
    }
    return env;
  }
}
