/**
 * How the executor runs each engine action on one host: the run-time half
 * of the table in playbook/engine-actions.ts, keyed by its names (the
 * record's type makes a missing or unknown name a compile error).
 */
import { InputError } from '../errors.js';
import { parseAddress } from '../inventory/index.js';
import type { ResultFields } from '../modules/contract.js';
import { toBool, type ExecutedAction, type Vars } from '../playbook/index.js';
import { loadYamlFile } from '../yaml/load.js';
import { factsTarget, renderArgs, type ActionInput, type ActionOutcome } from './action-input.js';
import { resolveRelative } from './paths.js';

type EngineExecutor = (input: ActionInput) => Promise<ActionOutcome>;

/** What set_fact registers for its rendered arguments (cacheable aside): like Ansible 2.14, yes/no/true/false strings become booleans. */
export function setFactResult(args: Vars): ResultFields {
  const { cacheable: _cacheable, ...facts } = args;
  for (const [k, v] of Object.entries(facts)) {
    if (typeof v !== 'string') continue;
    const word = v.toLowerCase();
    if (word === 'yes' || word === 'true') facts[k] = true;
    else if (word === 'no' || word === 'false') facts[k] = false;
  }
  return { changed: false, ansible_facts: facts };
}

/** Python's keywords: not variable names, though they look like them. */
const PYTHON_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

/** Ansible's isidentifier: an ASCII Python identifier that is not a keyword. */
function isVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

/**
 * set_fact as Ansible's action runs it: names templated too, each one a
 * variable name, yes/no strings as booleans; the facts go to the host (or,
 * under delegate_facts, the delegated one), and to its facts as well when
 * cacheable.
 */
async function setFact(input: ActionInput): Promise<ActionOutcome> {
  const { run, scope, task } = input;
  const args: Vars = {};
  for (const [k, v] of Object.entries(renderArgs(input))) args[run.templar.isTemplate(k) ? String(run.templar.render(k, scope, task.locateArg([k]))) : k] = v;
  const bad = Object.keys(args).find((k) => k !== 'cacheable' && !isVariableName(k));
  if (bad !== undefined) {
    const msg = `The variable name '${bad}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`;
    return { status: 'failed', result: { failed: true, changed: false, msg } };
  }
  const result = setFactResult(args);
  const cacheable = toBool(args.cacheable ?? false);
  const target = factsTarget(input);
  Object.assign(target.setVars, result.ansible_facts);
  if (cacheable) target.facts = { ...target.facts, ...(result.ansible_facts as Vars) };
  // Read when run_once shares the facts with the batch (Ansible's strategy pops it there too).
  return { status: 'ok', result: { ...result, _ansible_facts_cacheable: cacheable } };
}

async function includeVars(input: ActionInput): Promise<ActionOutcome> {
  const args = renderArgs(input);
  const file = String(args.file ?? args._raw_params ?? '');
  if (file === '') throw new InputError('include_vars needs a file', input.location);
  const path = resolveRelative(input.task, file, 'vars');
  const doc = await loadYamlFile(path);
  const loaded = (doc.value ?? {}) as Vars;
  const vars = typeof args.name === 'string' ? { [args.name]: loaded } : loaded;
  Object.assign(factsTarget(input).includedVars, vars);
  return { status: 'ok', result: { changed: false, ansible_facts: vars, ansible_included_var_files: [path] } };
}

async function groupBy(input: ActionInput): Promise<ActionOutcome> {
  const { run, host } = input;
  const args = renderArgs(input);
  const key = String(args.key ?? '');
  const parents = ([] as unknown[]).concat(args.parents ?? []).map(String);
  // Ansible reports changed when the host was not yet in the group.
  let changed = false;
  for (const group of [key, ...parents]) {
    const members = run.runtimeGroups.get(group) ?? [];
    if (!members.includes(host.name)) {
      members.push(host.name);
      changed ||= group === key;
    }
    run.runtimeGroups.set(group, members);
  }
  return { status: changed ? 'changed' : 'ok', result: { changed, add_group: key, parent_groups: parents } };
}

/** Keys of add_host that are not host variables (Ansible's special_args: `host` and `group` do become variables). */
const ADD_HOST_SPECIAL = new Set(['name', 'hostname', 'groupname', 'groups', '_raw_params']);

/**
 * add_host, as Ansible 2.14's action and add_dynamic_host: the host (a
 * `host:port` name sets ansible_ssh_port) joins the inventory for the rest
 * of the run, in the groups named, with the other keys as its variables.
 */
async function addHost(input: ActionInput): Promise<ActionOutcome> {
  const args = renderArgs(input);
  const failed = (msg: string): ActionOutcome => ({ status: 'failed', result: { failed: true, changed: false, msg } });
  const written = args.name ?? args.hostname ?? args.host;
  if (written === undefined || written === null) return failed('name, host or hostname needs to be provided');
  const address = parseAddress(String(written), false);
  const name = address?.host ?? String(written);
  const hostVars: Vars = {};
  for (const [k, v] of Object.entries(args)) if (!ADD_HOST_SPECIAL.has(k)) hostVars[k] = v;
  if (address?.port !== undefined) hostVars.ansible_ssh_port = address.port;
  const rawGroups = args.groupname ?? args.groups ?? args.group ?? '';
  let list: unknown[];
  if (Array.isArray(rawGroups)) list = rawGroups;
  else if (typeof rawGroups === 'string') list = rawGroups === '' ? [] : rawGroups.split(',');
  else return failed('Groups must be specified as a list.');
  const groups = [...new Set(list.map((g) => String(g).trim()))];
  const changed = input.run.inventory.addDynamicHost(name, groups, hostVars);
  return { status: changed ? 'changed' : 'ok', result: { changed, add_host: { host_name: name, groups, host_vars: hostVars } } };
}

/** The target the loader read for an include (playbook/tasks.ts reads one for every include_tasks and include_role). */
function includeTarget(input: ActionInput, kind: 'tasks' | 'role'): string {
  const include = input.task.include;
  if (include?.kind !== kind) throw new Error(`include_${kind} without the target the loader reads`);
  return include.kind === 'tasks' ? include.file : include.name;
}

// The engine's results leave `changed` out: the task executor adds changed false to every result without it.
export const ENGINE_EXECUTORS: Readonly<Record<ExecutedAction, EngineExecutor>> = {
  set_fact: setFact,
  include_vars: includeVars,
  // Never reached: the block runner and the handler flush run meta tasks themselves (meta.ts).
  meta: async () => ({ status: 'ok', result: {} }),
  include_tasks: async (input) => ({ status: 'ok', result: {}, include: { kind: 'tasks', target: String(input.run.templar.render(includeTarget(input, 'tasks'), input.scope, input.location)), args: {} } }),
  include_role: async (input) => ({ status: 'ok', result: {}, include: { kind: 'role', target: String(input.run.templar.render(includeTarget(input, 'role'), input.scope, input.location)), args: {} } }),
  group_by: groupBy,
  add_host: addHost,
};
