# Sourced by kolla_start (as root). keepalived loads the ip_vs module only
# when the host provides it; it keeps no state.
[[ -d /var/log/kolla/keepalived ]] || mkdir -p /var/log/kolla/keepalived
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
