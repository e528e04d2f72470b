/** debug: prints a message or a variable's value; changes nothing. */
import { z } from 'zod';
import { defineModule, type Evaluated } from './contract.js';

const evaluated = z.custom<Evaluated>((v) => typeof v === 'object' && v !== null && 'expression' in v);

export const debugParams = z
  .object({
    msg: z.unknown().optional(),
    var: evaluated.optional(),
    verbosity: z.coerce.number().int().min(0).default(0),
  })
  .strict()
  .refine((p) => !(p.msg !== undefined && p.var !== undefined), { message: "'msg' and 'var' are incompatible options" });
export type DebugParams = z.infer<typeof debugParams>;

export const debugModule = defineModule<DebugParams, never>({
  name: 'debug',
  schema: debugParams,
  check: 'full',
  expressionArgs: { var: 'value' },
  async query(params) {
    if (params.var !== undefined) {
      const { expression, value, defined } = params.var;
      return { changed: false, reason: 'debug', result: { [expression]: defined ? value : 'VARIABLE IS NOT DEFINED!', _ansible_verbose_always: true } };
    }
    // A msg that templates to None prints null, as Ansible's: only a missing msg says hello.
    return { changed: false, reason: 'debug', result: { msg: params.msg === undefined ? 'Hello world!' : params.msg, _ansible_verbose_always: true } };
  },
  async apply() {
    return {};
  },
});
