# Sourced by kolla_start (as root). keepalived loads the ip_vs module only
# when the host provides it; it keeps no state.
[[ -d /var/log/kolla/keepalived ]] || mkdir -p /var/log/kolla/keepalived
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi

# keepalived logs to the console (-l; a container has no /dev/log): its
# output also goes to its file in kolla_logs, where the collector and
# logrotate (copytruncate: tee appends) find it; `docker logs` keeps it too.
exec > >(tee -a /var/log/kolla/keepalived/keepalived.log) 2>&1
