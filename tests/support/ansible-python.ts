/**
 * The Python that runs Ansible, and what identifies that installation: the
 * oracle's cached answers (oracle-cache.ts) are keyed by it, so that another
 * ansible-core, Jinja2, PyYAML or Python asks Ansible again.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

let found: string | undefined;

/**
 * The Python that runs Ansible: the interpreter named in the `ansible`
 * script's first line. On Debian that is the system's python3, the one
 * Kolla's images run, whatever else PATH finds first (a pyenv shim costs
 * tens of milliseconds a call).
 */
export function ansiblePython(): string {
  found ??= findAnsiblePython();
  return found;
}

function findAnsiblePython(): string {
  try {
    const path = execFileSync('sh', ['-c', 'command -v ansible'], { encoding: 'utf8' }).trim();
    const first = readFileSync(path, 'utf8').split('\n')[0] ?? '';
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m?.[1]?.endsWith('/env') && m[2]) return m[2];
    return m?.[1] ?? 'python3';
  } catch {
    return 'python3';
  }
}

// Each package's version and where it is installed, with that file's mtime: a reinstall of the same version elsewhere or from other sources counts as another.
const IDENTITY_SCRIPT = `
import os, sys, ansible.release, jinja2, yaml
print("python", sys.version.replace("\\n", " "), sys.executable)
for name, module, version in (("ansible-core", ansible.release, ansible.release.__version__), ("jinja2", jinja2, jinja2.__version__), ("pyyaml", yaml, yaml.__version__)):
    print(name, version, module.__file__, os.stat(module.__file__).st_mtime_ns)
`;

let identity: Promise<string> | undefined;

/** Lines naming the Python, ansible-core, Jinja2 and PyYAML that answer the oracle's questions; 'no ansible' when they cannot be imported. */
export function ansibleIdentity(): Promise<string> {
  identity ??= promisify(execFile)(ansiblePython(), ['-c', IDENTITY_SCRIPT], { encoding: 'utf8' }).then(
    ({ stdout }) => stdout,
    () => 'no ansible',
  );
  return identity;
}
