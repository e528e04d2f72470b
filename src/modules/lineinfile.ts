/**
 * lineinfile: one line present (replacing the regexp's last match, or
 * inserted after/before a match, BOF or EOF) or absent, as Ansible's
 * modules/lineinfile.py decides it, with its messages. The file is read
 * in the query's one round trip and written back with one atomic put.
 */
import { z } from 'zod';
import { defineModule, settle, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { expandMatch, pyRegExp } from '../template/pyregex.js';
import { splitLines } from './support/lines.js';
import { creatableAttrs, readOrCreateText, readTextFile, textChange, textFileFields, writeText, type TextFile, type TextPlan } from './support/text-file.js';

const text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)));
const exclusive = (a: string, b: string) => (p: Record<string, unknown>) => p[a] === undefined || p[b] === undefined || (b === 'backrefs' && p[b] === false);

export const lineinfileParams = withAliases(
  { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line', attr: 'attributes' },
  z
    .object({
      path: z.string().min(1),
      state: z.enum(['present', 'absent']).default('present'),
      regexp: z.string().optional(),
      search_string: z.string().optional(),
      line: text.optional(),
      insertafter: z.string().optional(),
      insertbefore: z.string().optional(),
      backrefs: boolish.default(false),
      create: boolish.default(false),
      firstmatch: boolish.default(false),
      ...textFileFields,
    })
    .strict()
    .refine(exclusive('insertbefore', 'insertafter'), { message: 'parameters are mutually exclusive: insertbefore|insertafter', path: ['insertbefore'] })
    .refine(exclusive('regexp', 'search_string'), { message: 'parameters are mutually exclusive: regexp|search_string', path: ['regexp'] })
    .refine(exclusive('search_string', 'backrefs'), { message: 'parameters are mutually exclusive: backrefs|search_string', path: ['backrefs'] })
    .refine((p) => p.state !== 'present' || p.line !== undefined, { message: 'line is required with state=present', path: ['line'] })
    .refine((p) => p.state !== 'present' || !p.backrefs || p.regexp !== undefined, { message: 'regexp is required with backrefs=true', path: ['regexp'] })
    .refine((p) => p.state !== 'absent' || p.line !== undefined || p.regexp !== undefined || p.search_string !== undefined, {
      message: 'one of line, search_string, or regexp is required with state=absent',
      path: ['line'],
    }),
);
export type LineinfileParams = z.infer<typeof lineinfileParams>;

const stripEol = (l: string) => l.replace(/[\r\n]+$/, '');

/** The lines after `present` (modules/lineinfile.py present()), and its message. */
export function present(lines: string[], p: LineinfileParams): { lines: string[]; msg: string } {
  const line = p.line ?? '';
  const insertbefore = p.insertbefore;
  const insertafter = p.insertbefore === undefined && p.insertafter === undefined ? 'EOF' : p.insertafter;
  const re = p.regexp !== undefined ? pyRegExp(p.regexp) : undefined;
  const insPattern = insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined;
  const ins = insPattern !== undefined ? pyRegExp(insPattern) : undefined;
  const index = [-1, -1];
  let match: RegExpExecArray | boolean | undefined;
    lines.forEach((cur, n) => {
    if (p.firstmatch && index[0] !== -1 && match) return;
    const found = re ? re.exec(cur) ?? undefined : p.search_string !== undefined ? cur.includes(p.search_string) || undefined : undefined;
    if (found) [index[0], match] = [n, found];
  });
  if (!match) {
    for (let n = 0; n < lines.length; n++) {
      const cur = lines[n] ?? '';
      if (line === stripEol(cur)) index[0] = n;
      else if (ins?.test(cur)) {
        // Python's truthiness: an empty insertafter/insertbefore matches every line but sets no place (EOF then).
        if (insertafter) index[1] = n + 1;
        if (insertbefore) index[1] = n;
        if (p.firstmatch) break;
      }
    }
  }
  const out = [...lines];
  const [i0, i1] = index as [number, number];
  const add = (at: number) => (out.splice(at, 0, `${line}\n`), { lines: out, msg: 'line added' });
  const same = { lines: out, msg: '' };
  if (i0 !== -1) {
    let next = p.backrefs && match && typeof match !== 'boolean' ? expandMatch(line, match) : line;
    if (!next.endsWith('\n')) next += '\n';
    if (out[i0] !== next) return (out[i0] = next), { lines: out, msg: 'line replaced' };
    return same;
  }
  if (p.backrefs) return same;
  if (insertbefore === 'BOF' || insertafter === 'BOF') return add(0);
  if (insertafter === 'EOF' || i1 === -1) {
    const last = out[out.length - 1];
    if (last !== undefined && !/[\n\r]$/.test(last)) out.push('\n');
    out.push(`${line}\n`);
    return { lines: out, msg: 'line added' };
  }
  // Ansible compares the neighbour line with `line` first, but a line equal to it would have set index[0] above.
  return add(i1);
}

/** The lines after `absent`, and how many were removed. */
export function absent(lines: string[], p: LineinfileParams): { lines: string[]; found: number } {
  const re = p.regexp !== undefined ? pyRegExp(p.regexp) : undefined;
  const matches = (cur: string) => (re ? re.test(cur) : p.search_string !== undefined ? cur.includes(p.search_string) : (p.line ?? '') === stripEol(cur));
  const kept = lines.filter((l) => !matches(l));
  return { lines: kept, found: lines.length - kept.length };
}

interface Plan {
  plan: TextPlan;
  result: ResultFields;
}

function edit(file: TextFile, p: LineinfileParams): Query<Plan> | { after: string | undefined; msg: string; extra: ResultFields } {
  if (file.stat?.type === 'directory') return { changed: false, reason: 'a directory', result: { failed: true, rc: 256, msg: `Path ${p.path} is a directory !` } };
  if (p.state === 'absent') {
    if (file.text === undefined) return { changed: false, reason: 'file not present', result: { msg: 'file not present' } };
    const { lines, found } = absent(splitLines(file.text), p);
    // Nothing removed joins back to the very text read, which textChange sees as no change.
    return { after: lines.join(''), msg: found > 0 ? `${found} line(s) removed` : '', extra: { found } };
  }
  if (file.text === undefined && !p.create) return { changed: false, reason: 'no file', result: { failed: true, rc: 257, msg: `Destination ${p.path} does not exist !` } };
  const { lines, msg } = present(splitLines(file.text ?? ''), p);
  return { after: msg !== '' ? lines.join('') : undefined, msg, extra: {} };
}

/** The query's answer from the file as read. */
function decide(file: TextFile | { error: string }, p: LineinfileParams): Query<Plan> {
  if ('error' in file) return { changed: false, reason: file.error, result: { failed: true, msg: file.error } };
  const edited = edit(file, p);
  if ('changed' in edited) return edited;
  const change = textChange(file, edited.after, p, edited.msg);
  const base = { backup: '', ...edited.extra };
  if (!change.plan) return { changed: false, reason: 'no change', result: { ...base, msg: change.msg } };
  return {
    changed: true,
    reason: change.msg,
    plan: { plan: change.plan, result: { ...base, msg: change.msg } },
    ...(change.diff ? { diff: change.diff, before: change.diff.before, after: change.diff.after } : {}),
    result: { ...base, msg: change.checkMsg },
  };
}

async function apply(p: LineinfileParams, plan: Plan, ctx: ModuleContext): Promise<ResultFields> {
  const written = await writeText(ctx, plan.plan, p);
  return written.failed ? written : { ...plan.result, ...written };
}

export const lineinfileModule = defineModule<LineinfileParams, Plan>({
  name: 'lineinfile',
  paths: ['path'],
  schema: lineinfileParams,
  check: 'full',
  readOnlyQuery: true,
  query: async (p, ctx) => decide(await readTextFile(ctx, p.path, p), p),
  apply,
  // A file made by create holds the line alone, so it is written with the read (one round trip).
  async converge(p, ctx) {
    // What an absent file becomes (nothing, when backrefs find no match: Ansible then makes no file).
    const made = p.state === 'present' && p.create && p.validate === undefined && creatableAttrs(p) ? present([], p) : undefined;
    if (made === undefined || made.msg === '') return settle(decide(await readTextFile(ctx, p.path, p), p), (plan) => apply(p, plan, ctx));
    const born = made.lines.join('');
    const { file, created } = await readOrCreateText(ctx, p.path, p, born);
    const answer = decide(file, p);
    if (!created) return settle(answer, (plan) => apply(p, plan, ctx));
    if (!answer.changed || answer.plan.plan.text !== born) throw new Error(`lineinfile: ${p.path} was created, but the read before it asks for another text`);
    return { changed: true, ...answer.plan.result };
  },
});
