/**
 * One execution of a task's action on one host (one loop item): an engine
 * action goes to its executor (engine-actions.ts), anything else to its
 * module through the pooled connection.
 */
import { type Connection, connectionSettingsFromVars, isConnectionType, portNumber, type ConnectionOptions, type ConnectionSettings } from '../connection/index.js';
import { InputError, type SourceLocation } from '../errors.js';
import type { AnyTaskModule, Evaluated, LocalFiles } from '../modules/contract.js';
import { findModule } from '../modules/registry.js';
import type { Vars } from '../playbook/index.js';
import { createLazyVars, type LazyVars, type Templar, type Vars as Scope } from '../template/index.js';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { RunContext } from './context.js';
import type { KeywordReader } from './keywords.js';
import { controllerImage } from '../containers/local-images.js';
import { factsTarget, renderArgs, type ActionInput, type ActionOutcome } from './action-input.js';
import { ENGINE_EXECUTORS } from './engine-actions.js';
import { controllerFiles } from './controller-files.js';
import { moduleContext, type TaskConnectionOptions } from './module-context.js';
import { resolveRelative } from './paths.js';
import { runModule, type RunFlags } from './module-runner.js';
import type { HostRun } from './state.js';

export type { ActionInput, ActionOutcome } from './action-input.js';
export { setFactResult } from './engine-actions.js';

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

/** A module's run on one host, ready to start: what runs, where and how. */
export interface ModuleCall {
  module: AnyTaskModule;
  args: Vars;
  connection: Connection;
  options: TaskConnectionOptions;
  flags: RunFlags;
  /** The host whose facts a module's facts go to. */
  factsHost: HostRun;
}

/** Everything about a module's run that the task and its variables decide, before anything reaches the host. */
export async function prepareModuleCall(input: ActionInput): Promise<ModuleCall> {
  const { run, task, host, scope, keywords } = input;
  const module = await findModule(task.action);
  if (!module) throw new InputError(`no module named "${task.action}"`, input.location);
  const rendered = renderArgs(input, new Set(Object.keys(module.expressionArgs ?? {})));
  const args = evaluateExpressionArgs(module, task.args, rendered, run.templar, scope, input.location);
  const delegateTo = keywords.string('delegate_to');
  const connectionScope = delegateTo && delegateTo !== host.name ? delegateScope(delegateTo, scope) : connectionVars(scope);
  const settings = settingsFor(run, delegateTo ?? host.name, connectionScope, taskConnection(keywords, run.options.connection, input.location));
  // As in Ansible's task executor, the variables ansible_become and ansible_become_user win over the keywords.
  const becomeKeyword = connectionScope.ansible_become === undefined && keywords.value('become') !== undefined;
  const becomeUser = connectionScope.ansible_become_user === undefined ? keywords.string('become_user') : undefined;
  const env = keywords.environment();
  const options: TaskConnectionOptions = {
    local: localFiles(input),
    signal: run.signal,
    ...(env ? { env } : {}),
    ...(becomeKeyword || becomeUser !== undefined
      ? { become: (becomeKeyword ? keywords.bool('become') : settings.become.enabled) ? { ...settings.become, user: becomeUser ?? settings.become.user } : false }
      : {}),
  };
  const check = keywords.value('check_mode') === undefined ? run.options.check : keywords.bool('check_mode');
  const diff = keywords.value('diff') === undefined ? run.options.diff : keywords.bool('diff');
  return { module, args, connection: run.pool.get(settings), options, flags: { check, diff }, factsHost: factsTarget(input) };
}

async function moduleAction(input: ActionInput): Promise<ActionOutcome> {
  const { run, task, host } = input;
  const call = await prepareModuleCall(input);
  const ctx = moduleContext(host.name, call.connection, call.options, { cache: run.reads, mode: 'live' });
  const reads = call.module.readOnlyQuery
    ? { ctx: moduleContext(host.name, call.connection, call.options, { cache: run.reads, mode: 'read' }), readAhead: run.reads.covers(host.name, task) }
    : undefined;
  const outcome = await runModule(call.module, call.args, ctx, call.flags, reads);
  const facts = outcome.result.ansible_facts;
  if (facts && typeof facts === 'object') call.factsHost.facts = { ...call.factsHost.facts, ...(facts as Vars) };
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
    controller: controllerFiles,
    find,
    exists: (path, kind) => existsSync(find(path, kind)),
    image: controllerImage,
    tree: (path, kind) => run.localReads.tree(find(path, kind)),
    mode: (path, kind) => run.localReads.mode(find(path, kind)),
    read: async (path, kind) => {
      const file = find(path, kind);
      try {
        return await run.localReads.read(file);
      } catch (cause) {
        throw new InputError(`could not find or read ${kind === 'files' ? 'file' : 'template'} "${path}" (looked for ${file})`, task.location, { cause });
      }
    },
    render: async (path, whitespace) => {
      const file = find(path, 'templates');
      const vars = createLazyVars([{ template_path: file, template_fullpath: file, template_host: hostname(), template_uid: userInfo().username }], run.templar);
      const layered = { get: (n: string) => (vars.has(n) ? vars.get(n) : scope.get(n)), has: (n: string) => vars.has(n) || scope.has(n) };
      return run.templar.renderFile(file, layered, whitespace);
    },
  };
}

/** Module facts are kept without their ansible_ prefix (factVars adds it back). */

/** Connection variables of a delegated host: its own when hostvars has it (inventory hosts, the implicit localhost), else its name as address. */
function delegateScope(delegate: string, scope: LazyVars): Vars {
  // hostvars holds a view (an object) of each host it knows.
  const hostvars = scope.get('hostvars') as Record<string, Record<string, unknown> | undefined>;
  const theirs = hostvars[delegate];
  if (theirs) return connectionVars({ has: (n) => n in theirs, get: (n) => theirs[n] });
  return { ansible_host: delegate };
}

/** The engine's own actions (set_fact, include_tasks...) by name: any other action is a module's. */
const ENGINE_BY_NAME = new Map(Object.entries(ENGINE_EXECUTORS));

export async function executeAction(input: ActionInput): Promise<ActionOutcome> {
  const engine = ENGINE_BY_NAME.get(input.task.action);
  return engine ? engine(input) : moduleAction(input);
}
