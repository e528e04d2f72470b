# Sourced by kolla_start (as user rabbitmq).
# Erlang refuses a cookie file that others can read: keep it at 0400.
[[ -d /var/log/kolla/rabbitmq ]] || mkdir -p /var/log/kolla/rabbitmq
if [[ -f /var/lib/rabbitmq/.erlang.cookie ]]; then
    chmod 0400 /var/lib/rabbitmq/.erlang.cookie
fi
# The data directory is the volume; nothing to prepare at bootstrap or upgrade
# (feature flags are enabled by the deploy tool once every node runs).
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
