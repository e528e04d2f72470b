/**
 * apt: Debian packages present, absent or latest, with apt-get (no python
 * on the host). Query asks dpkg-query (and apt-cache policy for `latest`)
 * and the cache's age in one command; apply updates the cache when due and
 * installs or removes in one more, non-interactively.
 */
import { z } from 'zod';
import { Command, sh } from '../connection/index.js';
import { defineModule, type ResultFields } from './contract.js';
import { keyValues, lines } from './support/host-output.js';
import { withAliases } from './support/aliases.js';
import { bool, int, strList } from './support/params.js';

export const aptParams = withAliases(
  // Ansible's spellings of the same parameters.
  { package: 'name', pkg: 'name', 'update-cache': 'update_cache', 'install-recommends': 'install_recommends' },
  z.object({
    name: strList().optional(),
    state: z.enum(['present', 'absent', 'latest']).default('present'),
    update_cache: bool().default(false),
    cache_valid_time: int(0).default(0),
    install_recommends: bool().optional(),
    purge: bool().default(false),
    autoremove: bool().default(false),
    lock_timeout: int(0).default(60),
  })
  .strict(),
);
export type AptParams = z.infer<typeof aptParams>;

/** What dpkg and apt know of one package. */
export interface PackageState {
  /** dpkg's db:Status-Abbrev, e.g. "ii " (installed) or "rc " (config files left). */
  status?: string;
  version?: string;
  candidate?: string;
}

export interface AptPlan {
  updateCache: boolean;
  install: string[];
  remove: string[];
}

/** Ansible's package_split for `=`: the name, and the version after the first `=` (`=1.0` names the package '', as there). */
function splitSpec(spec: string): { name: string; version?: string } {
  const [name = spec, version] = spec.split(/=(.*)/s);
  return version === undefined ? { name } : { name, version };
}

export function queryCommand(names: readonly string[], latest: boolean): Command {
  const bare = names.map((n) => splitSpec(n).name);
  // Ansible's cache time: apt's success stamp when there is one, else the lists folder.
  return sh`if [ -e /var/lib/apt/periodic/update-success-stamp ]; then echo "cachetime=$(stat -c %Y /var/lib/apt/periodic/update-success-stamp)"; else echo "cachetime=$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)"; fi
echo "now=$(date +%s)"; echo "lists=$(ls /var/lib/apt/lists 2>/dev/null | grep -c _Packages)"
${bare.length ? sh`dpkg-query -W -f='pkg=\${Package}\t\${db:Status-Abbrev}\t\${Version}\n' ${bare} 2>/dev/null; true` : Command.raw(':')}
${latest ? sh`for p in ${bare}; do echo "cand=$p	$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')"; done` : Command.raw(':')}`;
}

export function parsePackages(stdout: string): Map<string, PackageState> {
  const kv = keyValues(stdout);
  const map = new Map<string, PackageState>();
  for (const line of kv.all('pkg')) {
    const [name = '', status = '', version = ''] = line.split('\t');
    map.set(name, { ...map.get(name), status, version });
  }
  for (const line of kv.all('cand')) {
    const [name = '', candidate = ''] = line.split('\t');
    if (candidate && candidate !== '(none)') map.set(name, { ...map.get(name), candidate });
  }
  return map;
}

/** dpkg's second status letter: installed, or half-way there (unpacked, half-configured, triggers). */
const installed = (s: PackageState | undefined) => 'iUFWt'.includes(s?.status?.[1] ?? 'n');
const configOnly = (s: PackageState | undefined) => s?.status?.[1] === 'c';

/** What must change, from the packages' states and whether the cache must be refreshed. */
export function planApt(p: AptParams, names: readonly string[], pkgs: Map<string, PackageState>, cacheDue: boolean): AptPlan {
  const install: string[] = [];
  const remove: string[] = [];
  for (const spec of names) {
    const { name, version } = splitSpec(spec);
    const s = pkgs.get(name);
    if (p.state === 'absent') {
      if (installed(s) || (p.purge && configOnly(s))) remove.push(name);
    } else if (!installed(s)) install.push(spec);
    else if (version !== undefined && !(s?.version ?? '').startsWith(version)) install.push(spec);
    else if (p.state === 'latest' && s?.candidate && s.candidate !== s.version) install.push(spec);
  }
  // The cache is refreshed when due and there is a reason: asked for alone, or before installing.
  const updateCache = cacheDue && (names.length === 0 || install.length > 0);
  return { updateCache, install, remove };
}

