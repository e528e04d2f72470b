/**
 * ini_file: one option in one section of an INI file, line-based like
 * community.general's ini_file (6.x, the one ansible 2.14 ships): comments,
 * order and spacing of untouched lines stay as they are, a commented-out
 * option (`# opt = x`) is replaced in place. One probe, one atomic put.
 */
import { z } from 'zod';
import { defineModule, type ResultFields } from './contract.js';
import { boolish, withAliases } from './support/aliases.js';
import { formatMode } from './support/file-mode.js';
import { pyRegExp } from '../template/pyregex.js';
import { readTextFile, textChange, textFileFields, writeText, type TextPlan } from './support/text-file.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)));

export const iniFileParams = withAliases(
  { dest: 'path', attr: 'attributes' },
  z
    .object({
      path: z.string().min(1),
      section: scalar.nullable().optional(),
      option: scalar.optional(),
      value: scalar.optional(),
      values: z.array(scalar).optional(),
      state: z.enum(['present', 'absent']).default('present'),
      exclusive: boolish.default(true),
      no_extra_spaces: boolish.default(false),
      allow_no_value: boolish.default(false),
      create: boolish.default(true),
      ...textFileFields,
    })
    .strict()
    .refine((p) => p.value === undefined || p.values === undefined, { message: 'parameters are mutually exclusive: value|values', path: ['value'] })
    .refine((p) => p.state !== 'present' || p.allow_no_value || p.value !== undefined || (p.values?.length ?? 0) > 0, {
      message: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.",
      path: ['value'],
    }),
);
export type IniFileParams = z.infer<typeof iniFileParams>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const matchOpt = (option: string, line: string) => pyRegExp(`^[#;]?( |\\t)*(${escape(option)})( |\\t)*(=|$)( |\\t)*(.*)`).exec(line);
const matchActive = (option: string, line: string) => pyRegExp(`^( |\\t)*(${escape(option)})( |\\t)*(=|$)( |\\t)*(.*)`).exec(line);
const FAKE = 'ad01e11446efb704fcdbdb21f2c43757423d91c5';

