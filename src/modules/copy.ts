/**
 * copy: puts a file on the host from `content` or from `src` on the
 * controller (the role's files/), or copies one already on the host
 * (remote_src). Unchanged files are never rewritten (sha1 compare).
 */
import { posix, basename } from 'node:path';
import { z } from 'zod';
import { modeParam as mode } from './support/file-mode.js';
import { wholeFileParams, type DesiredFile } from './support/remote-file.js';
import { defineWholeFileModule } from './support/whole-file.js';


export const copyParams = z
  .object({
    ...wholeFileParams,
    src: z.string().optional(),
    content: z.unknown().optional(),
    force: z.boolean().default(true),
    validate: z.string().optional(),
    remote_src: z.boolean().default(false),
    directory_mode: mode.optional(),
    follow: z.boolean().optional(),
    local_follow: z.boolean().optional(),
    unsafe_writes: z.boolean().optional(),
    decrypt: z.boolean().optional(),
    checksum: z.string().optional(),
  })
  .strict()
  .refine((p) => (p.src === undefined) !== (p.content === undefined), { message: 'give exactly one of src or content' });
export type CopyParams = z.infer<typeof copyParams>;

/** content: strings as they are; other values as JSON, which is what Ansible writes for them. */
function contentBytes(content: unknown): Buffer {
  return Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
}

export const copyModule = defineWholeFileModule<CopyParams>({
  name: 'copy',
  schema: copyParams,
  async desired(params, ctx): Promise<DesiredFile> {
    let content: Buffer;
    if (params.content !== undefined) content = contentBytes(params.content);
    else if (params.remote_src) {
      const remote = await ctx.get(params.src as string);
      if (remote === undefined) throw new Error(`Source ${params.src ?? ''} not found`);
      content = remote;
    } else content = await ctx.local.read(params.src as string, 'files');
    // A dest ending in / (or an existing directory) receives the file under its own name.
    const name = params.src === undefined ? undefined : basename(params.src);
    let dest = params.dest;
    if (dest.endsWith('/')) {
      if (name === undefined) throw new Error('dest must be a file path when content is given');
      dest = posix.join(dest, name);
    }
    return {
      dest,
      content,
      attributes: { mode: params.mode, owner: params.owner, group: params.group },
      force: params.force,
      validate: params.validate,
      backup: params.backup,
      nameInDirectory: name,
    };
  },
});
