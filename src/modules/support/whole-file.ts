/**
 * The modules that put a whole file on a host (copy, template,
 * merge_configs, merge_yaml) differ only in how they make the content. They
 * say what file they want; this file turns that into the module: query and
 * apply for check and diff runs, and `converge` for ordinary runs, which
 * compares and writes in one round trip (the content travels with the
 * comparison, so an unchanged file costs one exec, and a changed one too).
 * Both register the same fields (tests/integration/modules/whole-file.test.ts).
 */
import { posix } from 'node:path';
import type { z } from 'zod';
import { Command, quote } from '../../connection/index.js';
import { putCommand } from '../../connection/index.js';
import { defineModule, type AnyTaskModule, type ModuleContext, type ResultFields } from '../contract.js';
import { md5, sha1 } from './digest.js';
import { chmodOctal, isAbsoluteMode, modeAfterChownShell, resolveMode } from './file-mode.js';
import { makeLevels } from './make-dirs.js';
import { applyFile, describe, DestinationIsDirectory, parseStatLine, planFile, remoteState, STAT_FORMAT, type DesiredFile, type FilePlan } from './remote-file.js';

/** Larger contents are compared first (stat and sha1), then sent only when they differ. */
const SEND_WITH_COMPARE_MAX = 64 * 1024;

export function defineWholeFileModule<Params>(spec: {
  name: string;
  schema: z.ZodType<Params>;
  desired(params: Params, ctx: ModuleContext): Promise<DesiredFile>;
  /** The destination as the parameters give it (what query reads first). */
  dest(params: Params): string;
}): AnyTaskModule {
  return defineModule<Params, FilePlan>({
    name: spec.name,
    schema: spec.schema,
    paths: ['dest'],
    check: 'full',
    readOnlyQuery: true,
    query: async (params, ctx) => planFile(ctx, await spec.desired(params, ctx)),
    apply: (_params, plan, ctx) => applyFile(ctx, plan),
    converge: async (params, ctx) => convergeFile(ctx, await spec.desired(params, ctx)),
    readAhead: async (params, ctx) => void (await remoteState(ctx, spec.dest(params))),
  });
}

/**
 * Query and apply in one step: one round trip unless the file is large, needs validate/backup, or
 * has a symbolic mode (made a number from the file's mode by the query, as Ansible reads it).
 */
export async function convergeFile(ctx: ModuleContext, want: DesiredFile): Promise<ResultFields> {
  const mode = want.attributes.mode;
  if (want.content.length > SEND_WITH_COMPARE_MAX || want.validate !== undefined || want.backup || (mode !== undefined && !isAbsoluteMode(mode))) {
    const query = await planFile(ctx, want);
    if (!query.changed) return { changed: false, ...query.result };
    return applyFile(ctx, query.plan);
  }
  const checksum = sha1(want.content);
  const block = (path: string): string => convergeScript(path, checksum, want);
  // A dest that is a directory receives the file under the name given (copy's src, template's src).
  const script = want.into === undefined ? block(want.dest) : `if [ -d ${quote(want.dest)} ]; then ${block(posix.join(want.dest, want.into))}; else ${block(want.dest)}; fi`;
  const r = await ctx.run(Command.raw(script), { stdin: want.content });
  const lines = r.stdout.split('\n');
  const tagged = (tag: string): string | undefined => lines.find((l) => l.startsWith(`${tag} `))?.slice(tag.length + 1);
  const dest = tagged('D') ?? want.dest;
  if (lines.includes('isdir')) throw new DestinationIsDirectory(`destination ${dest} is a directory`);
  if (lines.includes('denied')) return { changed: false, failed: true, msg: `Failed to get information on remote file (${dest}): Permission denied` };
  if (lines.includes('noparent')) return { changed: false, failed: true, checksum, msg: `Destination directory ${posix.dirname(dest)} does not exist` };
  if (r.rc !== 0) return { failed: true, changed: false, dest, msg: (r.stderr || r.stdout).trim() };
  if (lines.includes('K')) return { changed: false, dest };
  const before = tagged('B');
  const afterLine = tagged('A');
  if (afterLine === undefined) throw new Error(`cannot stat ${dest} after writing it: ${r.stderr.trim()}`);
  const after = parseStatLine(afterLine);
  if (lines.includes('W')) return { changed: true, dest, checksum, md5sum: md5(want.content), ...describe(after) };
  const changed = before === undefined || attributesOf(before) !== attributesOf(afterLine);
  return { changed, dest, path: dest, checksum, ...describe(after) };
}

