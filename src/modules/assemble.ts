/**
 * assemble: the fragments of a folder (on the host, or on the controller
 * with remote_src: false) concatenated in name order into one file, as
 * Ansible's module builds it: a newline after a fragment that lacks one,
 * the delimiter (escapes decoded) between fragments, regexp and
 * ignore_hidden to choose them. The file is then put like copy's (atomic,
 * owner/group/mode, backup, validate) and never rewritten when it matches.
 * Ansible's action refuses check mode, so the task is skipped there.
 */
import { z } from 'zod';
import { sh } from '../connection/command.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { withAliases } from './support/aliases.js';
import { md5 } from './support/digest.js';
import { attrFields } from './support/file-attrs.js';
import { pythonRegex } from './support/host-output.js';
import { bool } from './support/params.js';
import { applyFile, planFile, type DesiredFile, type FilePlan } from './support/remote-file.js';
import { convergeFile } from './support/whole-file.js';

export const assembleParams = withAliases(
  { attr: 'attributes' },
  z
    .object({
      ...attrFields,
      src: z.string().min(1),
      dest: z.string().min(1),
      delimiter: z.string().optional(),
      regexp: z.string().optional(),
      ignore_hidden: bool().default(false),
      remote_src: bool().default(true),
      backup: bool().default(false),
      validate: z.string().optional(),
      decrypt: bool().optional(),
    })
    .strict()
    .refine((p) => p.validate === undefined || p.validate.includes('%s'), { message: 'validate must contain %s', path: ['validate'] }),
);
export type AssembleParams = z.infer<typeof assembleParams>;

/** Python's codecs.escape_decode on the delimiter: \n, \t, \\, \xHH, octal... become their bytes. */
export function escapeDecode(text: string): Buffer {
  const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };
  const out: number[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c !== 92 || i + 1 >= bytes.length) {
      out.push(c);
      continue;
    }
    const next = String.fromCharCode(bytes[i + 1] as number);
    const simple = SIMPLE[next];
    if (simple !== undefined) {
      out.push(simple);
      i++;
    } else if (next === '\n') i++;
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(bytes.subarray(i + 2, i + 4).toString('latin1'))) {
      out.push(parseInt(bytes.subarray(i + 2, i + 4).toString('latin1'), 16));
      i += 3;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(bytes.subarray(i + 1, i + 4).toString('latin1'))?.[0] ?? '';
      out.push(parseInt(digits, 8) & 0xff);
      i += digits.length;
    } else out.push(c);
  }
  return Buffer.from(out);
}

/** The module's assemble_from_fragments, on fragments already read and sorted by name. */
export function assembleFragments(fragments: readonly { name: string; content: Buffer }[], p: Pick<AssembleParams, 'delimiter' | 'regexp' | 'ignore_hidden'>): Buffer {
  const pattern = p.regexp === undefined ? undefined : pythonRegex(p.regexp, '');
  const delimiter = p.delimiter ? escapeDecode(p.delimiter) : undefined;
  const parts: Buffer[] = [];
  let first = true;
  let addNewline = false;
  for (const f of fragments) {
    if (pattern && !pattern.test(f.name)) continue;
    if (p.ignore_hidden && f.name.startsWith('.')) continue;
    if (addNewline) parts.push(Buffer.from('\n'));
    if (!first && delimiter) {
      parts.push(delimiter);
      if (delimiter.at(-1) !== 10) parts.push(Buffer.from('\n'));
    }
    parts.push(f.content);
    first = false;
    addNewline = !f.content.toString('latin1').endsWith('\n');
  }
  return Buffer.concat(parts);
}

/**
 * Python sorts names by code point; JavaScript's `<` compares UTF-16 units, which puts an astral
 * character (a surrogate pair, from 0xD800) before U+E000..U+FFFF. UTF-8 bytes sort in code point order.
 */
