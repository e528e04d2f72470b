# Sourced by kolla_start (as user rabbitmq).
# Erlang refuses a cookie file that group or others can read: take their
# access away, and only theirs. The owner's mode stays as config.json gave
# it (kolla-ansible: 0600), or `kolla_set_configs --check` would find the
# file changed and the deploy tool would restart the broker every run.
[[ -d /var/log/kolla/rabbitmq ]] || mkdir -p /var/log/kolla/rabbitmq
if [[ -f /var/lib/rabbitmq/.erlang.cookie ]]; then
    chmod go= /var/lib/rabbitmq/.erlang.cookie
fi
# The data directory is the volume; nothing to prepare at bootstrap or upgrade
# (feature flags are enabled by the deploy tool once every node runs).
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
