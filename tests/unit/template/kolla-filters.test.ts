/**
 * kolla-ansible's filters, json_query and to_uuid: each case's expected
 * value (or message) is what the Python originals gave for the same
 * expression and variables (kolla_ansible's filter functions under Jinja2,
 * community.general's json_query, ansible-core's to_uuid), except where
 * noted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templar } from './helpers.js';

interface Case {
  name: string;
  expr: string;
  vars: Record<string, unknown>;
  value?: unknown;
  error?: string;
}

// address-unknown-host: under Ansible, hostvars.get() of an unknown host gives Undefined, which kolla names.
const CASES: Case[] = [
  {"name": "url-ipv6-implied-port", "expr": "'fe80::1' | kolla_url('https', 443, '/v3')", "vars": {}, "value": "https://[fe80::1]/v3"},
  {"name": "url-port-string", "expr": "'api.example' | kolla_url('http', '5000')", "vars": {}, "value": "http://api.example:5000"},
  {"name": "url-ws-80", "expr": "'10.0.0.1' | kolla_url('ws', 80, '/x')", "vars": {}, "value": "ws://10.0.0.1/x"},
  {"name": "url-bad-context", "expr": "'10.0.0.1' | kolla_url('http', 80, '', 'memcache')", "vars": {}, "value": "http://10.0.0.1"},
  {"name": "ctx-memcache", "expr": "['10.0.0.1' | put_address_in_context('memcache'), 'fd00::2' | put_address_in_context('memcache')]", "vars": {}, "value": ["10.0.0.1", "inet6:[fd00::2]"]},
  {"name": "ctx-rabbitmq", "expr": "['10.1.2.3' | put_address_in_context('rabbitmq'), 'fd00:0:0:ab::2' | put_address_in_context('rabbitmq')]", "vars": {}, "value": ["10,1,2,3", "16#fd00,16#0,16#0,16#ab,16#0,16#0,16#0,16#2"]},
  {"name": "ctx-unknown", "expr": "'10.0.0.1' | put_address_in_context('ssh')", "vars": {}, "error": "Unknown context 'ssh'"},
  {"name": "enabled-mapped", "expr": "[svc | service_enabled_and_mapped_to_host, off | service_enabled_and_mapped_to_host, hig | service_enabled_and_mapped_to_host, allg | service_enabled_and_mapped_to_host]", "vars": {"group_names": ["control", "mariadb"], "svc": {"enabled": "yes", "group": "mariadb"}, "off": {"enabled": false, "group": "mariadb"}, "hig": {"enabled": true, "group": "compute", "host_in_groups": "True"}, "allg": {"enabled": "true", "group": "all"}}, "value": [true, false, true, true]},
  {"name": "enabled-missing", "expr": "svc | service_enabled_and_mapped_to_host", "vars": {"group_names": [], "svc": {"container_name": "keystone", "group": "x"}}, "error": "Service definition for 'keystone' does not have an 'enabled' attribute"},
  {"name": "mapped-missing", "expr": "svc | service_enabled_and_mapped_to_host", "vars": {"group_names": [], "svc": {"container_name": "keystone", "enabled": true}}, "error": "Service definition for 'keystone' does not have a 'group' or 'host_in_groups' attribute"},
  {"name": "select-services", "expr": "services | select_services_enabled_and_mapped_to_host", "vars": {"group_names": ["control"], "services": {"a": {"enabled": true, "group": "control"}, "b": {"enabled": true, "group": "compute"}, "c": {"enabled": "no", "group": "control"}}}, "value": {"a": {"enabled": true, "group": "control"}}},
  {"name": "haproxy-services", "expr": "services | extract_haproxy_services", "vars": {"services": {"a": {"enabled": true, "haproxy": {"a_api": {"port": 1}}}, "b": {"enabled": false, "haproxy": {"b_api": {}}}, "c": {"enabled": true}}}, "value": {"a_api": {"port": 1}}},
  {"name": "address-ipv4", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth-0", "api_address_family": "IPv4", "ansible_facts": {"eth_0": {"ipv4": {"address": "10.0.0.5"}}}}}}, "value": "10.0.0.5"},
  {"name": "address-loopback-secondary", "expr": "'api' | kolla_address('n2')", "vars": {"inventory_hostname": "n1", "hostvars": {"n2": {"api_interface": "lo", "api_address_family": "ipv4", "ansible_facts": {"lo": {"ipv4": {"address": "127.0.0.1"}, "ipv4_secondaries": [{"address": "127.0.0.2"}, {"address": "192.0.2.7"}]}}}}}, "value": "192.0.2.7"},
  {"name": "address-ipv6-skips-vip", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv6", "enable_haproxy": "yes", "kolla_internal_vip_address": "fd00::100", "ansible_facts": {"eth0": {"ipv6": [{"address": "fe80::1", "scope": "link"}, {"address": "fd00::100", "scope": "global"}, {"address": "fd00::5", "scope": "global"}]}}}}}, "value": "fd00::5"},
  {"name": "address-override", "expr": "['api' | kolla_address('n1', 'my_ip'), 'api' | kolla_address(override_var='other')]", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"my_ip": "fd00:0:0::0:7", "api_interface": "eth0", "api_address_family": "ipv4", "ansible_facts": {"eth0": {"ipv4": {"address": "10.0.0.5"}}}}}}, "value": ["fd00::7", "10.0.0.5"]},
  {"name": "address-override-invalid", "expr": "'api' | kolla_address('n1', 'my_ip')", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"my_ip": "10.0.0.300"}}}, "error": "variable 'my_ip' for host 'n1' is set to '10.0.0.300', which is not a valid IPv4 or IPv6 address"},
  {"name": "address-no-interface-var", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {}}}, "error": "Interface name undefined for network 'api' (set 'api_interface')"},
  {"name": "address-no-interface", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth9", "api_address_family": "ipv4", "ansible_facts": {}}}}, "error": "Interface 'eth9' not present on host 'n1'"},
  {"name": "address-bad-family", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipx", "ansible_facts": {}}}}, "error": "Unknown address family 'ipx' for network 'api'"},
  {"name": "address-unknown-host", "expr": "'api' | kolla_address('n9')", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {}}}, "error": "'n9' not in 'hostvars'"},
  {"name": "shards", "expr": "['a','b','c'] | database_shards_info", "vars": {"hostvars": {"a": {"mariadb_shard_id": 0, "enable_mariabackup": "yes", "database_password": "pw", "mariadb_backup_database_password": "bpw", "mariadb_shard_root_user_prefix": "root_shard_", "mariadb_shard_backup_user_prefix": "backup_shard_"}, "b": {"mariadb_shard_id": 1, "enable_mariabackup": false, "database_password": "pw", "mariadb_shard_root_user_prefix": "root_shard_"}, "c": {"mariadb_shard_id": "0"}}}, "value": {"shards": {"0": {"hosts": ["a", "c"]}, "1": {"hosts": ["b"]}}, "users": [{"password": "pw", "shard_id": "0", "user": "root_shard_0"}, {"password": "bpw", "shard_id": "0", "user": "backup_shard_0"}, {"password": "pw", "shard_id": "1", "user": "root_shard_1"}]}},
  {"name": "shards-no-id", "expr": "['a'] | database_shards_info", "vars": {"hostvars": {"a": {}}}, "error": "'mariadb_shard_id' is undefined for host 'a'"},
  {"name": "fluentd", "expr": "['/d/00-local.conf.j2','/d/01-syslog.conf.j2','/d/02-mariadb.conf.j2'] | customise_fluentd(['/c/01-syslog.conf','/c/99-custom.conf','/c/00-aaa.conf'])", "vars": {}, "value": ["/c/00-aaa.conf", "/d/00-local.conf.j2", "/c/01-syslog.conf", "/d/02-mariadb.conf.j2", "/c/99-custom.conf"]},
  {"name": "url-wss-443-https-80", "expr": "['h' | kolla_url('wss', 443), 'h' | kolla_url('https', 80), 'h' | kolla_url('http', 443), 'h' | kolla_url('ws', '80')]", "vars": {}, "value": ["wss://h", "https://h:80", "http://h:443", "ws://h"]},
  {"name": "url-float-port", "expr": "'h' | kolla_url('http', 8080.7)", "vars": {}, "value": "http://h:8080"},
  {"name": "url-port-not-number", "expr": "'h' | kolla_url('http', '80x')", "vars": {}, "error": "invalid literal for int() with base 10: '80x'"},
  {"name": "url-positional-context", "expr": "'fd00::1' | kolla_url('http', 8080, '/p', 'url')", "vars": {}, "value": "http://[fd00::1]:8080/p"},
  {"name": "address-hostvars-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": null}, "error": "'hostvars' variable is unavailable"},
  {"name": "address-interface-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": null}}}, "error": "Interface name undefined for network 'api' (set 'api_interface')"},
  {"name": "address-family-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": null}}}, "error": "Address family undefined for network 'api' (set 'api_address_family')"},
  {"name": "address-af-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv4", "ansible_facts": {"eth0": {"ipv4": null}}}}}, "error": "Address family 'ipv4' undefined on interface 'eth0' for host: 'n1'"},
  {"name": "address-iface-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv4", "ansible_facts": {"eth0": null}}}}, "error": "Interface 'eth0' not present on host 'n1'"},
  {"name": "address-ipv4-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv4", "ansible_facts": {"eth0": {"ipv4": {"address": null}}}}}}, "error": "ipv4 address missing on interface 'eth0' for host 'n1'"},
  {"name": "address-haproxy-none", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv6", "enable_haproxy": null, "ansible_facts": {"eth0": {"ipv6": []}}}}}, "error": "'enable_haproxy' variable is unavailable"},
  {"name": "address-ipv6-none-global", "expr": "'api' | kolla_address", "vars": {"inventory_hostname": "n1", "hostvars": {"n1": {"api_interface": "eth0", "api_address_family": "ipv6", "enable_haproxy": "no", "ansible_facts": {"eth0": {"ipv6": [{"address": "fe80::1", "scope": "link"}]}}}}}, "error": "ipv6 address missing on interface 'eth0' for host 'n1'"},
  {"name": "shards-nones", "expr": "['a'] | database_shards_info", "vars": {"hostvars": {"a": {"mariadb_shard_id": 0, "enable_mariabackup": null}}}, "error": "'enable_mariabackup' variable is unavailable"},
  {"name": "shards-password-none", "expr": "['a'] | database_shards_info", "vars": {"hostvars": {"a": {"mariadb_shard_id": 0, "enable_mariabackup": false, "database_password": null}}}, "error": "'database_password' variable is unavailable"},
  {"name": "shards-prefix-none", "expr": "['a'] | database_shards_info", "vars": {"hostvars": {"a": {"mariadb_shard_id": 0, "enable_mariabackup": false, "database_password": "pw", "mariadb_shard_root_user_prefix": null}}}, "error": "'mariadb_shard_root_user_prefix' variable is unavailable"},
  {"name": "shards-backup-prefix-none", "expr": "['a'] | database_shards_info", "vars": {"hostvars": {"a": {"mariadb_shard_id": 0, "enable_mariabackup": true, "database_password": "pw", "mariadb_shard_root_user_prefix": "r_", "mariadb_shard_backup_user_prefix": null}}}, "error": "'mariadb_shard_backup_user_prefix' variable is unavailable"},
  {"name": "fluentd-dirs-and-dots", "expr": "['/d/a.b/x.conf.j2', '/d/.hidden', '/d/y.conf.j2', '/d/zz'] | customise_fluentd(['/c/x.conf', '/c/.hidden', '/c/zz.j2', '/c/b.conf'])", "vars": {}, "value": ["/c/.hidden", "/c/b.conf", "/c/x.conf", "/d/y.conf.j2", "/d/zz", "/c/zz.j2"]},
  {"name": "url-positional-memcache", "expr": "'fd00::1' | kolla_url('http', 8080, '/p', 'memcache')", "vars": {}, "value": "http://inet6:[fd00::1]:8080/p"},
  {"name": "fluentd-stems", "expr": "['/d/a.j2', '/d/zz', '/d/.b.j2', '/d/c.conf.j2'] | customise_fluentd(['/c/a', '/c/zz', '/c/.b'])", "vars": {}, "value": ["/c/.b", "/c/a", "/d/c.conf.j2", "/c/zz"]},
  {"name": "json-query-projection", "expr": "data | json_query('members[].{key: name, value: ID}') | items2dict", "vars": {"data": {"members": [{"name": "n1", "ID": 11}, {"name": "n2", "ID": 22}]}}, "value": {"n1": 11, "n2": 22}},
  {"name": "json-query-filter", "expr": "data | json_query(q)", "vars": {"q": "results[?rc==`0`].item", "data": {"results": [{"rc": 0, "item": "a"}, {"rc": 1, "item": "b"}, {"rc": 0, "item": "c"}]}}, "value": ["a", "c"]},
  {"name": "json-query-functions", "expr": "data | json_query('[length(@), max_by(@, &n).name, sort_by(@, &n)[0].name]')", "vars": {"data": [{"name": "x", "n": 3}, {"name": "y", "n": 1}]}, "value": [2, "x", "y"]},
  {"name": "json-query-missing", "expr": "data | json_query('nope.deeper')", "vars": {"data": {"a": 1}}, "value": null},
  {"name": "to-uuid", "expr": "['node1' | to_uuid, 'node1' | to_uuid(namespace='6ba7b810-9dad-11d1-80b4-00c04fd430c8')]", "vars": {}, "value": ["b55f1bdd-ca90-5a70-b673-0be5233e0c56", "8461c769-9756-5dd2-a662-868702182d0e"]},
];

for (const c of CASES) {
  test(`${c.name}: ${c.expr}`, () => {
    // In a list, so that a None result stays None (alone it would render as '').
    const run = () => templar.render(`{{ [${c.expr}] }}`, c.vars);
    if (c.error !== undefined) assert.throws(run, (e: Error) => e.message.includes(c.error ?? ''), `expected an error containing: ${c.error}`);
    else assert.deepEqual(run(), [c.value]);
  });
}
