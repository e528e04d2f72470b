/** What one execution of a task's action on one host gets and gives: shared by the engine's actions and the modules' runner. */
import type { SourceLocation } from '../errors.js';
import type { FileDiff, ResultFields } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import type { Task, Vars } from '../playbook/index.js';
import { OMIT, type LazyVars } from '../template/index.js';
import type { RunContext } from './context.js';
import type { KeywordReader } from './keywords.js';
import { HostRun, type FactJournal } from './state.js';

export interface ActionOutcome {
  status: Exclude<HostStatus, 'unreachable'>;
  result: ResultFields;
  diff?: FileDiff | undefined;
  /** include_tasks / include_role: the rendered target for the block runner. */
  include?: { kind: 'tasks' | 'role'; target: string; args: Vars } | undefined;
  /** delegate_to, as the result shows it ("h1 -> localhost"). */
  delegatedTo?: string | undefined;
  /** delegate_facts: the facts went to the delegated host. */
  delegatedFacts?: boolean | undefined;
}

export interface ActionInput {
  run: RunContext;
  task: Task;
  host: HostRun;
  scope: LazyVars;
  keywords: KeywordReader;
  location: SourceLocation;
  /** Where the facts' writes are saved, to be undone if the task fails in the end. */
  journal?: FactJournal | undefined;
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

/**
 * Where a task runs for a host (delegate_to), and whether its facts go there
 * too (delegate_facts). A host delegating to itself still delegates its
 * facts: Ansible's strategy then sets a run_once task's facts on that host
 * alone, not on the batch.
 */
export function delegation(keywords: KeywordReader): { to?: string; facts: boolean } {
  const to = keywords.string('delegate_to');
  if (to === undefined) return { facts: false };
  return { to, facts: keywords.bool('delegate_facts') };
}

/**
 * The host a task's facts (set_fact, include_vars, a module's) go to: the
 * delegated host under delegate_facts, else the task's own. A delegated
 * host no play has selected (the implicit localhost) joins the run's hosts
 * then, as hostvars shows it in Ansible; it is in no recap. Under a journal
 * (a task's run), the writes go where the journal says (FactJournal).
 */
export function factsTarget(input: ActionInput): HostRun {
  const { run, host } = input;
  const { to, facts } = delegation(input.keywords);
  let target = host;
  if (to !== undefined && facts) {
    const delegated = run.hosts.get(to);
    if (delegated) target = delegated;
    else run.hosts.set(to, (target = new HostRun(to)));
  }
  return input.journal ? input.journal.writeTo(host, target) : target;
}
