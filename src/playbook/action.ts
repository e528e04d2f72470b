/**
 * Finding the one action of a task mapping: the module key (short or
 * fully qualified), or the legacy `action:` / `local_action:` forms, and
 * reading its arguments (a mapping or the free-form `k=v` string).
 */
import { InputError } from '../errors.js';
import type { YamlPath } from '../yaml/load.js';
import { ENGINE_ACTIONS, isEngineAction } from './engine-actions.js';
import { UNSUPPORTED_KEYWORDS } from './keywords.js';
import { KvSyntaxError, parseKv } from './kv.js';
import type { LoadContext } from './context.js';
import type { Vars } from './model.js';
import type { Source } from './source.js';
import { closest, didYouMean, editDistance } from './suggest.js';
import { describe } from './validate.js';

const FQCN = /^[a-z0-9_]+\.[a-z0-9_]+\.([a-z0-9_]+)$/i;

/** `ansible.builtin.copy` -> `copy`; undefined when the name is not something we run. */
export function shortName(ctx: LoadContext, written: string): string | undefined {
  const m = FQCN.exec(written);
  const short = m?.[1] ?? written;
  if (isEngineAction(short) || ctx.catalog.has(short)) return short;
  return undefined;
}

export interface FoundAction {
  /** The key the action was found under (the module name, `action` or `local_action`). */
  key: string;
  written: string;
  action: string;
  args: Vars;
  localAction: boolean;
}

/** What the task is called in messages. */
export function taskLabel(raw: Record<string, unknown>, kind = 'task'): string {
  const name = raw['name'];
  return typeof name === 'string' || typeof name === 'number' ? `${kind} "${String(name)}"` : `unnamed ${kind}`;
}

function moduleNames(ctx: LoadContext): readonly string[] {
  ctx.moduleNames ??= [...ctx.catalog.names(), ...ENGINE_ACTIONS];
  return ctx.moduleNames;
}

async function readArgs(ctx: LoadContext, action: string, value: unknown, src: Source, path: YamlPath, label: string): Promise<Vars> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') {
    // A free-form module's text is a command line (an engine action's never is).
    const commandLine = !isEngineAction(action) && (await ctx.catalog.freeForm(action));
    try {
      return parseKv(value, commandLine);
    } catch (err) {
      if (err instanceof KvSyntaxError) throw new InputError(`${err.message} in ${label}`, src.at(path));
      throw err;
    }
  }
  if (typeof value === 'object' && !Array.isArray(value)) return { ...(value as Vars) };
  // A number or a boolean too: Ansible's ModuleArgsParser refuses them ("unexpected parameter type in action").
  throw new InputError(`the arguments of "${action}" in ${label} must be a mapping or a "key=value" string, not ${describe(value)}`, src.at(path));
}

/** The legacy `action: copy src=a` / `action: {module: copy, src: a}` forms. */
async function legacy(ctx: LoadContext, key: string, value: unknown, src: Source, path: YamlPath, label: string): Promise<FoundAction> {
  let written: string;
  let args: Vars;
  if (typeof value === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(value);
    written = m?.[1] ?? '';
    args = { _pending: m?.[2] ?? '' };
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { module, ...rest } = value as Vars;
    if (typeof module !== 'string') throw new InputError(`"${key}" in ${label} needs a "module" name`, src.at([...path, key]));
    written = module;
    args = rest;
  } else {
    throw new InputError(`"${key}" in ${label} must be a module name with arguments, not ${describe(value)}`, src.at([...path, key]));
  }
  const action = shortName(ctx, written);
  if (!action) throw unknownModule(ctx, written, src.at([...path, key]), label);
  if ('_pending' in args) args = await readArgs(ctx, action, args['_pending'], src, [...path, key], label);
  return { key, written, action, args, localAction: key === 'local_action' };
}

function unknownModule(ctx: LoadContext, written: string, at: ReturnType<Source['at']>, label: string): InputError {
  const m = FQCN.exec(written);
  const short = m?.[1] ?? written;
  const prefix = m ? written.slice(0, written.length - short.length) : '';
  const near = closest(short, moduleNames(ctx));
  return new InputError(`unknown module "${written}" in ${label}${didYouMean(near && { ...near, word: prefix + near.word })}`, at);
}

/**
 * Finds the task's action among its keys; `keywords` are the keys allowed
 * besides it. Throws for unknown keys, no action, or two actions.
 */
export async function findAction(ctx: LoadContext, raw: Record<string, unknown>, keywords: ReadonlySet<string>, src: Source, path: YamlPath, kind: string): Promise<FoundAction> {
  const label = taskLabel(raw, kind);
  const found: FoundAction[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'action' || key === 'local_action') {
      found.push(await legacy(ctx, key, value, src, path, label));
      continue;
    }
    if (keywords.has(key)) continue;
    if (UNSUPPORTED_KEYWORDS.has(key)) throw new InputError(`keyword "${key}" in ${label} is not supported by kolla-run`, src.keyAt([...path, key]));
    const action = shortName(ctx, key);
    if (action) found.push({ key, written: key, action, args: await readArgs(ctx, action, value, src, [...path, key], label), localAction: false });
    else unknown.push(key);
  }
  const first = unknown[0];
  if (first !== undefined) {
    const kw = closest(first, keywords);
    const mod = closest(FQCN.exec(first)?.[1] ?? first, moduleNames(ctx));
    const at = src.keyAt([...path, first]);
    // With an action present, a stray key is a misspelled keyword unless it is much closer to a module.
    const keywordLikely = kw && (!mod || kw.distance <= mod.distance || (found.length > 0 && editDistance(first, kw.word) <= 2));
    if (keywordLikely || (found.length > 0 && !mod)) return fail(`unknown keyword "${first}" in ${label}${didYouMean(kw)}`, at);
    throw unknownModule(ctx, first, at, label);
  }
  const [one, two] = found;
  if (!one) {
    throw new InputError(`no module or action in ${label}; a task needs exactly one (e.g. "command:" or "ansible.builtin.copy:")`, src.at(path));
  }
  if (two) {
    throw new InputError(`${label} has two actions, "${one.key}" and "${two.key}"; a task runs exactly one module`, src.keyAt([...path, two.key]));
  }
  return one;
}

function fail(message: string, at: ReturnType<Source['at']>): never {
  throw new InputError(message, at);
}
