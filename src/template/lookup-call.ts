/**
 * How a template calls lookup()/query(): Ansible 2.14's Templar._lookup
 * around the plugins (src/template/lookups.ts), which get the root scope of
 * the render in progress.
 */
import type { VarScope } from './scope.js';
import { isUndefinedError, TemplateError, Undef } from './values.js';

/** A set of lookup plugins: the plugin's name, its terms and options, the variables of the render. */
export type LookupFn = (name: string, terms: unknown[], kwargs: Record<string, unknown>, vars: VarScope) => unknown[];

/**
 * Terms that are undefined fail; `errors=ignore|warn` turns a plugin's
 * failure (not an undefined variable) into None ([] for a list); lookup()
 * joins text results with ',', and a single value that is not text (a dict
 * from lookup('vars', ...)) comes back as itself, several as the list.
 */
export function callLookup(plugins: LookupFn | undefined, vars: VarScope | undefined, query: boolean, args: unknown[], kw: Record<string, unknown>): unknown {
  const [name, ...terms] = args;
  if (name instanceof Undef) name.fail();
  for (const t of terms) if (t instanceof Undef) t.fail();
  const { wantlist, errors, allow_unsafe: _allowUnsafe, ...options } = kw;
  const wantList = query || (wantlist !== undefined && wantlist !== false && wantlist !== null);
  const plugin = String(name);
  if (!plugins) throw new TemplateError(`lookup plugin '${plugin}' is not available`);
  if (!vars) throw new TemplateError(`lookup plugin '${plugin}' used outside a render`);
  let ran: unknown[];
  try {
    ran = plugins(plugin, terms, options, vars);
  } catch (err) {
    if (isUndefinedError(err) || (errors !== 'ignore' && errors !== 'warn')) throw err;
    // Ansible logs (ignore) or warns (warn); the templar has no channel for warnings, so both are quiet here.
    return wantList ? [] : null;
  }
  if (wantList || ran.length === 0) return ran;
  if (ran.every((x) => typeof x === 'string')) return ran.join(',');
  return ran.length === 1 ? ran[0] : ran;
}
