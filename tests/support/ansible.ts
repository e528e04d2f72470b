import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Whether ansible-playbook (the oracle) is installed; tests that ask it skip
 * otherwise. Looked up on PATH, not run: a mutation run starts these tests
 * once per mutant, and `ansible-playbook --version` costs a second of CPU.
 */
export function hasAnsible(): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'ansible-playbook'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