/** do_ini() of community.general's ini_file: the new lines, whether they changed, and the message. */
export function doIni(text: string | undefined, p: IniFileParams): { text: string; changed: boolean; msg: string } {
  const option = p.option;
  let values = [...new Set(p.value !== undefined ? [p.value] : p.values ?? [])];
  const lines = (text ?? '').replace(/^\uFEFF/, '').split(/(?<=\n)/).filter((l) => l !== '');
  let changed = false;
  if (lines.length === 0) lines.push('\n');
  if (!(lines[lines.length - 1] ?? '').endsWith('\n')) (lines[lines.length - 1] += '\n'), (changed = true);
  lines.unshift(`[${FAKE}]`);
  lines.push('[');
  const section = p.section ? p.section : FAKE;
  let within = false;
  let start = 0;
  let end = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith(`[${section}]`)) [within, start] = [true, i];
    else if (line.startsWith('[') && within) {
      end = i;
      break;
    }
  }
  const before = lines.slice(0, start);
  let sec = lines.slice(start, end);
  const after = lines.slice(end);
  const touched = sec.map(() => false);
  let msg = 'OK';
  const assign = (v: string) => (p.no_extra_spaces ? `${option}=${v}\n` : `${option} = ${v}\n`);
  const update = (i: number, line: string) => {
    if (sec[i] !== line) [changed, msg] = [true, 'option changed'];
    sec[i] = line;
    touched[i] = true;
  };
  let noValuePresent = false;
  if (p.state === 'present' && option) {
    for (const [i, line] of sec.entries()) {
      const m = matchOpt(option, line);
      if (!m) continue;
      const current = m[6] ?? '';
      if (values.includes(current)) {
        if (!current && p.allow_no_value) [noValuePresent] = [true, update(i, `${option}\n`)];
        else update(i, assign(current));
        values = values.filter((v) => v !== current);
      } else if (values.length === 0 && p.allow_no_value) {
        update(i, `${option}\n`);
        noValuePresent = true;
        break;
      }
    }
  }
  if (p.state === 'present' && p.exclusive && !p.allow_no_value && option) {
    if (values.length > 0) {
      for (const [i, line] of sec.entries()) {
        if (!touched[i] && matchOpt(option, line)) {
          update(i, assign(values.shift() ?? ''));
          if (values.length === 0) break;
        }
      }
    }
    for (let i = sec.length - 1; i > 0; i--) {
      if (!touched[i] && matchOpt(option, sec[i] ?? '')) {
        sec.splice(i, 1);
        [changed, msg] = [true, 'option changed'];
      }
    }
  }
  if (p.state === 'present') {
    for (let i = sec.length; i > 0; i--) {
      if (/^[ \t]*([#;].*)?$/.test((sec[i - 1] ?? '').replace(/\n$/, ''))) continue;
      if (option && values.length > 0) {
        sec.splice(i, 0, ...values.map(assign));
        [changed, msg] = [true, 'option added'];
      } else if (option && values.length === 0 && p.allow_no_value && !noValuePresent) {
        sec.splice(i, 0, `${option}\n`);
        [changed, msg] = [true, 'option added'];
      }
      break;
    }
  }
  if (p.state === 'absent') {
    if (option) {
      const keep = sec.filter((line) => {
        const m = matchActive(option, line);
        return !(m && (p.exclusive || values.includes(m[6] ?? '')));
      });
      if (keep.length !== sec.length) [sec, changed, msg] = [keep, true, 'option changed'];
    } else if (sec.length > 0) [sec, changed, msg] = [[], true, 'section removed'];
  }
  const out = [...before, ...sec, ...after].slice(1, -1);
  if (!within && p.state === 'present') {
    out.push(`[${section}]\n`);
    msg = 'section and option added';
    if (option && values.length > 0) out.push(...values.map(assign));
    else if (option && values.length === 0 && p.allow_no_value) out.push(`${option}\n`);
    else msg = 'only section added';
    changed = true;
  }
  return { text: out.join(''), changed, msg };
}

interface Plan {
  plan: TextPlan;
  result: ResultFields;
}

export const iniFileModule = defineModule<IniFileParams, Plan>({
  name: 'ini_file',
  paths: ['path'],
  schema: iniFileParams,
  check: 'full',
  readOnlyQuery: true,
  async query(p, ctx) {
    const fail = (msg: string, rc?: number) => ({ changed: false as const, reason: msg, result: { failed: true, msg, ...(rc ? { rc } : {}) } });
    const file = await readTextFile(ctx, p.path, p, { bornOwner: true });
    if ('error' in file) return fail(file.error);
    if (file.text === undefined && !p.create) return fail(`Destination ${p.path} does not exist!`, 257);
    const ini = doIni(file.text, p);
    const change = textChange(file, ini.changed ? ini.text : undefined, p, ini.msg);
    const plan = change.plan;
    // The result names `path`, so Ansible adds the file's owner, mode and size as they end up.
    const st = file.stat;
    const uid = plan?.attrs?.uid ?? st?.uid ?? file.self?.uid;
    const gid = plan?.attrs?.gid ?? st?.gid ?? file.self?.gid;
    const info =
      st || plan
        ? {
            uid, gid,
            owner: plan?.attrs?.uid !== undefined ? p.owner : st?.owner ?? file.self?.owner,
            group: plan?.attrs?.gid !== undefined ? p.group : st?.group ?? file.self?.group,
            mode: formatMode(plan?.attrs?.mode ?? st?.mode ?? 0o666 & ~file.umask),
            state: 'file',
            size: Buffer.byteLength(plan?.text ?? file.text ?? ''),
          }
        : {};
    const result = { msg: ini.msg, path: p.path, ...info };
    if (!plan) return { changed: false, reason: 'no change', result };
    return {
      changed: true,
      reason: ini.msg,
      plan: { plan, result },
      ...(change.diff ? { diff: change.diff, before: change.diff.before, after: change.diff.after } : {}),
      result,
    };
  },
  async apply(p, plan, ctx) {
    const written = await writeText(ctx, plan.plan, p);
    if (written.failed) return written;
    // Ansible's backup_local answers '' for a file that did not exist.
    return { ...plan.result, ...(p.backup ? { backup_file: written.backup ?? '' } : {}) };
  },
});
