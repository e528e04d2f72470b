/**
 * package_facts: the packages installed on the host as the fact
 * `packages`, shaped as Ansible's: name -> list of {name, version, arch,
 * category, origin, source}. Read from dpkg's database (Debian nodes, the
 * manager Ansible calls apt); a package of a foreign architecture is keyed
 * name:arch as python-apt keys it. `origin` is what Ansible reports for a
 * package whose repository lists were cleaned from the host (''): the
 * repositories' release files are not read. Never changes anything.
 */
import { z } from 'zod';
import { defineModule, type Unchanged } from './contract.js';

const MANAGERS = ['auto', 'rpm', 'apt', 'portage', 'pkg', 'pacman', 'apk', 'pkg_info'] as const;

export const packageFactsParams = z
  .object({
    manager: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v), z.array(z.enum(MANAGERS)))
      .default(['auto']),
    strategy: z.enum(['first', 'all']).default('first'),
  })
  .strict();
export type PackageFactsParams = z.infer<typeof packageFactsParams>;

export interface PackageInfo {
  name: string;
  version: string;
  arch: string;
  category: string;
  origin: string;
  source: 'apt';
}

/** dpkg status values of a package python-apt counts as installed (it has a current version). */
const INSTALLED = new Set(['installed', 'half-configured', 'unpacked', 'half-installed', 'triggers-awaited', 'triggers-pending']);

/** FORMAT's lines: package, version, architecture, section, status; the first line is the native architecture. */
export const DPKG_QUERY = "dpkg --print-architecture && dpkg-query -W -f='${Package}\\t${Version}\\t${Architecture}\\t${Section}\\t${db:Status-Status}\\n'";

export function parseDpkg(stdout: string): Record<string, PackageInfo[]> {
  const [native = '', ...lines] = stdout.split('\n');
  const packages: Record<string, PackageInfo[]> = {};
  for (const line of lines) {
    const [pkg = '', version = '', arch = '', section = '', status = ''] = line.split('\t');
    if (pkg === '' || !INSTALLED.has(status)) continue;
    const name = arch === native.trim() || arch === 'all' || arch === '' ? pkg : `${pkg}:${arch}`;
    (packages[name] ??= []).push({ name, version, arch, category: section, origin: '', source: 'apt' });
  }
  return Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const packageFactsModule = defineModule<PackageFactsParams, never>({
  name: 'package_facts',
  schema: packageFactsParams,
  check: 'full',
  async query(p, ctx): Promise<Unchanged> {
    const wanted = p.manager.includes('auto') || p.manager.includes('apt');
    const r = wanted ? await ctx.run(DPKG_QUERY) : undefined;
    if (r === undefined || r.rc !== 0) {
      const msg = `Could not detect a supported package manager from the following list: [${p.manager.map((m) => `'${m}'`).join(', ')}], or the required Python library is not installed. Check warnings for details.`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    return { changed: false, reason: 'packages read', result: { ansible_facts: { packages: parseDpkg(r.stdout) } } };
  },
  async apply() {
    return {};
  },
});
