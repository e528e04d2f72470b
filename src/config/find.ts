/**
 * Which ansible.cfg Ansible reads: the first that exists and is readable of
 * $ANSIBLE_CONFIG (a folder means its ansible.cfg), ./ansible.cfg,
 * ~/.ansible.cfg, /etc/ansible/ansible.cfg. A current folder anyone may
 * write to is skipped, with Ansible's warning, since anyone could have put
 * an ansible.cfg there (ansible-core's config/manager.py).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface FoundConfig {
  file: string | undefined;
  warnings: string[];
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
  /** The system file; a test points it elsewhere. */
  systemFile?: string;
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile() || statSync(file).isFIFO();
  } catch {
    return false;
  }
}

/** `~` and `~/x` as the shell reads them. */
export function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

export function findConfigFile(options: FindOptions = {}): FoundConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? env.HOME ?? homedir();
  const candidates: string[] = [];
  let fromEnv: string | undefined;
  if (env.ANSIBLE_CONFIG !== undefined) {
    fromEnv = resolve(cwd, expandHome(env.ANSIBLE_CONFIG, home));
    if (statSync(fromEnv, { throwIfNoEntry: false })?.isDirectory()) fromEnv = join(fromEnv, 'ansible.cfg');
    candidates.push(fromEnv);
  }
  let skippedPublic = false;
  const here = join(cwd, 'ansible.cfg');
  const cwdMode = statSync(cwd, { throwIfNoEntry: false })?.mode;
  if (cwdMode !== undefined) {
    if ((cwdMode & 0o002) !== 0) skippedPublic = statSync(here, { throwIfNoEntry: false }) !== undefined;
    else candidates.push(here);
  }
  candidates.push(join(home, '.ansible.cfg'), options.systemFile ?? '/etc/ansible/ansible.cfg');
  const file = candidates.find(readable);
  const warnings =
    skippedPublic && (fromEnv === undefined || file !== fromEnv)
      ? [`Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source. For more information see https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir`]
      : [];
  return { file, warnings };
}
