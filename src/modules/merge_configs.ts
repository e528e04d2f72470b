/**
 * merge_configs: Kolla's layered OpenStack configuration. Each source is a
 * template on the controller (missing ones are skipped: the operator's
 * overrides are optional), rendered with the task's variables, parsed as
 * INI and layered in order; the result is put on the host like template.
 */
import { z } from 'zod';
import { formatIni, IniSyntaxError, mergeIni, parseIni, type IniDocument } from './support/ini-merge.js';
import { wholeFileParams, type DesiredFile } from './support/remote-file.js';
import { defineWholeFileModule } from './support/whole-file.js';

export const mergeConfigsParams = z
  .object({
    ...wholeFileParams,
    sources: z.array(z.string()).min(1),
    whitespace: z.boolean().default(true),
  })
  .strict();
export type MergeConfigsParams = z.infer<typeof mergeConfigsParams>;

export const mergeConfigsModule = defineWholeFileModule<MergeConfigsParams>({
  name: 'merge_configs',
  schema: mergeConfigsParams,
  dest: (params) => params.dest,
  async desired(params, ctx): Promise<DesiredFile> {
    let merged: IniDocument = new Map();
    for (const source of params.sources) {
      if (!ctx.local.exists(source, 'templates')) continue;
      const text = await ctx.local.render(source);
      try {
        merged = mergeIni(merged, parseIni(text));
      } catch (err) {
        if (err instanceof IniSyntaxError) throw new Error(`${source}:${err.line}: ${err.message}`);
        throw err;
      }
    }
    const content = Buffer.from(formatIni(merged, params.whitespace));
    return { dest: params.dest, content, attributes: { mode: params.mode, owner: params.owner, group: params.group }, force: true, backup: params.backup };
  },
});
