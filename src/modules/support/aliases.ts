/**
 * Ansible's parameter aliases (`dest` for `path`, ...): renamed to the
 * canonical name before the strict schema sees them, so unknown keys are
 * still rejected and errors name the parameter the module documents.
 */
import { z } from 'zod';

export function withAliases<T extends z.ZodType>(aliases: Readonly<Record<string, string>>, schema: T) {
  return z.preprocess((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      const name = aliases[key] ?? key;
      // The canonical name wins when both are given (Ansible warns and keeps one).
      if (name !== key && name in input) continue;
      out[name] = value;
    }
    return out;
  }, schema);
}

/** Ansible's booleans: yes/no/true/false/on/off/1/0 as strings too (templated args arrive as text). */
export const boolish = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['yes', 'true', 'on', '1', 'y', 't'].includes(s)) return true;
  if (['no', 'false', 'off', '0', 'n', 'f', ''].includes(s)) return false;
  return v;
}, z.boolean());
