/**
 * blockinfile: a block of lines between two marker lines, inserted,
 * replaced or removed as Ansible's modules/blockinfile.py does it (same
 * placement rules, messages and results). One probe, one atomic put.
 */
import { z } from 'zod';
import { defineModule, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { pyRegExp } from '../template/pyregex.js';
import { readTextFile, textChange, textFileFields, writeText, type TextPlan } from './support/text-file.js';

export const blockinfileParams = withAliases(
  { dest: 'path', destfile: 'path', name: 'path', content: 'block', attr: 'attributes' },
  z
    .object({
      path: z.string().min(1),
      state: z.enum(['present', 'absent']).default('present'),
      marker: z.string().default('# {mark} ANSIBLE MANAGED BLOCK'),
      block: z.string().default(''),
      insertafter: z.string().optional(),
      insertbefore: z.string().optional(),
      create: boolish.default(false),
      marker_begin: z.string().default('BEGIN'),
      marker_end: z.string().default('END'),
      ...textFileFields,
    })
    .strict()
    .refine((p) => p.insertafter === undefined || p.insertbefore === undefined, { message: 'parameters are mutually exclusive: insertbefore|insertafter', path: ['insertbefore'] }),
);
export type BlockinfileParams = z.infer<typeof blockinfileParams>;

/** bytes.splitlines(True): lines end at \n, \r\n or \r, and keep their ending. */
function splitKeep(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\r\n|\n|\r(?!\n))/);
}

/** A Python pattern with a leading (?m): searched over the whole text, as Ansible does then. */
function insertPattern(pattern: string): { re: RegExp; multiline: boolean } {
  const re = pyRegExp(pattern);
  return { re, multiline: re.multiline };
}

/** The file's text with the block placed (or removed): blockinfile.py's main(), line for line. */
export function placeBlock(original: string | undefined, p: BlockinfileParams): string {
  const lines = splitKeep(original ?? '');
  const insertbefore = p.insertbefore;
  const insertafter = insertbefore === undefined && p.insertafter === undefined ? 'EOF' : p.insertafter;
  const pattern = insertafter !== undefined && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined;
  const marker0 = `${p.marker.replaceAll('{mark}', p.marker_begin)}\n`;
  const marker1 = `${p.marker.replaceAll('{mark}', p.marker_end)}\n`;
  let blocklines: string[] = [];
  if (p.state === 'present' && p.block !== '') {
    const block = p.block.endsWith('\n') ? p.block : `${p.block}\n`;
    blocklines = [marker0, ...splitKeep(block), marker1];
  }
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === marker0) n0 = i;
    if (line === marker1) n1 = i;
  });
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (pattern !== undefined) {
      const { re, multiline } = insertPattern(pattern);
      if (multiline) {
        const match = re.exec(original ?? '');
        if (match) {
          const upTo = insertafter !== undefined ? match.index + match[0].length : match.index;
          n0 = ((original ?? '').slice(0, upTo).match(/\n/g) ?? []).length;
        }
      } else lines.forEach((line, i) => (re.test(line) ? (n0 = i) : undefined));
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else n0 = insertbefore !== undefined ? 0 : lines.length;
  } else if (n0 < n1) lines.splice(n0, n1 - n0 + 1);
  else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !(lines[n0 - 1] ?? '\n').endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blocklines);
  return lines.join('');
}

interface Plan {
  plan: TextPlan;
  result: ResultFields;
}

export const blockinfileModule = defineModule<BlockinfileParams, Plan>({
  name: 'blockinfile',
  paths: ['path'],
  schema: blockinfileParams,
  check: 'full',
  readOnlyQuery: true,
  async query(p, ctx) {
    const fail = (msg: string, rc?: number) => ({ changed: false as const, reason: msg, result: { failed: true, msg, ...(rc ? { rc } : {}) } });
    const file = await readTextFile(ctx, p.path, p);
    if ('error' in file) return fail(file.error);
    if (file.stat?.type === 'directory') return fail(`Path ${p.path} is a directory !`, 256);
    if (file.text === undefined && !p.create) return fail(`Path ${p.path} does not exist !`, 257);
    if (p.state === 'absent' && file.text === undefined) return { changed: false, reason: 'no file', result: { msg: `File ${p.path} not present` } };
    const result = placeBlock(file.text, p);
    const msg = result === file.text ? '' : file.text === undefined ? 'File created' : p.state === 'absent' || p.block === '' ? 'Block removed' : 'Block inserted';
    const change = textChange(file, result === file.text ? undefined : result, p, msg);
    if (!change.plan) return { changed: false, reason: 'no change', result: { msg: change.msg } };
    return {
      changed: true,
      reason: change.msg,
      plan: { plan: change.plan, result: { msg: change.msg } },
      ...(change.diff ? { diff: change.diff, before: change.diff.before, after: change.diff.after } : {}),
      result: { msg: change.checkMsg },
    };
  },
  async apply(p, plan, ctx) {
    const written = await writeText(ctx, plan.plan, p);
    if (written.failed) return written;
    return { ...plan.result, ...(p.backup && written.backup ? { backup_file: written.backup } : {}) };
  },
});
