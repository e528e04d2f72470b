/** Kolla's operator files: the config folder and the project's templates of them. */
import { isAbsolute, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/** The config folder: KOLLA_CONFIG_PATH, else /etc/kolla (as kolla-ansible). */
export function kollaConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KOLLA_CONFIG_PATH || '/etc/kolla';
}

/**
 * The verbs and genpwd read a relative KOLLA_CONFIG_PATH from the current
 * folder, as an operator means it; a playbook's env lookup would take it
 * from the playbook's folder (Ansible's rule for relative paths), so the
 * verbs hand the playbook an absolute one. Undefined: nothing to change.
 */
export function absoluteConfigPathVar(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const value = env.KOLLA_CONFIG_PATH;
  return value && !isAbsolute(value) ? resolve(cwd, value) : undefined;
}

/** The project's list of every secret the roles use (etc/kolla/passwords.yml). */
export const PASSWORDS_TEMPLATE = join(PROJECT_ROOT, 'etc', 'kolla', 'passwords.yml');