/** mode|owner|group|uid|gid of a stat line: what an attribute change changes. */
function attributesOf(statLine: string): string {
  return statLine.split('|').slice(1, 6).join('|');
}

/**
 * For one path: its state before (B), then either the content written when
 * it differs (W), or kept as it is (K: force off), or only the attributes
 * fixed; its state after (A). Nothing is read from stdin unless the content
 * is written.
 */
function convergeScript(path: string, checksum: string, want: DesiredFile): string {
  const p = quote(path);
  const parent = quote(posix.dirname(path));
  const { mode, owner, group } = want.attributes;
  // Each fix sets c: the state after is stat'ed again only when something ran.
  // Owner, group, then mode, as Ansible sets them: a chown clears setuid and setgid bits a chmod set before it.
  const fix: string[] = [];
  if (owner !== undefined) fix.push(`{ [ "$3" = ${quote(owner)} ] || [ "$5" = ${quote(owner)} ] || { chown ${quote(owner)} ${p} && c=1; }; }`);
  if (group !== undefined) fix.push(`{ [ "$4" = ${quote(group)} ] || [ "$6" = ${quote(group)} ] || { chgrp ${quote(group)} ${p} && c=1; }; }`);
  // An absolute mode only (convergeFile leaves a symbolic one to query-then-apply).
  const octal = mode === undefined ? undefined : resolveMode(mode, 0, false, 0);
  // $2 is the octal mode (%a) before the fixes; a chown above may have dropped setuid and setgid since.
  if (octal !== undefined) fix.push(`{ m=$(( 0$2 )); [ -z "$c" ] || ${modeAfterChownShell('m')}; [ "$m" = ${octal} ] || { chmod ${chmodOctal(octal)} ${p} && c=1; }; }`);
  const put = putCommand(path, want.attributes).toShell();
  // No folder to write in: made (copy's dest/), or why not (a folder above that cannot be entered: no become).
  const noParent = want.createParent
    ? makeLevels(posix.dirname(path), want.createParent)
    : `q=${parent}; while [ ! -e "$q" ] && [ "$q" != / ]; do q=$(dirname "$q"); done; if [ -d "$q" ] && [ ! -x "$q" ]; then echo denied; else echo noparent; fi; exit 0`;
  const existing = want.force
    ? `if [ "$s" != ${checksum} ]; then echo W; c=1; ${put} || exit; else IFS='|'; set -- $st; IFS=' '; ${fix.length > 0 ? fix.join(' && ') : ':'} || exit; fi`
    : 'echo K; exit 0';
  return [
    `printf 'D %s\\n' ${p}; c=`,
    `if [ -d ${p} ]; then echo isdir; exit 0; fi`,
    `if [ ! -e ${p} ] && [ ! -d ${parent} ]; then ${noParent}; fi`,
    `if [ -e ${p} ]; then st=$(stat -L -c '${STAT_FORMAT}' ${p}) || exit; echo "B $st"; s=$(sha1sum < ${p}) || exit; s=\${s%% *}`,
    `  ${existing}`,
    `else echo W; c=1; ${put} || exit; fi`,
    `if [ -n "$c" ]; then echo "A $(stat -L -c '${STAT_FORMAT}' ${p})"; else echo "A $st"; fi`,
  ].join('\n');
}
