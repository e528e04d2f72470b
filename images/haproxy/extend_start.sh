# Sourced by kolla_start (as user haproxy). No state: nothing to bootstrap.
[[ -d /var/log/kolla/haproxy ]] || mkdir -p /var/log/kolla/haproxy
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
