/** raw: the text goes to the host's login shell as it is, nothing around it. */
import { z } from 'zod';
import { Command } from '../connection/index.js';
import { defineModule } from './contract.js';
import { lines } from './support/host-output.js';

export const rawParams = z.object({ _raw_params: z.string(), executable: z.string().optional() }).strict();
export type RawParams = z.infer<typeof rawParams>;

export const rawModule = defineModule<RawParams, Command>({
  name: 'raw',
  schema: rawParams,
  freeForm: '_raw_params',
  commandLike: true,
  check: 'skip',
  async query(params) {
    const command = params.executable ? Command.argv([params.executable, '-c', params._raw_params]) : Command.raw(params._raw_params);
    // Ansible's raw registers only `skipped` in check mode: no msg.
    return { changed: true, reason: `would run: ${params._raw_params}`, plan: command, result: { msg: undefined } };
  },
  async apply(_params, command, ctx) {
    const result = await ctx.run(command);
    const stdout = result.stdout;
    return {
      changed: true,
      rc: result.rc,
      stdout,
      stderr: result.stderr,
      stdout_lines: lines(stdout),
      stderr_lines: lines(result.stderr),
      ...(result.rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
    };
  },
});
