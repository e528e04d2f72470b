/**
 * Validates a task's templated arguments against its module's schema, and
 * says what is wrong in one sentence that names the parameter.
 */
import type { z } from 'zod';
import type { AnyTaskModule } from '../modules/contract.js';

export type ArgsCheck = { ok: true; params: unknown } | { ok: false; message: string };

export function describeIssue(moduleName: string, issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${moduleName}: unsupported parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return where
        ? `${moduleName}: parameter "${where}" must be ${issue.expected}${issue.input === undefined ? ' and is missing' : ''}`
        : `${moduleName}: arguments must be ${issue.expected}`;
    case 'invalid_value':
      return `${moduleName}: parameter "${where ?? '?'}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${moduleName}: ${where ? `parameter "${where}": ` : ''}${issue.message}`;
  }
}

export function checkModuleArgs(module: AnyTaskModule, args: Record<string, unknown>): ArgsCheck {
  const parsed = module.schema.safeParse(args);
  if (parsed.success) return { ok: true, params: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, message: first ? describeIssue(module.name, first) : `${module.name}: invalid arguments` };
}
