import { execFileSync } from 'node:child_process';

/** Whether ansible-playbook (the oracle) is installed; tests that ask it skip otherwise. */
export function hasAnsible(): boolean {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
