/**
 * A module's arguments checked with the module's own zod schema before the
 * run: an unknown option, a value outside its choices, a wrong type, a
 * missing required option. Only what no variable can change is reported:
 * a problem at or inside a templated value is left to the run.
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { describeIssue, writtenAt } from '../executor/module-args.js';
import { findModule } from '../modules/registry.js';
import { describe, type Task } from '../playbook/index.js';
import { hasMarkup } from '../template/index.js';

type Path = ReadonlyArray<string | number>;

function templatedPaths(value: unknown, path: Path, out: Path[]): void {
  if (typeof value === 'string') {
    if (hasMarkup(value)) out.push(path);
  } else if (Array.isArray(value)) value.forEach((v, i) => templatedPaths(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) templatedPaths(v, [...path, k], out);
}

const overlaps = (a: Path, b: Path): boolean => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The issue with what variables may change taken out, or undefined when nothing certain is left. */
function certain(issue: z.core.$ZodIssue, args: Record<string, unknown>, templated: readonly Path[], expressionArgs: ReadonlySet<string>): z.core.$ZodIssue | undefined {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // `key: "{{ omit }}"` (or a template that may give omit) takes the key away before the module sees it.
    const keys = path.length === 0 ? issue.keys.filter((k) => !(typeof args[k] === 'string' && /omit/.test(args[k] as string))) : issue.keys;
    return keys.length > 0 ? { ...issue, keys } : undefined;
  }
  if (typeof path[0] === 'string' && expressionArgs.has(path[0])) return undefined;
  if (issue.code === 'custom' && templated.length > 0) return undefined;
  if (templated.some((t) => overlaps(t, path))) return undefined;
  return issue;
}

export async function checkTaskArgs(task: Task): Promise<void> {
  const module = await findModule(task.action);
  if (!module) return;
  const templated: Path[] = [];
  templatedPaths(task.args, [], templated);
  const parsed = module.schema.safeParse(task.args);
  if (parsed.success) return;
  const expressionArgs = new Set(Object.keys(module.expressionArgs ?? {}));
  for (const raw of parsed.error.issues) {
    const issue = certain(raw, task.args, templated, expressionArgs);
    if (!issue) continue;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const value = writtenAt(task.args, path);
    // A missing option is named at the module's arguments; an unknown one at itself.
    const where = issue.code === 'unrecognized_keys' && path.length === 0 ? [issue.keys[0] ?? ''] : value === undefined ? [] : path;
    // zod leaves out the input of a preprocessed value: say what was written ourselves.
    const message = issue.code === 'invalid_type' && value !== undefined ? `${module.name}: parameter "${path.join('.')}" must be ${issue.expected}, not ${describe(value)}` : describeIssue(module.name, issue, value);
    throw new InputError(`${message} (in ${task.name === undefined ? `a ${task.written} task` : `task "${task.name}"`})`, task.locateArg(where));
  }
}
