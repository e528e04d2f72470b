/**
 * A template rendered before the run, as the play's first host would render
 * it, from what is known now: the inventory, the play's vars, extra vars and
 * magic variables, with side-effect-free lookups only (env, vars). Anything
 * else (facts, registered results, task vars) leaves it unresolved.
 */
import type { Inventory } from '../../inventory/index.js';
import { selectHosts, splitHostPattern } from '../../inventory/index.js';
import type { Play, Vars } from '../../playbook/index.js';
import { createLazyVars, hasMarkup, standardLookups, Templar } from '../../template/index.js';

const PURE_LOOKUPS = /^(?:ansible\.(?:builtin|legacy)\.)?(?:env|vars)$/;

/**
 * The play's hosts, as far as the inventory tells before the run. Groups
 * group_by and add_host make are not there yet: then the play's other terms
 * (or any host) stand for its hosts.
 */
export function playHosts(play: Play, inventory: Inventory, runtimeGroups: boolean): readonly string[] | 'no hosts' {
  if (play.hosts.some(hasMarkup)) return [];
  const hosts = selectHosts(inventory, play.hosts).hosts;
  if (hosts.length > 0) return hosts;
  if (!runtimeGroups) return 'no hosts';
  const plain = play.hosts.flatMap((p) => splitHostPattern(p)).filter((t) => !/^[&!]/.test(t));
  const some = plain.length > 0 ? selectHosts(inventory, plain).hosts : [];
  return some.length > 0 ? some : inventory.hostNames;
}

export type StaticRender = (text: string, more?: Vars) => string | undefined;

export function staticRender(play: Play, inventory: Inventory, extraVars: Vars, runtimeGroups: boolean): StaticRender {
  const hosts = playHosts(play, inventory, runtimeGroups);
  const host = hosts === 'no hosts' ? undefined : hosts[0];
  if (host === undefined) return () => undefined;
  const plugins = standardLookups();
  const templar = new Templar({
    searchPaths: [],
    lookup: (name, ...rest) => {
      // A pipe or a file read must not run before the run.
      if (!PURE_LOOKUPS.test(name)) throw new Error(`lookup ${name} is left to the run`);
      return plugins(name, ...rest);
    },
  });
  const magic: Vars = {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    groups: inventory.groupsMap(),
    group_names: inventory.groupNamesOf(host),
    playbook_dir: play.baseDir,
  };
  let hostVars: Vars | undefined;
  return (text, more = {}) => {
    if (!hasMarkup(text)) return text;
    hostVars ??= inventory.hostVars(host);
    const vars = createLazyVars([hostVars, magic, play.keywords.vars ?? {}, more, extraVars], templar);
    try {
      const out = templar.render(text, vars, play.location);
      return typeof out === 'string' ? out : undefined;
    } catch {
      return undefined;
    }
  };
}
