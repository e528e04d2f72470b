/**
 * getent: one of the host's name-service databases (passwd, group, hosts,
 * services...) as facts `getent_<database>`, read with the host's getent
 * so NSS sources (LDAP, sssd) count as they do for the host's programs.
 * Never changes anything, so check mode runs it too.
 */
import { z } from 'zod';
import { shellQuote } from '../connection/index.js';
import { defineModule, type Unchanged } from './contract.js';
import { bool } from './support/params.js';

export const getentParams = z
  .object({
    database: z.string(),
    key: z.string().optional(),
    service: z.string().optional(),
    split: z.string().optional(),
    fail_key: bool().default(true),
  })
  .strict();
export type GetentParams = z.infer<typeof getentParams>;

/** Databases whose fields are separated by colons (the others by whitespace). */
const COLON_DATABASES = new Set(['passwd', 'shadow', 'group', 'gshadow']);

/** getent's exit codes, in ansible-core's words. */
const FAILURES: Readonly<Record<number, string>> = {
  1: 'Missing arguments, or database unknown.',
  2: 'One or more supplied key could not be found in the database.',
  3: 'Enumeration not supported on this database.',
};

/** Python's str.split(sep): whitespace runs when sep is undefined, else every occurrence. */
function pySplit(line: string, sep: string | undefined): string[] {
  if (sep !== undefined) return line.split(sep);
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** The database's entries by key: a repeated key (hosts with several names) holds a list of records. */
export function parseGetent(out: string, sep: string | undefined): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const line of out.split(/\r\n|\n|\r/)) {
    // getent prints no blank lines; skipping them also drops the one after the last newline.
    if (line === '') continue;
    const [first = '', ...rest] = pySplit(line, sep);
    const count = seen.get(first) ?? 0;
    if (count === 0) entries[first] = rest;
    else entries[first] = count === 1 ? [entries[first], rest] : [...(entries[first] as unknown[]), rest];
    seen.set(first, count + 1);
  }
  return entries;
}

export const getentModule = defineModule<GetentParams, never>({
  name: 'getent',
  schema: getentParams,
  check: 'full',
  async query(p, ctx): Promise<Unchanged> {
    const argv = ['getent', p.database, ...(p.key !== undefined ? [p.key] : []), ...(p.service !== undefined ? ['-s', p.service] : [])];
    const r = await ctx.run(shellQuote(argv));
    const fact = `getent_${p.database}`;
    const sep = p.split ?? (COLON_DATABASES.has(p.database) ? ':' : undefined);
    if (r.rc === 0) return { changed: false, reason: `read ${p.database}`, result: { ansible_facts: { [fact]: parseGetent(r.stdout, sep) } } };
    const msg = FAILURES[r.rc] ?? (r.rc === 127 ? 'Failed to find required executable "getent"' : 'Unexpected failure!');
    if (r.rc === 2 && !p.fail_key && p.key !== undefined) {
      return { changed: false, reason: msg, result: { ansible_facts: { [fact]: { [p.key]: null } }, msg } };
    }
    return { changed: false, reason: msg, result: { failed: true, msg } };
  },
  async apply() {
    return {};
  },
});
