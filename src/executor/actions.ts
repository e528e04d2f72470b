/**
 * One execution of a task's action on one host (one loop item): engine
 * actions (set_fact, include_vars, meta, includes, group_by) are handled
 * here; everything else goes to its module through the pooled connection.
 */
import { connectionSettingsFromVars, isConnectionType, portNumber, type ConnectionOptions, type ConnectionSettings } from '../connection/index.js';
import { InputError, type SourceLocation } from '../errors.js';
import type { AnyTaskModule, Evaluated, LocalFiles, ResultFields } from '../modules/contract.js';
import { findModule } from '../modules/registry.js';
import type { FileDiff } from '../modules/contract.js';
import type { HostStatus } from '../output/events.js';
import type { Task, Vars } from '../playbook/index.js';
import { createLazyVars, OMIT, type LazyVars, type Templar, type Vars as Scope } from '../template/index.js';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { loadYamlFile } from '../yaml/load.js';
import type { RunContext } from './context.js';
import type { KeywordReader } from './keywords.js';
import { controllerImage } from '../containers/local-images.js';
import { moduleContext } from './module-context.js';
import { resolveRelative } from './paths.js';
import { runModule } from './module-runner.js';
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

/** The names of Ansible's connection variables (read from the whole scope, templated). */
const CONNECTION_VARS = [
  'ansible_host', 'ansible_ssh_host', 'ansible_port', 'ansible_ssh_port', 'ansible_user', 'ansible_ssh_user',
  'ansible_ssh_private_key_file', 'ansible_private_key_file', 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password',
  'ansible_connection', 'ansible_ssh_common_args', 'ansible_ssh_extra_args', 'ansible_become', 'ansible_become_user',
  'ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass', 'ansible_become_method', 'ansible_become_exe',
  'ansible_become_flags', 'ansible_timeout', 'ansible_ssh_timeout', 'ansible_host_key_checking', 'ansible_ssh_host_key_checking',
] as const;

export function connectionVars(scope: { has(n: string): boolean; get(n: string): unknown }): Vars {
  const out: Vars = {};
  for (const name of CONNECTION_VARS) if (scope.has(name)) out[name] = scope.get(name);
  return out;
}

function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(dropOmitted);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== OMIT).map(([k, v]) => [k, dropOmitted(v)]));
  }
  return value;
}

export interface ActionInput {
  run: RunContext;
  task: Task;
  host: HostRun;
  scope: LazyVars;
  keywords: KeywordReader;
  location: SourceLocation;
}

function renderArgs(input: ActionInput, skip: ReadonlySet<string> = new Set()): Vars {
  const { run, task, scope, location } = input;
  const out: Vars = {};
  for (const [k, v] of Object.entries(task.args)) {
    out[k] = skip.has(k) ? v : run.templar.render(v, scope, task.locateArg([k]));
  }
  return dropOmitted(out) as Vars;
}

/** A bare expression's value (debug's `var`): undefined variables, keys and attributes give `defined: false`, not an error. */
function evaluate(templar: Templar, scope: Scope, location: SourceLocation, expression: unknown): Evaluated {
  const text = String(expression);
  try {
    const value = templar.render(`{{ ${text} }}`, scope, location);
    return { expression: text, value, defined: true };
  } catch (err) {
    if (err instanceof InputError && /undefined|has no attribute/i.test(err.reason)) return { expression: text, value: undefined, defined: false };
    throw err;
  }
}

/**
 * The module's expression arguments (debug's `var`, assert's `that`) taken
 * from the task as written and evaluated as the module declares; `args` holds
 * the other arguments, already rendered.
 */
export function evaluateExpressionArgs(module: AnyTaskModule, raw: Vars, args: Vars, templar: Templar, scope: Scope, location: SourceLocation): Vars {
  const out = { ...args };
  for (const [name, kind] of Object.entries(module.expressionArgs ?? {})) {
    const value = raw[name];
    if (value === undefined) continue;
    if (kind === 'value') out[name] = evaluate(templar, scope, location, value);
    else {
      const list = Array.isArray(value) ? value : [value];
      out[name] = list.map((c) => ({ expression: String(c), value: templar.evaluateCondition(c, scope, location).value, defined: true }));
    }
  }
  return out;
}

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

