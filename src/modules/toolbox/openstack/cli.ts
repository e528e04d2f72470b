/**
 * The `openstack` client of the toolbox image, run through the engine's
 * exec API. One run is one python3 process that authenticates once and
 * runs several client commands in turn (each command's own process would
 * authenticate again, seconds each on a busy Keystone). The commands come
 * on stdin as JSON, so a user's password never is on a command line; the
 * credentials are in the process's environment (OS_*).
 */
import type { Toolbox } from '../client.js';

export interface CliResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs client commands (argv after `openstack`) in order, stopping after the first that fails. */
export interface OpenStackCli {
  run(commands: ReadonlyArray<readonly string[]>): Promise<CliResult[]>;
}

/** Where and how the client authenticates: its environment and its global options (before the first command). */
export interface CliAuth {
  env: Record<string, string>;
  globalArgs: string[];
}

// The first command goes through run() (global options, authentication), the
// next through run_subcommand(), which reuses the authenticated session. Each
// command's output and log lines are captured apart.
const RUNNER = String.raw`
import io, json, logging, sys
from openstackclient import shell
job = json.load(sys.stdin)
app = shell.OpenStackShell()
real_out, real_err = sys.stdout, sys.stderr
results = []
for i, argv in enumerate(job['commands']):
    out, err = io.StringIO(), io.StringIO()
    app.stdout, app.stderr, sys.stdout, sys.stderr = out, err, out, err
    for h in logging.getLogger('').handlers:
        if isinstance(h, logging.StreamHandler): h.setStream(err)
    try:
        rc = app.run(job['global'] + argv) if i == 0 else app.run_subcommand(argv)
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except Exception as e:
        err.write('%s\n' % e); rc = 1
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    results.append({'rc': rc or 0, 'stdout': out.getvalue(), 'stderr': err.getvalue()})
    if rc: break
json.dump(results, real_out)
`;

export const CLI_ARGV: readonly string[] = ['python3', '-c', RUNNER];

/** The runner's input. */
export function cliInput(auth: CliAuth, commands: ReadonlyArray<readonly string[]>): string {
  return JSON.stringify({ global: auth.globalArgs, commands });
}

/** The runner's answer, or an error with what the process printed. */
export function parseCliOutput(rc: number, stdout: string, stderr: string): CliResult[] {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (Array.isArray(parsed)) return parsed as CliResult[];
  } catch {
    // Said below.
  }
  const said = stderr.trim().split('\n').slice(-5).join('\n');
  throw new Error(`the openstack client did not run (exit ${rc}): ${said || stdout.trim() || 'no output'}`);
}

export function toolboxCli(toolbox: Toolbox, auth: CliAuth): OpenStackCli {
  return {
    async run(commands) {
      if (commands.length === 0) return [];
      const r = await toolbox.engine.exec(toolbox.container, CLI_ARGV, { user: toolbox.user, env: auth.env, stdin: cliInput(auth, commands), timeoutMs: toolbox.timeoutMs });
      return parseCliOutput(r.rc, r.stdout, r.stderr);
    },
  };
}

/** The client's error text (its last non-empty lines), for a message. */
export function cliError(r: CliResult): string {
  const text = r.stderr.trim() || r.stdout.trim();
  return text === '' ? `the openstack client exited with ${r.rc}` : text.split('\n').slice(-3).join('\n');
}

/** The error text when the client said the named thing does not exist. */
export const isNotFound = (r: CliResult): boolean => r.rc !== 0 && /^No \S+ with a .*exists\.?$/m.test(r.stderr);

export class CliError extends Error {}

/** Runs commands that must all succeed; the objects they print as JSON (undefined for those that print none). */
export async function runAll(cli: OpenStackCli, commands: ReadonlyArray<readonly string[]>): Promise<unknown[]> {
  const results = await cli.run(commands);
  const out: unknown[] = [];
  for (const r of results) {
    if (r.rc !== 0) throw new CliError(cliError(r));
    out.push(r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout));
  }
  if (results.length !== commands.length) throw new CliError(`the openstack client ran ${results.length} of ${commands.length} commands`);
  return out;
}
