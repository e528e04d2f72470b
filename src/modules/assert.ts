/** assert: fails the host unless every condition holds; changes nothing. */
import { z } from 'zod';
import { defineModule, type Evaluated } from './contract.js';

const evaluated = z.custom<Evaluated>((v) => typeof v === 'object' && v !== null && 'expression' in v);

export const assertParams = z
  .object({
    that: z.array(evaluated),
    fail_msg: z.unknown().optional(),
    msg: z.unknown().optional(),
    success_msg: z.unknown().optional(),
    quiet: z.boolean().default(false),
  })
  .strict();
export type AssertParams = z.infer<typeof assertParams>;

export const assertModule = defineModule<AssertParams, never>({
  name: 'assert',
  schema: assertParams,
  check: 'full',
  expressionArgs: { that: 'conditions' },
  async query(params) {
    const failed = params.that.find((c) => c.value !== true);
    if (failed) {
      const msg = params.fail_msg ?? params.msg ?? 'Assertion failed';
      return { changed: false, reason: 'assertion failed', result: { failed: true, assertion: failed.expression, evaluated_to: false, msg } };
    }
    const result = { msg: params.success_msg ?? 'All assertions passed', ...(params.quiet ? {} : { _ansible_verbose_always: true }) };
    return { changed: false, reason: 'assertions passed', result };
  },
  async apply() {
    return {};
  },
});
