/**
 * slurp: a file's content, base64-encoded, in one round trip (the host's
 * base64 does the encoding; the text is checked, not decoded). Never changes.
 */
import { z } from 'zod';
import { sh } from '../connection/index.js';
import { defineModule } from './contract.js';
import { withAliases } from './support/aliases.js';

// An empty src is a file that is not there, as in Ansible.
export const slurpParams = withAliases({ path: 'src' }, z.object({ src: z.string() }).strict());
export type SlurpParams = z.infer<typeof slurpParams>;

// Ansible's messages by errno, told apart here by test before reading.
const SCRIPT = (src: string) =>
  sh`if [ ! -e ${src} ]; then echo ENOENT; elif [ -d ${src} ]; then echo EISDIR; elif [ ! -r ${src} ]; then echo EACCES; else echo OK; base64 -w0 < ${src}; fi`;

export const slurpModule = defineModule<SlurpParams, never>({
  name: 'slurp',
  paths: ['src'],
  schema: slurpParams,
  check: 'full',
  async query(p, ctx) {
    const r = await ctx.run(SCRIPT(p.src));
    // The status word's line, then base64 -w0's one line.
    const [status = '', content = ''] = r.stdout.split('\n');
    const fail = (msg: string) => ({ changed: false as const, reason: msg, result: { failed: true, msg } });
    if (status === 'ENOENT') return fail(`file not found: ${p.src}`);
    if (status === 'EISDIR') return fail(`source is a directory and must be a file: ${p.src}`);
    if (status === 'EACCES') return fail(`file is not readable: ${p.src}`);
    if (status !== 'OK' || r.rc !== 0) return fail(`unable to slurp file: ${r.stderr.trim() || `exit ${r.rc}`}`);
    return { changed: false, reason: 'read', result: { content: content.trim(), source: p.src, encoding: 'base64' } };
  },
  async apply() {
    return {};
  },
});