export function applyCommand(p: AptParams, plan: AptPlan): Command {
  const lock = ['-o', `DPkg::Lock::Timeout=${p.lock_timeout}`];
  const steps: Command[] = [];
  if (plan.updateCache) steps.push(Command.argv(['apt-get', 'update', '-q', ...lock]));
  if (plan.install.length) {
    const recommends = p.install_recommends === undefined ? [] : ['-o', `APT::Install-Recommends=${p.install_recommends ? 'yes' : 'no'}`];
    steps.push(Command.argv(['apt-get', 'install', '-y', '-q', ...lock, ...recommends, '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', ...plan.install]));
  }
  if (plan.remove.length) steps.push(Command.argv(['apt-get', p.purge ? 'purge' : 'remove', '-y', '-q', ...lock, ...(p.autoremove ? ['--auto-remove'] : []), ...plan.remove]));
  return Command.join(steps, ' && ');
}

export const aptModule = defineModule<AptParams, AptPlan>({
  name: 'apt',
  schema: aptParams,
  check: 'full',
  async query(p, ctx) {
    const names = p.name ?? [];
    // A name apt-get and dpkg-query would read as an option (-oDPkg::Pre-Invoke::=CMD runs CMD as root):
    // no package has such a name; Ansible finds none in its cache and fails with this message.
    const option = names.map((n) => splitSpec(n).name).find((n) => n.startsWith('-'));
    if (option !== undefined && p.state !== 'absent') {
      const msg = `No package matching '${option}' is available`;
      return { changed: false, reason: msg, result: { failed: true, msg } };
    }
    const r = await ctx.run(queryCommand(names.filter((n) => !splitSpec(n).name.startsWith('-')), p.state === 'latest'));
    const kv = keyValues(r.stdout);
    const cacheTime = Number(kv.get('cachetime') ?? 0);
    const now = Number(kv.get('now') ?? 0);
    const cacheDue = (p.update_cache || p.cache_valid_time > 0) && !(cacheTime + p.cache_valid_time >= now);
    const plan = planApt(p, names, parsePackages(r.stdout), cacheDue);
    const base: ResultFields = { cache_updated: false, cache_update_time: cacheTime };
    if (!plan.updateCache && plan.install.length === 0 && plan.remove.length === 0) {
      return { changed: false, reason: names.length ? `packages are ${p.state}` : 'cache is recent', result: base };
    }
    const what = [plan.updateCache ? 'update the cache' : '', plan.install.length ? `install ${plan.install.join(' ')}` : '', plan.remove.length ? `remove ${plan.remove.join(' ')}` : ''].filter(Boolean);
    return { changed: true, reason: `would ${what.join(', ')}`, plan, before: { install: [], remove: [] }, after: { install: plan.install, remove: plan.remove }, result: { ...base, cache_updated: plan.updateCache } };
  },
  async apply(p, plan, ctx) {
    const command = applyCommand(p, plan);
    const r = await ctx.run(sh`${command}; rc=$?; echo; echo "cachetime=$(stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists)"; exit $rc`, {
      env: { DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none' },
      timeoutMs: 15 * 60_000,
    });
    const at = r.stdout.lastIndexOf('\ncachetime=');
    // apt-get's output as it printed it (Ansible registers run_command's stdout unchanged): only the echo's newline goes.
    const stdout = at < 0 ? r.stdout : r.stdout.slice(0, at);
    const result: ResultFields = {
      cache_updated: plan.updateCache, cache_update_time: Number(keyValues(r.stdout).get('cachetime') ?? 0),
      stdout, stderr: r.stderr, stdout_lines: lines(stdout), stderr_lines: lines(r.stderr),
    };
    if (r.rc !== 0) return { ...result, failed: true, rc: r.rc, msg: `'${command.toDisplay()}' failed: ${r.stderr.trim()}` };
    return result;
  },
});
