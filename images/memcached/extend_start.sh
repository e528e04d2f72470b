# Sourced by kolla_start (as user memcached). memcached keeps no state:
# bootstrap and upgrade have nothing to do.
[[ -d /var/log/kolla/memcached ]] || mkdir -p /var/log/kolla/memcached

if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi

# memcached only writes to stderr: its output (and kolla_start's line below)
# also goes to its file in kolla_logs, where the collector and logrotate
# (copytruncate: tee appends) find it; `docker logs` keeps it too.
exec > >(tee -a /var/log/kolla/memcached/memcached.log) 2>&1
