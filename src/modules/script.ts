/**
 * script: runs a script from the controller (the role's files/) on the host.
 * One round trip: the script goes on stdin into a private temporary file
 * (mktemp), which runs with the arguments and is removed whatever happens;
 * the script itself gets no stdin, as with Ansible. Nobody can tell what a
 * script would change, so check mode skips it unless creates/removes decide.
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { lines } from './support/host-output.js';

export const scriptParams = z
  .object({
    _raw_params: z.string().optional(),
    cmd: z.string().optional(),
    creates: z.string().optional(),
    removes: z.string().optional(),
    chdir: z.string().optional(),
    executable: z.string().optional(),
  })
  .strict()
  .refine((p) => (p._raw_params ?? p.cmd ?? '').trim() !== '', { message: 'script: give the script path (free-form or cmd)', path: ['cmd'] });
export type ScriptParams = z.infer<typeof scriptParams>;

/** "files/x.sh --a 'b c'" -> the path (first word) and the rest, kept as shell text like Ansible does. */
export function splitScript(text: string): { path: string; args: string } {
  const t = text.trim();
  const q = t[0];
  if (q === '"' || q === "'") {
    const end = t.indexOf(q, 1);
    return end < 0 ? { path: t.slice(1), args: '' } : { path: t.slice(1, end), args: t.slice(end + 1).trim() };
  }
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t);
  return { path: m?.[1] ?? '', args: m?.[2] ?? '' };
}

/** mktemp, fill from stdin, run, remove: the whole script run as one command. `executable` and `args` are shell text, as in Ansible. */
export function scriptCommand(args: string, executable: string | undefined): Command {
  const runner = Command.raw(executable ? `${executable} "$t"` : '"$t"');
  return sh`t=$(mktemp "\${TMPDIR:-/tmp}/.kolla-run-script.XXXXXXXX") || exit 1; cat > "$t" && chmod 700 "$t" || { rm -f "$t"; exit 1; }
${runner} ${Command.raw(args)} </dev/null; rc=$?; rm -f "$t"; exit $rc`;
}

/** Ansible looks for creates/removes before chdir applies (relative: from the login folder). */
async function exists(ctx: ModuleContext, path: string): Promise<boolean> {
  return (await ctx.run(sh`[ -e ${path} ]`)).rc === 0;
}

/** Ansible's script skips the task (skipped: true) where command registers rc 0 and a "skipped, since" stdout. */
function skipped(text: string): Query<null> {
  return { changed: false, reason: text, result: { skipped: true, msg: text } };
}

export const scriptModule = defineModule<ScriptParams, null>({
  name: 'script',
  schema: scriptParams,
  freeForm: '_raw_params',
  // Printed like command in ad-hoc output (Ansible prints script's result as JSON): kept as kolla-run always did.
  commandLike: true,
  check: 'skip',
  async query(p, ctx) {
    if (p.creates && (await exists(ctx, p.creates))) return skipped(`${p.creates} exists, matching creates option`);
    if (p.removes && !(await exists(ctx, p.removes))) return skipped(`${p.removes} does not exist, matching removes option`);
    if (p.chdir !== undefined && !p.chdir.startsWith('/')) throw new Error(`chdir ${p.chdir} must be an absolute path for a Unix-aware remote node`);
    // In check mode, creates/removes that let it run report a change; without them Ansible skips the task.
    const decided = p.creates !== undefined || p.removes !== undefined;
    return { changed: true, reason: `would run ${p._raw_params ?? p.cmd ?? ''}`, plan: null, ...(decided ? { checkSkips: false } : { result: { msg: 'Check mode is not supported for this task.' } }) };
  },
  async apply(p, _plan, ctx): Promise<ResultFields> {
    const { path, args } = splitScript(p._raw_params ?? p.cmd ?? '');
    const source = await ctx.local.read(path, 'files');
    const r = await ctx.run(scriptCommand(args, p.executable), { stdin: source, ...(p.chdir ? { cwd: p.chdir } : {}) });
    return {
      changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr),
      ...(r.rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
    };
  },
});
