/**
 * A module's argument spec in ansible-doc's terms, written on one line per
 * option ("dest=path!", "repo=str!(name)", "state=str/absent,present"), as a
 * strict zod schema: for modules kolla-run knows by their interface only,
 * so a syntax check and pre-run validation still catch an unknown option,
 * a missing required one or a value outside the choices.
 */
import { z } from 'zod';
import { withAliases } from './aliases.js';
import { bool, int } from './params.js';

/** Ansible's str(): a number as its digits, a boolean as Python writes it (True/False). */
const SCALAR_TO_TEXT = (v: unknown): unknown => (typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'True' : 'False') : v);

function typeSchema(type: string, choices: readonly string[] | undefined): z.ZodType {
  switch (type) {
    case 'str':
    case 'path':
      return choices ? z.preprocess(SCALAR_TO_TEXT, z.enum(choices as [string, ...string[]])) : z.preprocess(SCALAR_TO_TEXT, z.string());
    case 'bool':
      return bool();
    case 'int':
      return choices ? int().refine((n) => choices.includes(String(n)), { message: `must be one of ${choices.join(', ')}` }) : int();
    case 'list':
      // Ansible splits a comma-separated string into a list.
      return z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v), z.array(choices ? z.enum(choices as [string, ...string[]]) : z.unknown()));
    case 'dict':
      return z.record(z.string(), z.unknown());
    case 'raw':
      return z.unknown();
    default:
      throw new Error(`arg-spec: unknown option type "${type}"`);
  }
}

const OPTION = /^([a-z_0-9]+)=([a-z]+)(?:\/([^!(]+))?(!)?(?:\(([^)]+)\))?$/i;

/** "name=type[/choice,choice][!][(alias,alias)]; ..." -> a strict object schema that renames aliases. */
export function argSpec(spec: string): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  const aliases: Record<string, string> = {};
  for (const item of spec.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = OPTION.exec(item);
    if (!m) throw new Error(`arg-spec: cannot read "${item}"`);
    const [, name = '', type = '', choices, required, alias] = m;
    const schema = typeSchema(type, choices?.split(','));
    shape[name] = required ? schema : schema.optional();
    for (const a of alias?.split(',') ?? []) aliases[a] = name;
  }
  return withAliases(aliases, z.object(shape).strict()) as unknown as z.ZodType<Record<string, unknown>>;
}