const byName = (a: { name: string }, b: { name: string }): number => Buffer.compare(Buffer.from(a.name, 'utf8'), Buffer.from(b.name, 'utf8'));

/** The regular files (links followed) directly in `src` on the host, each as BASE64(NAME)\tBASE64 (a name may hold a tab or a newline). */
async function remoteFragments(ctx: ModuleContext, src: string): Promise<{ name: string; content: Buffer }[] | { error: string }> {
  const r = await ctx.run(
    sh`if [ ! -e ${src} ]; then echo ENOENT; elif [ ! -d ${src} ]; then echo ENOTDIR; else cd ${src} && for f in * .*; do if [ -f "$f" ]; then printf '%s' "$f" | base64 -w0; printf '\t'; base64 -w0 < "$f" || exit; echo; fi; done; fi`,
  );
  if (r.stdout.startsWith('ENOENT')) return { error: `Source (${src}) does not exist` };
  if (r.stdout.startsWith('ENOTDIR')) return { error: `Source (${src}) is not a directory` };
  if (r.rc !== 0) return { error: `cannot read ${src}: ${r.stderr.trim()}` };
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => ({ name: Buffer.from(l.slice(0, l.indexOf('\t')), 'base64').toString('utf8'), content: Buffer.from(l.slice(l.indexOf('\t') + 1), 'base64') }));
}

async function wanted(p: AssembleParams, ctx: ModuleContext): Promise<DesiredFile | { error: string }> {
  let fragments: { name: string; content: Buffer }[];
  if (p.remote_src) {
    const read = await remoteFragments(ctx, p.src);
    if ('error' in read) return read;
    fragments = read;
  } else {
    const tree = await ctx.local.tree(p.src, 'files');
    if (tree === undefined) return { error: `Source (${p.src}) is not a directory` };
    fragments = tree.files.filter((f) => !f.path.includes('/')).map((f) => ({ name: f.path, content: f.content }));
  }
  const content = assembleFragments(fragments.sort(byName), p);
  return { dest: p.dest, content, attributes: { mode: p.mode, owner: p.owner, group: p.group }, force: true, validate: p.validate, backup: p.backup };
}

/** The module's own fields (remote_src): src, md5sum and msg, no path; a copy's otherwise (Ansible's action runs copy then). */
function fields(p: AssembleParams, want: DesiredFile, result: ResultFields): ResultFields {
  if (!p.remote_src || result.failed === true) return result;
  const { path: _path, ...rest } = result;
  return { ...rest, src: p.src, dest: p.dest, md5sum: md5(want.content), msg: 'OK' };
}

type Plan = FilePlan & { want: DesiredFile };

/**
 * Ansible's assemble action does not support check mode (_supports_check_mode = False): ActionBase
 * skips the task before reading anything, so a missing source or a dest already assembled is skipped too.
 */
const CHECK_SKIP: ResultFields = { skipped: true, msg: 'check mode is not supported for this task.' };

export const assembleModule = defineModule<AssembleParams, Plan>({
  name: 'assemble',
  paths: ['dest'],
  schema: assembleParams,
  check: 'skip',
  async query(p, ctx): Promise<Query<Plan>> {
    const want = await wanted(p, ctx);
    if ('error' in want) return { changed: false, reason: want.error, result: { failed: true, msg: want.error }, checkResult: CHECK_SKIP };
    const q = await planFile(ctx, want);
    if (!q.changed) return { ...q, result: fields(p, want, q.result ?? {}), checkResult: CHECK_SKIP };
    // A change's result is registered only in check mode, where the task is skipped.
    return { ...q, plan: { ...q.plan, want }, result: CHECK_SKIP };
  },
  async apply(p, plan, ctx) {
    return fields(p, plan.want, await applyFile(ctx, plan));
  },
  async converge(p, ctx) {
    const want = await wanted(p, ctx);
    if ('error' in want) return { failed: true, changed: false, msg: want.error };
    return fields(p, want, await convergeFile(ctx, want));
  },
});
