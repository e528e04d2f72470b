/**
 * command and shell: run a program on the host. `command` runs argv without
 * a shell (the words are quoted, so `|` and `>` stay plain arguments);
 * `shell` hands the text to /bin/sh (or `executable`). Neither can know what
 * it would change, so check mode skips them unless creates/removes decide.
 */
import { z } from 'zod';
import { Command } from '../connection/index.js';
import { defineModule, type ModuleContext, type Query, type ResultFields } from './contract.js';
import { splitArgs } from '../connection/index.js';
import { expandedWord, pathCheckResult, pathCheckScript, type PathCheck } from './support/expand-path.js';
import { formatDelta, formatTime } from './support/host-output.js';
import { bytesRepr } from './support/python-text.js';

const commonFields = {
  _raw_params: z.string().optional(),
  cmd: z.string().optional(),
  argv: z.array(z.string()).optional(),
  chdir: z.string().optional(),
  creates: z.string().optional(),
  removes: z.string().optional(),
  stdin: z.string().optional(),
  stdin_add_newline: z.boolean().default(true),
  strip_empty_ends: z.boolean().default(true),
  executable: z.string().optional(),
  warn: z.boolean().optional(),
};

export const commandParams = z
  .object(commonFields)
  .strict()
  .refine((p) => [p._raw_params, p.cmd, p.argv].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of free-form text, cmd or argv',
  });
export type CommandParams = z.infer<typeof commandParams>;

interface Plan {
  command: Command;
}

/**
 * Whether creates/removes matches, and the path as the host expanded it: a path parameter
 * (variables and ~ expanded) that Ansible globs. The shell matches it; nothing else of the text is run.
 */
async function pathExists(ctx: ModuleContext, path: string, cwd: string | undefined): Promise<PathCheck> {
  const result = await ctx.run(Command.raw(pathCheckScript(path, { glob: true })), cwd ? { cwd } : {});
  return pathCheckResult(result.rc, result.stdout);
}

/** Not run because of creates/removes: Ansible's fields, its message naming the expanded path ("Would not" in check mode). */
function skippedBy(cmd: string | string[], path: string, exists: boolean): Query<Plan> {
  const stdout = `skipped, since ${path} ${exists ? 'exists' : 'does not exist'}`;
  const fields = (verb: string) => ({ cmd, rc: 0, stdout, stderr: '', stdout_lines: [stdout], stderr_lines: [], msg: `${verb} not run command since '${path}' ${exists ? 'exists' : 'does not exist'}` });
  return { changed: false, reason: stdout, result: fields('Did'), checkResult: fields('Would') };
}

/** Python's str.splitlines(): every line ending splits, a final one adds no empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** On stderr (alone) when command's program is not found: Ansible fails that without running anything. */
const NOT_FOUND = 'kolla-run: program not found';

function buildCommand(params: CommandParams, useShell: boolean): Command {
  if (useShell) return Command.argv([params.executable ?? '/bin/sh', '-c', commandText(params)]);
  // Each word as run_command expands it (expand_user_and_vars): $VAR and a leading ~, by the host's shell.
  const words = programArgs(params).map((word) => expandedWord(word));
  return Command.raw(`{ command -v ${words[0] ?? "''"} >/dev/null 2>&1 || { echo '${NOT_FOUND}' >&2; exit 2; }; ${words.join(' ')}; }`);
}

function programArgs(params: CommandParams): string[] {
  return params.argv ?? splitArgs(commandText(params));
}

/** Python's words for the errors a chdir meets. */
const ERRNO: Record<string, string> = { '2': 'No such file or directory', '13': 'Permission denied', '20': 'Not a directory' };

/** `cd DIR` before the command; when it cannot, says why on stderr (as an errno) and exits 1. */
function chdir(dir: string): Command {
  // chdir is a path: its variables and ~ are expanded on the host, as Ansible's module does.
  const d = expandedWord(dir);
  return Command.raw(`if ! cd -- ${d} 2>/dev/null; then if [ ! -e ${d} ]; then e=2; elif [ ! -d ${d} ]; then e=20; else e=13; fi; echo "kolla-run: chdir failed: $e" >&2; exit 1; fi;`);
}

