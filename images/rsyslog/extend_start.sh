# Sourced by kolla_start (as user syslog). Nothing to bootstrap.
[[ -d /var/log/kolla/rsyslog ]] || mkdir -p /var/log/kolla/rsyslog
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
