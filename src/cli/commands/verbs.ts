/** `kolla-run deploy|reconfigure|pull|stop|destroy|... -i INV`: kolla-ansible's verbs, each a playbook run. */
import { join } from 'node:path';
import { EnvironmentError, ExitCode } from '../../errors.js';
import { absoluteConfigPathVar } from '../../kolla/config-path.js';
import { verbProblem, verbRun, verbUsage, type Verb } from '../../kolla/verbs.js';
import { PROJECT_ROOT } from '../../project-root.js';
import type { CliIO } from '../output.js';
import { playbookCommand, playbookUsage } from './playbook.js';

const PLAYBOOKS_DIR = join(PROJECT_ROOT, 'playbooks');
const ROLES_DIR = join(PROJECT_ROOT, 'roles');

/** The playbook command's options, without its own first lines. */
const playbookOptions = playbookUsage.slice(playbookUsage.indexOf('\n  -'));

export function usageOf(verb: Verb): string {
  return verbUsage(verb, `Playbook options:${playbookOptions}`);
}

export async function verbCommand(verb: Verb, argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usageOf(verb));
    return ExitCode.ok;
  }
  const run = verbRun(verb, argv, PLAYBOOKS_DIR);
  const problem = verbProblem(verb, PLAYBOOKS_DIR, ROLES_DIR);
  if (problem !== undefined) throw new EnvironmentError(problem);
  const configPath = absoluteConfigPathVar(process.env, process.cwd());
  if (configPath !== undefined) process.env.KOLLA_CONFIG_PATH = configPath;
  return playbookCommand(run.argv, io);
}
