/** Kolla's operator files: the config folder and the project's templates of them. */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/** The config folder: KOLLA_CONFIG_PATH, else /etc/kolla (as kolla-ansible). */
export function kollaConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KOLLA_CONFIG_PATH || '/etc/kolla';
}

/** The project's list of every secret the roles use (etc/kolla/passwords.yml). */
export const PASSWORDS_TEMPLATE = join(PROJECT_ROOT, 'etc', 'kolla', 'passwords.yml');
