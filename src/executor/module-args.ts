/**
 * Validates a task's templated arguments against its module's schema, and
 * says what is wrong in one sentence that names the parameter.
 */
import type { z } from 'zod';
import type { AnyTaskModule } from '../modules/contract.js';
import { closest } from '../playbook/suggest.js';

export type ArgsCheck = { ok: true; params: unknown } | { ok: false; message: string };

/** What the arguments hold at an issue's path: undefined when nothing was written there. */
export function writtenAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let value = args;
  for (const step of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[step];
  return value;
}

/**
 * The sentence for one issue. `written` is the value at the issue's path: zod
 * leaves an issue's input out (and a preprocessed value's even when asked), so
 * whether a parameter is missing or just mistyped is read from the arguments.
 */
export function describeIssue(moduleName: string, issue: z.core.$ZodIssue, written: unknown): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${moduleName}: unsupported parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return where
        ? `${moduleName}: parameter "${where}" must be ${issue.expected}${written === undefined ? ' and is missing' : ''}`
        : `${moduleName}: arguments must be ${issue.expected}`;
    case 'invalid_value':
      return `${moduleName}: parameter "${where ?? '?'}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${moduleName}: ${where ? `parameter "${where}": ` : ''}${issue.message}`;
  }
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  in?: unknown;
  out?: unknown;
  innerType?: unknown;
  schema?: unknown;
}

/**
 * The parameter names of a module's schema: its object's keys, under any pipe or wrapper.
 * These links only lead down a finite tree (a lazy schema's getter is not followed), so
 * the walk ends without a depth limit.
 */
export function parameterNames(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
  if (!def) return [];
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  for (const inner of [def.in, def.out, def.innerType, def.schema]) {
    const names = parameterNames(inner);
    if (names.length > 0) return names;
  }
  return [];
}

export function checkModuleArgs(module: AnyTaskModule, args: Record<string, unknown>): ArgsCheck {
  const parsed = module.schema.safeParse(args);
  if (parsed.success) return { ok: true, params: parsed.data };
  // A mistyped name also leaves its parameter missing: the unknown name is the mistake to report.
  const first = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
  if (!first) return { ok: false, message: `${module.name}: invalid arguments` };
  // One mistyped parameter: name the one that was probably meant.
  const near = first.code === 'unrecognized_keys' && first.keys.length === 1 ? closest(first.keys[0] as string, parameterNames(module.schema)) : undefined;
  return { ok: false, message: describeIssue(module.name, first, writtenAt(args, first.path)) + (near ? `; did you mean "${near.word}"?` : '') };
}
