/** What one execution of a task's action on one host gets and gives: shared by the engine's actions and the modules' runner. */
import type { SourceLocation } from '../errors.js';
import type { FileDiff, ResultFields } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import type { Task, Vars } from '../playbook/index.js';
import { OMIT, type LazyVars } from '../template/index.js';
import type { RunContext } from './context.js';
import type { KeywordReader } from './keywords.js';
import type { HostRun } from './state.js';

export interface ActionOutcome {
  status: Exclude<HostStatus, 'unreachable'>;
  result: ResultFields;
  diff?: FileDiff | undefined;
  /** meta: what the block runner must do. */
  meta?: string | undefined;
  /** include_tasks / include_role: the rendered target for the block runner. */
  include?: { kind: 'tasks' | 'role'; target: string; args: Vars } | undefined;
}

export interface ActionInput {
  run: RunContext;
  task: Task;
  host: HostRun;
  scope: LazyVars;
  keywords: KeywordReader;
  location: SourceLocation;
}

function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(dropOmitted);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== OMIT).map(([k, v]) => [k, dropOmitted(v)]));
  }
  return value;
}

/** The task's arguments rendered for this host (those in `skip` as written), omitted values taken out. */
export function renderArgs(input: ActionInput, skip: ReadonlySet<string> = new Set()): Vars {
  const { run, task, scope } = input;
  const out: Vars = {};
  for (const [k, v] of Object.entries(task.args)) {
    out[k] = skip.has(k) ? v : run.templar.render(v, scope, task.locateArg([k]));
  }
  return dropOmitted(out) as Vars;
}
