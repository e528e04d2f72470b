# Sourced by kolla_start (as user memcached). memcached keeps no state:
# bootstrap and upgrade have nothing to do.
[[ -d /var/log/kolla/memcached ]] || mkdir -p /var/log/kolla/memcached

if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