async function includeVarsAction(input: ActionInput): Promise<ActionOutcome> {
  const args = renderArgs(input);
  const file = String(args.file ?? args._raw_params ?? '');
  if (file === '') throw new InputError('include_vars needs a file', input.location);
  const path = resolveRelative(input.task, file, 'vars');
  const doc = await loadYamlFile(path);
  const loaded = (doc.value ?? {}) as Vars;
  const vars = typeof args.name === 'string' ? { [args.name]: loaded } : loaded;
  Object.assign(input.host.includedVars, vars);
  return { status: 'ok', result: { changed: false, ansible_facts: vars, ansible_included_var_files: [path] } };
}

async function moduleAction(input: ActionInput): Promise<ActionOutcome> {
  const { run, task, host, scope, keywords } = input;
  const module = await findModule(task.action);
  if (!module) throw new InputError(`no module named "${task.action}"`, input.location);
  const rendered = renderArgs(input, new Set(Object.keys(module.expressionArgs ?? {})));
  const args = evaluateExpressionArgs(module, task.args, rendered, run.templar, scope, input.location);
  const delegateTo = keywords.string('delegate_to');
  const connectionScope = delegateTo && delegateTo !== host.name ? delegateScope(run, delegateTo, scope) : connectionVars(scope);
  const settings = settingsFor(run, delegateTo ?? host.name, connectionScope, taskConnection(keywords, run.options.connection, input.location));
  const become = keywords.value('become');
  const becomeUser = keywords.string('become_user');
  const env = keywords.environment();
  const ctx = moduleContext(host.name, run.pool.get(settings), {
    local: localFiles(input),
    signal: run.signal,
    ...(env ? { env } : {}),
    ...(become !== undefined || becomeUser !== undefined
      ? { become: keywords.bool('become', settings.become.enabled) ? { ...settings.become, user: becomeUser ?? settings.become.user } : false }
      : {}),
  });
  const check = keywords.value('check_mode') === undefined ? run.options.check : keywords.bool('check_mode');
  const diff = keywords.value('diff') === undefined ? run.options.diff : keywords.bool('diff');
  const outcome = await runModule(module, args, ctx, { check, diff });
  const facts = outcome.result.ansible_facts;
  if (facts && typeof facts === 'object') {
    const target = delegateTo && keywords.bool('delegate_facts') ? run.hosts.get(delegateTo) : host;
    if (target) target.facts = { ...target.facts, ...stripFactPrefix(facts as Vars) };
  }
  return { status: outcome.status, result: outcome.result, diff: outcome.diff };
}

/**
 * Connection settings are the same for every task of a host unless its
 * connection variables change: computed once per distinct set (reading them
 * parses ssh args and ssh_config, too much to repeat per host and task).
 */
const settingsCache = new WeakMap<RunContext['options'], Map<string, ConnectionSettings>>();
function settingsFor(run: RunContext, name: string, vars: Vars, options: ConnectionOptions): ConnectionSettings {
  let cache = settingsCache.get(run.options);
  if (!cache) settingsCache.set(run.options, (cache = new Map()));
  const key = `${name}\0${JSON.stringify(vars)}\0${options.connection ?? ''}\0${options.user ?? ''}\0${options.port ?? ''}`;
  let settings = cache.get(key);
  if (!settings) cache.set(key, (settings = connectionSettingsFromVars(name, vars, options)));
  return settings;
}

/** A play's, block's or task's connection keywords over the command line's options; the host's variables still win. */
function taskConnection(keywords: KeywordReader, cli: ConnectionOptions, location: SourceLocation): ConnectionOptions {
  const connection = keywords.string('connection');
  const user = keywords.string('remote_user');
  const portText = keywords.string('port');
  if (connection === undefined && user === undefined && portText === undefined) return cli;
  if (connection !== undefined && !isConnectionType(connection)) throw new InputError(`connection: only "ssh" and "local" are supported, got "${connection}"`, location);
  const port = portText === undefined ? undefined : portNumber(portText);
  if (portText !== undefined && port === undefined) throw new InputError(`port must be a port number, got "${portText}"`, location);
  return { ...cli, ...(connection !== undefined ? { connection } : {}), ...(user !== undefined ? { user } : {}), ...(port !== undefined ? { port } : {}) };
}

