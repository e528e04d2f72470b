# Sourced by kolla_start (as root). No state: nothing to bootstrap.
[[ -d /var/log/kolla/cron ]] || mkdir -p /var/log/kolla/cron
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
