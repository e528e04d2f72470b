/**
 * kolla-ansible's own filters (its filter_plugins and kolla_ansible
 * package), with the same results and messages. Several read the template's
 * variables as Jinja2's pass_context filters do (group_names, hostvars,
 * inventory_hostname): they are built over a function giving the variables
 * of the template being rendered.
 */
import type { VarScope } from '../scope.js';
import { isDict, str, TemplateError, typeName, Undef } from '../values.js';
import { toBool } from './core.js';
import { ipv6Exploded, isLoopbackAddress, parseIpAddress } from './ip.js';
import { arg, argStr, type Registry } from './util.js';

type Dict = Record<string, unknown>;

/** kolla_ansible's FilterError, in its words. */
function filterError(msg: string): TemplateError {
  return new TemplateError(msg);
}

/** A dict's key as Python's dict.get gives it: undefined (None) when absent or undefined. */
function field(obj: unknown, key: string): unknown {
  if (!isDict(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  const v = obj[key];
  return v instanceof Undef ? undefined : v;
}

function needDict(v: unknown, what: string): Dict {
  if (v instanceof Undef) v.fail();
  if (!isDict(v)) throw new TemplateError(`${what} must be a dict, got ${typeName(v)}`);
  return v;
}

/** The context's variable, undefined when the template has none of that name. */
function contextVar(vars: VarScope | undefined, name: string): unknown {
  if (!vars?.has(name)) return undefined;
  const v = vars.get(name);
  return v instanceof Undef ? undefined : v;
}

function serviceName(service: Dict): string {
  const name = field(service, 'container_name');
  return name === undefined ? '<unknown>' : str(name);
}

function serviceEnabled(service: Dict): boolean {
  const enabled = field(service, 'enabled');
  if (enabled === undefined || enabled === null) throw filterError(`Service definition for '${serviceName(service)}' does not have an 'enabled' attribute`);
  return toBool(enabled) === true;
}

function serviceMappedToHost(vars: VarScope | undefined, service: Dict): boolean {
  const hostInGroups = field(service, 'host_in_groups');
  if (hostInGroups !== undefined && hostInGroups !== null) return toBool(hostInGroups) === true;
  const group = field(service, 'group');
  if (group !== undefined && group !== null) {
    const groupNames = contextVar(vars, 'group_names');
    return (Array.isArray(groupNames) && groupNames.includes(group)) || group === 'all';
  }
  throw filterError(`Service definition for '${serviceName(service)}' does not have a 'group' or 'host_in_groups' attribute`);
}

function enabledAndMapped(vars: VarScope | undefined, service: unknown): boolean {
  const s = needDict(service, 'a service definition');
  return serviceEnabled(s) && serviceMappedToHost(vars, s);
}

/** put_address_in_context: an IPv6 address as a URL, memcache or Erlang (rabbitmq) wants it. */
export function putAddressInContext(address: string, context: string): string {
  if (!['url', 'memcache', 'rabbitmq'].includes(context)) throw filterError(`Unknown context '${context}'`);
  if (!address.includes(':') && context !== 'rabbitmq') return address;
  if (context === 'url') return `[${address}]`;
  if (context === 'memcache') return `inet6:[${address}]`;
  const ip = parseIpAddress(address);
  if (ip === undefined) throw new TemplateError(`'${address}' does not appear to be an IPv4 or IPv6 address`);
  if (ip.version === 6) return ipv6Exploded(ip).split(':').map((h) => `16#${parseInt(h, 16).toString(16)}`).join(',');
  return address.replaceAll('.', ',');
}

/** kolla_url: a URL, without the port its protocol implies. */
export function kollaUrl(fqdn: string, protocol: string, port: unknown, path: string, context: string): string {
  const host = putAddressInContext(fqdn, context);
  const n = typeof port === 'number' ? Math.trunc(port) : Number.parseInt(str(port).trim(), 10);
  if (!Number.isInteger(n) || (typeof port === 'string' && !/^\s*[-+]?\d+\s*$/.test(port))) throw new TemplateError(`invalid literal for int() with base 10: '${str(port)}'`);
  const implied = ((protocol === 'http' || protocol === 'ws') && n === 80) || ((protocol === 'https' || protocol === 'wss') && n === 443);
  return implied ? `${protocol}://${host}${path}` : `${protocol}://${host}:${n}${path}`;
}

function hostOf(vars: VarScope | undefined, hostname: string): Dict {
  const hostvars = contextVar(vars, 'hostvars');
  if (hostvars === undefined || hostvars === null) throw filterError("'hostvars' variable is unavailable");
  const host = field(hostvars, hostname);
  if (!isDict(host)) throw filterError(`'${hostname}' not in 'hostvars'`);
  return host;
}

/** kolla_address: the host's address on a Kolla network (<network>_interface, <network>_address_family). */
export function kollaAddress(vars: VarScope | undefined, network: string, hostname?: string, overrideVar?: string): string {
  let name = hostname;
  if (name === undefined) {
    const own = contextVar(vars, 'inventory_hostname');
    if (own === undefined) throw filterError("'inventory_hostname' variable is unavailable");
    name = str(own);
  }
  const host = hostOf(vars, name);
  if (overrideVar !== undefined && Object.prototype.hasOwnProperty.call(host, overrideVar)) {
    const value = str(host[overrideVar]);
    const ip = parseIpAddress(value);
    if (ip === undefined) throw filterError(`variable '${overrideVar}' for host '${name}' is set to '${value}', which is not a valid IPv4 or IPv6 address`);
    return ip.text;
  }
  const interfaceName = field(host, `${network}_interface`);
  if (interfaceName === undefined || interfaceName === null) throw filterError(`Interface name undefined for network '${network}' (set '${network}_interface')`);
  const familyValue = field(host, `${network}_address_family`);
  if (familyValue === undefined || familyValue === null) throw filterError(`Address family undefined for network '${network}' (set '${network}_address_family')`);
  const family = str(familyValue).toLowerCase();
  if (family !== 'ipv4' && family !== 'ipv6') throw filterError(`Unknown address family '${family}' for network '${network}'`);
  const iface = field(field(host, 'ansible_facts'), str(interfaceName).replaceAll('-', '_'));
  if (iface === undefined || iface === null) throw filterError(`Interface '${str(interfaceName)}' not present on host '${name}'`);
  const af = field(iface, family);
  if (af === undefined || af === null) throw filterError(`Address family '${family}' undefined on interface '${str(interfaceName)}' for host: '${name}'`);
  let address: unknown;
  if (family === 'ipv4') {
    address = field(af, 'address');
    if (typeof address === 'string' && address !== '' && isLoopbackAddress(address)) {
      const secondaries = field(iface, 'ipv4_secondaries');
      const other = (Array.isArray(secondaries) ? secondaries : []).map((s) => str(field(s, 'address'))).find((a) => !isLoopbackAddress(a));
      if (other !== undefined) address = other;
    }
  } else {
    const haproxy = field(host, 'enable_haproxy');
    if (haproxy === undefined || haproxy === null) throw filterError("'enable_haproxy' variable is unavailable");
    const vips = toBool(haproxy) === true ? [field(host, 'kolla_internal_vip_address'), field(host, 'kolla_external_vip_address')] : [];
    const global = (Array.isArray(af) ? af : []).find((x) => field(x, 'scope') === 'global' && !vips.includes(field(x, 'address')));
    address = global === undefined ? undefined : field(global, 'address');
  }
  if (address === undefined || address === null) throw filterError(`${family} address missing on interface '${str(interfaceName)}' for host '${name}'`);
  return str(address);
}

/** database_shards_info: MariaDB shards by mariadb_shard_id, with each shard's root (and backup) user. */
export function databaseShardsInfo(vars: VarScope | undefined, hostnames: unknown): Dict {
  if (hostnames instanceof Undef) hostnames.fail();
  if (contextVar(vars, 'hostvars') === undefined) throw filterError("'hostvars' variable is unavailable");
  const shards: Record<string, { hosts: string[] }> = {};
  const users: Dict[] = [];
  for (const hostnameValue of Array.isArray(hostnames) ? hostnames : [...str(hostnames)]) {
    const hostname = str(hostnameValue);
    const host = hostOf(vars, hostname);
    const idValue = field(host, 'mariadb_shard_id');
    if (idValue === undefined || idValue === null) throw filterError(`'mariadb_shard_id' is undefined for host '${hostname}'`);
    const id = str(idValue);
    const shard = shards[id];
    if (shard !== undefined) {
      shard.hosts.push(hostname);
      continue;
    }
    shards[id] = { hosts: [hostname] };
    const backup = field(host, 'enable_mariabackup');
    if (backup === undefined || backup === null) throw filterError("'enable_mariabackup' variable is unavailable");
    const password = field(host, 'database_password');
    if (password === undefined || password === null) throw filterError("'database_password' variable is unavailable");
    const rootPrefix = field(host, 'mariadb_shard_root_user_prefix');
    if (rootPrefix === undefined || rootPrefix === null) throw filterError("'mariadb_shard_root_user_prefix' variable is unavailable");
    users.push({ password, user: `${str(rootPrefix)}${id}`, shard_id: id });
    if (toBool(backup) === true) {
      const backupPrefix = field(host, 'mariadb_shard_backup_user_prefix');
      if (backupPrefix === undefined || backupPrefix === null) throw filterError("'mariadb_shard_backup_user_prefix' variable is unavailable");
      users.push({ password: field(host, 'mariadb_backup_database_password') ?? null, user: `${str(backupPrefix)}${id}`, shard_id: id });
    }
  }
  return { shards, users };
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
/** os.path.splitext(basename)[0]: a leading dot is not an extension. */
function stem(p: string): string {
  const b = basename(p);
  const dot = b.lastIndexOf('.');
  return dot > 0 && b.slice(0, dot).replace(/^\.+/, '') !== '' ? b.slice(0, dot) : b;
}

/** customise_fluentd: the default templates an operator did not override (by name, .j2 aside), plus the operator's, sorted by file name. */
export function customiseFluentd(defaults: unknown, customised: unknown): string[] {
  // Python iterates a list's items or a dict's keys.
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => str(x)) : Object.keys(needDict(v, 'customise_fluentd paths')));
  const custom = list(customised);
  const names = new Set(custom.map(basename));
  const result = new Set(list(defaults).filter((f) => !names.has(stem(f))));
  for (const f of custom) result.add(f);
  // Python's sorted() is stable and compares code points; a Set iterates in insertion order where Python's does not, so ties may differ.
  return [...result].sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
}

/** The filters, reading the variables of the template being rendered through `vars`. */
export function kollaFilters(vars: () => VarScope | undefined): Registry {
  return {
    service_enabled: (v) => serviceEnabled(needDict(v, 'a service definition')),
    service_mapped_to_host: (v) => serviceMappedToHost(vars(), needDict(v, 'a service definition')),
    service_enabled_and_mapped_to_host: (v) => enabledAndMapped(vars(), v),
    select_services_enabled_and_mapped_to_host: (v) =>
      Object.fromEntries(Object.entries(needDict(v, 'services')).filter(([, service]) => enabledAndMapped(vars(), service))),
    extract_haproxy_services: (v) => {
      const haproxy: Dict = {};
      for (const service of Object.values(needDict(v, 'services'))) {
        const s = needDict(service, 'a service definition');
        if (!serviceEnabled(s)) continue;
        const entries = field(s, 'haproxy');
        if (!isDict(entries) || Object.keys(entries).length === 0) continue;
        if (Object.keys(entries).some((k) => Object.prototype.hasOwnProperty.call(haproxy, k))) throw filterError('haproxy service names should be unique');
        Object.assign(haproxy, entries);
      }
      return haproxy;
    },
    kolla_address: (v, a, k) => {
      const hostname = arg(a, k, 0, 'hostname', null);
      const override = arg(a, k, 1, 'override_var', null);
      return kollaAddress(vars(), str(v), hostname === null ? undefined : str(hostname), override === null ? undefined : str(override));
    },
    put_address_in_context: (v, a, k) => putAddressInContext(str(v), argStr(a, k, 0, 'context')),
    kolla_url: (v, a, k) => kollaUrl(str(v), argStr(a, k, 0, 'protocol'), arg(a, k, 1, 'port'), argStr(a, k, 2, 'path', ''), argStr(a, k, 3, 'context', 'url')),
    database_shards_info: (v) => databaseShardsInfo(vars(), v),
    customise_fluentd: (v, a, k) => customiseFluentd(v, arg(a, k, 0, 'customised_paths')),
  };
}