/** The controller side of a task: its role's files/ and templates/, rendered with this host's variables. */
function localFiles(input: ActionInput): LocalFiles {
  const { run, task, scope } = input;
  const find = (path: string, kind: 'files' | 'templates') => resolveRelative(task, path, kind);
  return {
    find,
    exists: (path, kind) => existsSync(find(path, kind)),
    image: controllerImage,
    tree: (path, kind) => run.localReads.tree(find(path, kind)),
    read: async (path, kind) => {
      const file = find(path, kind);
      try {
        return await run.localReads.read(file);
      } catch (cause) {
        throw new InputError(`could not find or read ${kind === 'files' ? 'file' : 'template'} "${path}" (looked for ${file})`, task.location, { cause });
      }
    },
    render: async (path) => {
      const file = find(path, 'templates');
      const vars = createLazyVars([{ template_path: file, template_fullpath: file, template_host: hostname(), template_uid: userInfo().username }], run.templar);
      const layered = { get: (n: string) => (vars.has(n) ? vars.get(n) : scope.get(n)), has: (n: string) => vars.has(n) || scope.has(n) };
      return run.templar.renderFile(file, layered);
    },
  };
}

/** Module facts are kept without their ansible_ prefix (factVars adds it back). */
export function stripFactPrefix(facts: Vars): Vars {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.startsWith('ansible_') ? k.slice(8) : k, v]));
}

/** Connection variables of a delegated host: its own when it is in the inventory, else its name as address. */
function delegateScope(run: RunContext, delegate: string, scope: LazyVars): Vars {
  const hostvars = scope.get('hostvars') as Record<string, unknown>;
  const theirs = hostvars[delegate] as { has?: unknown } | undefined;
  if (theirs && typeof theirs === 'object') {
    const lookup = theirs as Record<string, unknown>;
    return connectionVars({ has: (n) => n in lookup, get: (n) => lookup[n] });
  }
  if (run.inventory.isImplicitLocalhost(delegate)) return { ansible_connection: 'local' };
  return { ansible_host: delegate };
}

export async function executeAction(input: ActionInput): Promise<ActionOutcome> {
  const { task, host } = input;
  switch (task.action) {
    case 'set_fact': {
      const result = setFactResult(renderArgs(input));
      Object.assign(host.setVars, result.ansible_facts);
      return { status: 'ok', result };
    }
    case 'include_vars':
      return includeVarsAction(input);
    case 'meta':
      return { status: 'ok', result: { changed: false }, meta: String(task.args._raw_params ?? task.args.free_form ?? '') };
    case 'include_tasks': {
      const target = task.include?.kind === 'tasks' ? task.include.file : String(task.args.file ?? task.args._raw_params ?? '');
      return { status: 'ok', result: { changed: false }, include: { kind: 'tasks', target: String(input.run.templar.render(target, input.scope, input.location)), args: {} } };
    }
    case 'include_role': {
      const name = task.include?.kind === 'role' ? task.include.name : String(task.args.name ?? '');
      return { status: 'ok', result: { changed: false }, include: { kind: 'role', target: String(input.run.templar.render(name, input.scope, input.location)), args: {} } };
    }
    case 'group_by': {
      const args = renderArgs(input);
      const key = String(args.key ?? '');
      const parents = ([] as unknown[]).concat(args.parents ?? []).map(String);
      // Ansible reports changed when the host was not yet in the group.
      let changed = false;
      for (const group of [key, ...parents]) {
        const members = input.run.runtimeGroups.get(group) ?? [];
        if (!members.includes(host.name)) {
          members.push(host.name);
          changed ||= group === key;
        }
        input.run.runtimeGroups.set(group, members);
      }
      return { status: changed ? 'changed' : 'ok', result: { changed, add_group: key, parent_groups: parents } };
    }
    default:
      return moduleAction(input);
  }
}
