/** ping: proves the host answers a command over the connection (no Python needed here). */
import { z } from 'zod';
import { defineModule } from './contract.js';

export const pingParams = z.object({ data: z.string().default('pong') }).strict();
export type PingParams = z.infer<typeof pingParams>;

export const pingModule = defineModule<PingParams, never>({
  name: 'ping',
  schema: pingParams,
  check: 'full',
  async query(params, ctx) {
    const result = await ctx.run('true');
    if (result.rc !== 0) return { changed: false, reason: 'the host failed to run `true`', result: { failed: true, msg: result.stderr.trim() || `rc=${result.rc}` } };
    return { changed: false, reason: 'the host answered', result: { ping: params.data } };
  },
  async apply() {
    return {};
  },
});
