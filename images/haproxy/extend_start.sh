# Sourced by kolla_start (as user haproxy). No state: nothing to bootstrap.
# HAProxy logs over syslog only: the collector (group kolla) writes its
# file in this folder, so the folder is group kolla's and writable by it.
if [[ ! -d /var/log/kolla/haproxy ]]; then
    mkdir -p -m 2775 /var/log/kolla/haproxy
    chgrp kolla /var/log/kolla/haproxy
fi
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
