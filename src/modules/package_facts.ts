/**
 * package_facts: the packages installed on the host as the fact
 * `packages`, shaped as Ansible's: name -> list of {name, version, arch,
 * category, origin, source}. Read as Ansible's apt manager reads them,
 * through python3-apt on the host: apt's cache merges dpkg's database with
 * the repositories' lists, so a package's section and origin come from the
 * lists when they are there (lsb-base: "oldlibs" in the lists, "misc" in
 * dpkg's database). A host without python3-apt gets dpkg's database
 * (origin '', as apt reports it without lists). Never changes anything.
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
  return sortedByName(packages);
}

/** The fact's entries in code-unit order of their names (Array.prototype.sort's own order for strings; names are unique). */
function sortedByName(packages: Record<string, PackageInfo[]>): Record<string, PackageInfo[]> {
  return Object.fromEntries(Object.keys(packages).sort().map((name) => [name, packages[name] ?? []]));
}

/** python-apt's view, as Ansible's AptPackageManager reads it: installed packages by cache key, the installed version's fields. */
const APT_SCRIPT = `
import json, apt
cache = apt.Cache()
out = {}
for key in cache.keys():
    pkg = cache[key]
    if not pkg.is_installed:
        continue
    v = pkg.installed
    origin = v.origins[0].origin if v.origins else ''
    out.setdefault(key, []).append(dict(name=key, version=v.version, arch=v.architecture, category=v.section or '', origin=origin or '', source='apt'))
print(json.dumps(out))
`;

/** python3-apt when the host has it (the first line is then JSON), else dpkg's database. */
const READ_PACKAGES = `if python3 -c 'import apt' 2>/dev/null; then python3 -; else ${DPKG_QUERY}; fi`;

const aptOutput = z.record(
  z.string(),
  z.array(z.object({ name: z.string(), version: z.string(), arch: z.string(), category: z.string(), origin: z.string(), source: z.literal('apt') }).strict()),
);

/** The packages fact from READ_PACKAGES's output, sorted by name. */
export function parsePackages(stdout: string): Record<string, PackageInfo[]> {
  if (!stdout.startsWith('{')) return parseDpkg(stdout);
  return sortedByName(aptOutput.parse(JSON.parse(stdout)));
}

export const packageFactsModule = defineModule<PackageFactsParams, never>({
  name: 'package_facts',
  schema: packageFactsParams,
  check: 'full',
  async query(p, ctx): Promise<Unchanged> {
    const wanted = p.manager.includes('auto') || p.manager.includes('apt');
    const r = wanted ? await ctx.run(READ_PACKAGES, { stdin: APT_SCRIPT }) : undefined;
    if (r === undefined || r.rc !== 0) {
      const msg = `Could not detect a supported package manager from the following list: [${p.manager.map((m) => `'${m}'`).join(', ')}], or the required Python library is not installed. Check warnings for details.`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    return { changed: false, reason: 'packages read', result: { ansible_facts: { packages: parsePackages(r.stdout) } } };
  },
  async apply() {
    return {};
  },
});