/** Python's shlex.quote, which Ansible's messages use. */
function pyQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** The program does not exist: Ansible's failure, from its Python OSError. */
function notFound(params: CommandParams): ResultFields {
  const argv = programArgs(params);
  return {
    changed: false,
    failed: true,
    cmd: argv.map(pyQuote).join(' '),
    rc: 2,
    msg: `[Errno 2] No such file or directory: ${bytesRepr(argv[0] ?? '')}`,
    stdout: '',
    stderr: '',
    stdout_lines: [],
    stderr_lines: [],
  };
}

function commandText(params: CommandParams): string {
  return params.argv ? params.argv.join(' ') : params._raw_params ?? params.cmd ?? '';
}

/** What Ansible registers as `cmd`: shell's text, command's argument list. */
function registeredCmd(params: CommandParams, useShell: boolean): string | string[] {
  return useShell ? commandText(params) : programArgs(params);
}

function makeCommandModule(name: 'command' | 'shell', useShell: boolean) {
  return defineModule<CommandParams, Plan>({
    name,
    schema: commandParams,
    freeForm: '_raw_params',
    commandLike: true,
    check: 'skip',
    async query(params, ctx) {
      const text = commandText(params);
      if (params.creates) {
        const creates = await pathExists(ctx, params.creates, params.chdir);
        if (creates.exists) return skippedBy(registeredCmd(params, useShell), creates.expanded, true);
      }
      if (params.removes) {
        const removes = await pathExists(ctx, params.removes, params.chdir);
        if (!removes.exists) return skippedBy(registeredCmd(params, useShell), removes.expanded, false);
      }
      // Registered when check mode skips it: Ansible's fields of a command not run.
      const notRun = { cmd: registeredCmd(params, useShell), msg: 'Command would have run if not in check mode', rc: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] };
      // With creates/removes decided, check mode reports the change instead of skipping (as Ansible does).
      const decided = params.creates !== undefined || params.removes !== undefined;
      return { changed: true, reason: `would run: ${text}`, plan: { command: buildCommand(params, useShell) }, result: notRun, ...(decided ? { checkSkips: false } : {}) };
    },
    async apply(params, plan, ctx): Promise<ResultFields> {
      const start = new Date();
      const stdin = params.stdin === undefined ? undefined : params.stdin + (params.stdin_add_newline ? '\n' : '');
      const command = params.chdir ? Command.join([chdir(params.chdir), plan.command]) : plan.command;
      const result = await ctx.run(command, stdin !== undefined ? { stdin } : {});
      const end = new Date();
      if (!useShell && result.rc === 2 && result.stderr === `${NOT_FOUND}\n`) return notFound(params);
      const noDir = result.rc === 1 ? /^kolla-run: chdir failed: (\d+)\n$/.exec(result.stderr) : null;
      if (noDir && params.chdir) {
        const errno = noDir[1] ?? '2';
        const msg = `Unable to change directory before execution: [Errno ${errno}] ${ERRNO[errno] ?? ''}: ${bytesRepr(params.chdir)}`;
        return { changed: false, failed: true, cmd: registeredCmd(params, useShell), rc: null, msg, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] };
      }
      const strip = (s: string) => (params.strip_empty_ends ? s.replace(/[\r\n]+$/, '') : s);
      const stdout = strip(result.stdout);
      const stderr = strip(result.stderr);
      return {
        changed: true,
        cmd: registeredCmd(params, useShell),
        rc: result.rc,
        stdout,
        stderr,
        stdout_lines: splitLines(stdout),
        stderr_lines: splitLines(stderr),
        start: formatTime(start),
        end: formatTime(end),
        delta: formatDelta(end.getTime() - start.getTime()),
        msg: '',
        ...(result.rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
      };
    },
  });
}

export const commandModule = makeCommandModule('command', false);
export const shellModule = makeCommandModule('shell', true);
