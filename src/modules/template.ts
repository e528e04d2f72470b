/**
 * template: renders a Jinja2 file from the controller (the role's
 * templates/) with the task's variables, then puts it like copy does.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { boolish } from './support/aliases.js';
import { preservableMode } from './support/file-mode.js';
import { wholeFileParams, type DesiredFile } from './support/remote-file.js';
import { defineWholeFileModule } from './support/whole-file.js';


export const templateParams = z
  .object({
    ...wholeFileParams,
    // preserve: the template file's own mode on the controller.
    mode: preservableMode.optional(),
    src: z.string().min(1),
    force: z.boolean().default(true),
    validate: z.string().optional(),
    newline_sequence: z.enum(['\n', '\r', '\r\n']).default('\n'),
    trim_blocks: boolish.default(true),
    lstrip_blocks: boolish.default(false),
    follow: z.boolean().optional(),
    unsafe_writes: z.boolean().optional(),
    output_encoding: z.literal('utf-8').optional(),
  })
  .strict();
export type TemplateParams = z.infer<typeof templateParams>;

export const templateModule = defineWholeFileModule<TemplateParams>({
  name: 'template',
  schema: templateParams,
  dest: (params) => params.dest,
  async desired(params, ctx): Promise<DesiredFile> {
    let text = await ctx.local.render(params.src, { trimBlocks: params.trim_blocks, lstripBlocks: params.lstrip_blocks });
    if (params.newline_sequence !== '\n') text = text.replace(/\n/g, params.newline_sequence);
    // An existing directory as dest receives the file under the template's name.
    return {
      dest: params.dest,
      content: Buffer.from(text),
      attributes: { mode: params.mode === 'preserve' ? await ctx.local.mode(params.src, 'templates') : params.mode, owner: params.owner, group: params.group },
      force: params.force,
      validate: params.validate,
      backup: params.backup,
      into: posix.basename(params.src),
    };
  },
});
