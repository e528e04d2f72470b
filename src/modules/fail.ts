/** fail: fails the host with a message. */
import { z } from 'zod';
import { defineModule } from './contract.js';

export const failParams = z.object({ msg: z.unknown().default('Failed as requested from task') }).strict();
export type FailParams = z.infer<typeof failParams>;

export const failModule = defineModule<FailParams, never>({
  name: 'fail',
  schema: failParams,
  check: 'full',
  async query(params) {
    return { changed: false, reason: 'fail', result: { failed: true, msg: params.msg } };
  },
  async apply() {
    return {};
  },
});
