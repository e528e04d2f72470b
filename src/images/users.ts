/**
 * The service users of kolla-run's images, created in the base image with
 * fixed ids so that files on the hosts (volumes, /var/log/kolla) keep their
 * owners from one image to the next. The ids follow Kolla's table, so that
 * data written by Kolla's images stays readable.
 */
export interface KollaUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Group `kolla`: every service user is a member (logs, sudo for kolla_set_configs). */
export const KOLLA_GROUP_GID = 42400;

export const KOLLA_USERS: readonly KollaUser[] = [
  { name: 'ansible', uid: 42401, gid: 42401, home: '/var/lib/ansible' },
  { name: 'keystone', uid: 42425, gid: 42425, home: '/var/lib/keystone' },
  { name: 'mysql', uid: 42434, gid: 42434, home: '/var/lib/mysql' },
  { name: 'rabbitmq', uid: 42439, gid: 42439, home: '/var/lib/rabbitmq' },
  { name: 'haproxy', uid: 42454, gid: 42454, home: '/var/lib/haproxy' },
  { name: 'memcached', uid: 42457, gid: 42457, home: '/run/memcached' },
  // The log collector's user (Kolla gives this id to its collector, fluentd).
  { name: 'syslog', uid: 42474, gid: 42474, home: '/var/spool/rsyslog' },
];

export function kollaUser(name: string): KollaUser | undefined {
  return KOLLA_USERS.find((u) => u.name === name);
}
