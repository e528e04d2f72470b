/** json_query (community.general): a JMESPath search over the value, with the reference implementation's semantics. */
import jmespath from 'jmespath';
import { isDict, PyFloat, TemplateError, Undef } from '../values.js';
import { argStr, type Registry } from './util.js';

/** The value as JSON data: Undefined inside fails, as it would when Ansible serialises it. */
function plain(v: unknown): unknown {
  if (v instanceof Undef) v.fail();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof PyFloat) return v.v;
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export const jsonQueryFilters: Registry = {
  json_query: (v, a, k) => {
    const expression = argStr(a, k, 0, 'expr');
    try {
      return jmespath.search(plain(v), expression) as unknown;
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      throw new TemplateError(`JMESPathError in json_query filter plugin:\n${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
